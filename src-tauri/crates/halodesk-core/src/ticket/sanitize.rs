//! Ticket HTML comes from anyone who can email the service desk, so it is untrusted: it is
//! cut down to a strict allowlist here, in Rust, before the UI ever sees it.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

/// Elements kept (without their attributes, except those in [`ATTRIBUTES`]). Anything else is
/// removed and its text kept, except [`DROPPED_WITH_CONTENT`].
///
/// `<img>` is deliberately absent: a remote image is fetched when the ticket is shown, which
/// tells the sender the technician's IP address and that (and when) the ticket was read.
const TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "div",
    "span",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
];

/// The only attributes kept. No `style`, `class`, `id` or `on*` anywhere.
const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan"]),
];

/// Elements removed together with everything inside them, rather than left as text: scripts
/// and styles, embedded documents and foreign content, and fallbacks meant for no one.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "title", "svg", "math", "iframe", "frame", "frameset", "object", "embed",
    "applet", "noscript", "noembed", "noframes", "template",
];

/// Link schemes a technician can be sent to. Relative links are dropped: they would resolve
/// inside the app.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto"];

static TICKET_HTML: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .tag_attributes(
            ATTRIBUTES
                .iter()
                .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
                .collect::<HashMap<_, HashSet<_>>>(),
        )
        .generic_attributes(HashSet::new())
        .allowed_classes(HashMap::new())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true);
    builder
});

/// Untrusted ticket HTML (details, notes, emails) as HTML safe to put in the page: only the
/// allowlisted elements, no scripts, styles, images, forms or event handlers, and links only
/// to http, https or mailto.
pub(super) fn ticket_html(untrusted: &str) -> String {
    TICKET_HTML.clean(untrusted).to_string()
}

