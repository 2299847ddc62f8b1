//! A file name as the technician sees it, wherever it is shown: in the attachment list, on an
//! upload's row, in a message. A sender chooses the name, and invisible characters can make
//! it lie: a right-to-left override shows `invoice\u{202E}fdp.exe` as "invoiceexe.pdf", a
//! zero-width space hides inside a word, and a run of spaces pushes the real extension out of
//! sight. What is shown has them all removed, so its extension is the file's real one.

/// `name` without bidirectional controls, zero-width and other invisible characters or
/// control characters; runs of spaces shown as one, and the trailing dots and spaces that
/// Windows drops removed, so the last extension shown is the one that counts.
pub(crate) fn shown_file_name(name: &str) -> String {
    let mut shown = String::with_capacity(name.len());
    for c in name.chars() {
        if is_invisible(c) || c.is_control() {
            continue;
        }
        if c.is_whitespace() {
            if !shown.ends_with(' ') {
                shown.push(' ');
            }
        } else {
            shown.push(c);
        }
    }
    let shown = shown.trim_start().trim_end_matches(['.', ' ']);
    if shown.is_empty() {
        "(no name)".to_owned()
    } else {
        shown.to_owned()
    }
}

/// Characters that take no space and show nothing, yet change how the text around them reads:
/// the bidirectional controls, and Unicode's default-ignorable code points (zero-width
/// spaces and joiners, the soft hyphen, variation selectors, tags, fillers).
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                      // soft hyphen
        | '\u{034F}'                    // combining grapheme joiner
        | '\u{061C}'                    // Arabic letter mark
        | '\u{115F}' | '\u{1160}'       // Hangul fillers
        | '\u{17B4}' | '\u{17B5}'       // Khmer inherent vowels
        | '\u{180B}'..='\u{180F}'       // Mongolian variation selectors, vowel separator
        | '\u{200B}'..='\u{200F}'       // zero-width space, joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}'       // bidi embeddings and overrides
        | '\u{2060}'..='\u{206F}'       // word joiner, invisible operators, bidi isolates
        | '\u{3164}'                    // Hangul filler
        | '\u{FE00}'..='\u{FE0F}'       // variation selectors
        | '\u{FEFF}'                    // zero-width no-break space
        | '\u{FFA0}'                    // halfwidth Hangul filler
        | '\u{FFF0}'..='\u{FFF8}'       // unassigned specials
        | '\u{1BCA0}'..='\u{1BCA3}'     // shorthand format controls
        | '\u{1D173}'..='\u{1D17A}'     // musical formatting
        | '\u{E0000}'..='\u{E0FFF}'     // tags and variation selectors supplement
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_cannot_disguise_the_extension() {
        for (sent, shown) in [
            ("invoice\u{202E}fdp.exe", "invoicefdp.exe"),
            ("invoice\u{2067}fdp.exe\u{2069}", "invoicefdp.exe"),
            ("\u{200F}report\u{200B}.pdf\u{200D}.exe", "report.pdf.exe"),
            ("pay\u{00AD}slip\u{FEFF}.docm", "payslip.docm"),
            ("tag\u{E0041}\u{E0042}.js", "tag.js"),
            (
                "photo.jpg                                        .exe",
                "photo.jpg .exe",
            ),
            ("line\nbreak\t.txt", "linebreak.txt"),
            ("setup.exe. . ", "setup.exe"),
            ("  plain name.pdf", "plain name.pdf"),
            ("résumé 2024 – final.pdf", "résumé 2024 – final.pdf"),
            ("日本語のファイル.xlsx", "日本語のファイル.xlsx"),
            ("\u{202E}\u{200B}", "(no name)"),
        ] {
            assert_eq!(shown_file_name(sent), shown, "{sent:?}");
        }
    }
}