/// A plain-text note as HTML: escaped, with its line breaks kept. URLs stay text.
pub(super) fn plain_text_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            '\r' => {
                chars.next_if_eq(&'\n');
                html.push_str("<br>");
            }
            '\n' => html.push_str("<br>"),
            c => html.push(c),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn scripts_go_with_their_content() {
        let out = ticket_html("<p>Hello</p><script>alert('pwned')</script><p>there</p>");
        assert_eq!(out, "<p>Hello</p><p>there</p>");
    }

    #[test]
    fn event_handlers_go() {
        let out = ticket_html(r#"<p onclick="steal()">Hi <b onmouseover="x()">you</b></p>"#);
        assert_eq!(out, "<p>Hi <b>you</b></p>");
    }

    #[test]
    fn dangerous_hrefs_go_and_the_text_stays() {
        for href in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java&#115;cript:alert(1)",
            "java&#x09;script:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "/relative/path",
            "file:///etc/passwd",
        ] {
            let out = ticket_html(&format!(r#"<a href="{href}">click</a>"#));
            assert_eq!(
                out, r#"<a rel="noopener noreferrer nofollow">click</a>"#,
                "{href}"
            );
        }
    }

    #[test]
    fn web_and_mail_links_stay_with_rel() {
        let out =
            ticket_html(r#"<a href="https://x" target="_blank" title="t" style="color:red">x</a>"#);
        assert_eq!(
            out,
            r#"<a href="https://x" rel="noopener noreferrer nofollow">x</a>"#
        );
        let out = ticket_html(r#"<a href="mailto:sam@example.com">Sam</a>"#);
        assert!(out.contains(r#"href="mailto:sam@example.com""#), "{out}");
        let out = ticket_html(r#"<a href="http://example.com/a?b=1&amp;c=2">x</a>"#);
        assert!(
            out.contains(r#"href="http://example.com/a?b=1&amp;c=2""#),
            "{out}"
        );
    }

    #[test]
    fn nested_tables_stay() {
        let input = concat!(
            r#"<table class="outer" style="width:100%"><tbody><tr><td colspan="2">"#,
            "<table><thead><tr><th>Item</th></tr></thead><tbody><tr><td>Cable</td></tr></tbody></table>",
            "</td></tr></tbody></table>",
        );
        let expected = concat!(
            r#"<table><tbody><tr><td colspan="2">"#,
            "<table><thead><tr><th>Item</th></tr></thead><tbody><tr><td>Cable</td></tr></tbody></table>",
            "</td></tr></tbody></table>",
        );
        assert_eq!(ticket_html(input), expected);
    }

    #[test]
    fn svg_and_math_go_with_their_content() {
        assert_eq!(ticket_html("a<svg><script>alert(1)</script></svg>b"), "ab");
        assert_eq!(
            ticket_html("a<svg><foreignObject><p>x</p></foreignObject></svg>b"),
            "ab"
        );
        assert_eq!(
            ticket_html("a<math><mtext><script>alert(1)</script></mtext></math>b"),
            "ab"
        );
    }

    #[test]
    fn images_go_entirely() {
        assert_eq!(
            ticket_html(r#"<p>Logo: <img src=x onerror="alert(1)" alt="ACME"></p>"#),
            "<p>Logo: </p>"
        );
        assert_eq!(
            ticket_html(r#"<img src="https://tracker.example/pixel.gif">"#),
            ""
        );
    }

    #[test]
    fn styles_go_with_their_content() {
        let out = ticket_html("<style>body { display: none }</style><p style=\"color:red\">Hi</p>");
        assert_eq!(out, "<p>Hi</p>");
    }

    #[test]
    fn a_whole_email_document_comes_down_to_its_body() {
        let email = concat!(
            "<!DOCTYPE html><html><head><title>Re: printer</title><meta charset=utf-8>",
            "<style>p { color: red }</style><link rel=stylesheet href=https://evil/x.css></head>",
            r#"<body bgcolor="white"><div class="WordSection1"><p>Thanks!</p></div></body></html>"#,
        );
        assert_eq!(ticket_html(email), "<div><p>Thanks!</p></div>");
    }

    #[test]
    fn forms_frames_and_ids_go() {
        let out = ticket_html(concat!(
            r#"<form action="https://evil"><input name="pw"><button>Send</button></form>"#,
            r#"<iframe src="https://evil">fallback</iframe><div id="x" class="y">kept</div>"#,
        ));
        assert_eq!(out, "Send<div>kept</div>");
    }

    #[test]
    fn text_and_allowed_structure_are_preserved() {
        let input = "<h2>Printer</h2><p>It <em>still</em> prints <code>PC LOAD LETTER</code> &amp; beeps.</p><ul><li>one</li><li>two</li></ul><hr><blockquote><pre>log\n line</pre></blockquote>";
        assert_eq!(ticket_html(input), input);
        assert_eq!(ticket_html("Just text, 3 < 4"), "Just text, 3 &lt; 4");
        assert_eq!(ticket_html("<!-- hidden -->shown"), "shown");
    }

    #[test]
    fn a_plain_text_note_is_escaped_with_its_line_breaks() {
        assert_eq!(
            plain_text_html("<script>alert(\"hi\")</script>\r\nTom & Jerry's\nhttps://example.com"),
            "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;<br>Tom &amp; Jerry&#39;s<br>https://example.com"
        );
        assert_eq!(plain_text_html("a\r\rb"), "a<br><br>b");
    }

    /// The tags of some HTML output; in ammonia's output every `<` starts a tag (text has
    /// `&lt;`), and attribute values are double-quoted with `"` escaped.
    fn tags(html: &str) -> Vec<String> {
        html.split('<')
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap_or(rest).to_lowercase())
            .collect()
    }

    /// A tag's attributes as (name, value) pairs; the serializer writes `name="value"` with
    /// any `"` inside the value escaped, so splitting on `"` alternates names and values.
    fn attributes(tag: &str) -> Vec<(String, String)> {
        let parts: Vec<&str> = tag.split('"').collect();
        parts
            .chunks(2)
            .filter(|pair| pair.len() == 2)
            .map(|pair| {
                let name = pair[0].trim_end_matches('=');
                let name = name.rsplit(char::is_whitespace).next().unwrap_or(name);
                (name.to_owned(), pair[1].to_owned())
            })
            .collect()
    }

    const FRAGMENTS: &[&str] = &[
        "<script>",
        "</script>",
        "<scr",
        "ipt>",
        "<SCRIPT ",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">",
        "<a href='",
        "<a href=",
        "</a>",
        "java",
        "script:",
        "&#115;",
        "&#x73;",
        "&colon;",
        "&#58;",
        "<svg>",
        "<math>",
        "<style>",
        "</style>",
        " onclick=",
        " on",
        "load=",
        "onerror",
        "<",
        ">",
        "\"",
        "'",
        "=",
        "/",
        " ",
        "\n",
        "\t",
        "x",
        "<p",
        "<div ",
        "<b>",
        "</",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<iframe>",
        "<table><tr><td>",
        "<noscript>",
        "<template>",
        "<textarea>",
        "<title>",
        "data:",
        "https://x",
        "mailto:",
        "&",
        ";",
        "<br/>",
    ];

    proptest! {
        #[test]
        fn output_never_carries_script(parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40)) {
            let input = parts.concat();
            let out = ticket_html(&input);
            prop_assert!(!out.to_lowercase().contains("<script"), "{input:?} -> {out:?}");
            for tag in tags(&out) {
                let name = tag.split_whitespace().next().unwrap_or_default();
                prop_assert!(!name.contains("script"), "{input:?} -> {out:?}");
                for (attribute, value) in attributes(&tag) {
                    // Only these survive, so no `on*`, `style`, `src`, `class` or `id`.
                    prop_assert!(
                        ["href", "rel", "colspan", "rowspan"].contains(&attribute.as_str()),
                        "{attribute} in {input:?} -> {out:?}"
                    );
                    // A link goes only where a technician may be sent; a `javascript:` inside
                    // a mailto address is text of that address, not a script. Browsers strip
                    // leading spaces from a URL, as ammonia's check does.
                    if attribute == "href" {
                        let value = value.trim_start();
                        prop_assert!(
                            ["http:", "https:", "mailto:"].iter().any(|s| value.starts_with(s)),
                            "{value} in {input:?} -> {out:?}"
                        );
                    }
                }
            }
        }

        #[test]
        fn plain_text_only_makes_line_breaks(text in ".*") {
            let out = plain_text_html(&text);
            prop_assert!(tags(&out).iter().all(|tag| tag == "br"), "{text:?} -> {out:?}");
        }
    }
}
