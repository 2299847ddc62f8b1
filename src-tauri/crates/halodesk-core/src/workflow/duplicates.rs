//! Open tickets that read like a new one, so a technician can add to an existing ticket
//! instead of opening a second one for the same problem.

use std::collections::BTreeSet;

/// From half of the meaningful words in common: "Printer offline in accounts" matches
/// "Accounts printer offline", while "Outlook crashes" and "Outlook slow" (one word of three)
/// do not. Lower, every ticket about the same application would be offered.
const DUPLICATE_THRESHOLD: f64 = 0.5;

/// More candidates than this are not read; the best few are what the form shows.
const MAX_CANDIDATES: usize = 5;

/// Words that appear in summaries of any problem, so sharing them says nothing.
const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "has", "have", "in", "is",
    "it", "its", "my", "no", "not", "of", "on", "or", "our", "the", "to", "was", "we", "with",
];

/// The summary's meaningful words: lowercase runs of letters and digits, without stop words
/// and single characters.
fn words(summary: &str) -> BTreeSet<String> {
    summary
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    let either = a.len() + b.len() - shared;
    if either == 0 {
        return 0.0;
    }
    // Word counts of summaries are far below 2^52, so the division is exact enough.
    shared as f64 / either as f64
}

/// The open tickets (ID, summary) whose summary reads like `summary`, with their similarity:
/// best first, ties newest (highest ID) first, at most five.
pub(super) fn likely_duplicates<'a>(
    summary: &str,
    open: impl IntoIterator<Item = (i32, &'a str)>,
) -> Vec<(i32, f64)> {
    let wanted = words(summary);
    let mut found: Vec<(i32, f64)> = open
        .into_iter()
        .map(|(id, other)| (id, jaccard(&wanted, &words(other))))
        .filter(|(_, similarity)| *similarity >= DUPLICATE_THRESHOLD)
        .collect();
    found.sort_by(|(a_id, a), (b_id, b)| b.total_cmp(a).then(b_id.cmp(a_id)));
    found.truncate(MAX_CANDIDATES);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// How alike two summaries read, from 0 to 1: the share of their meaningful words they
    /// have in common. Two summaries without a meaningful word are not alike (0).
    fn summary_similarity(a: &str, b: &str) -> f64 {
        jaccard(&words(a), &words(b))
    }

    #[test]
    fn similarity_counts_meaningful_words() {
        let cases = [
            (
                "Printer offline in accounts",
                "Accounts printer offline",
                1.0,
            ),
            ("Printer offline", "printer OFFLINE!", 1.0),
            ("Outlook crashes on start", "Outlook slow", 1.0 / 4.0),
            ("VPN drops at 5pm", "vpn drops every day", 2.0 / 5.0),
            ("The printer is not working", "the printer", 1.0 / 2.0),
            ("Can't log in", "cannot log on", 1.0 / 2.0),
            ("Écran noir", "écran NOIR", 1.0),
            ("", "", 0.0),
            ("a b c", "a b c", 0.0),
            ("it is not the", "it is not the", 0.0),
            ("Printer", "", 0.0),
        ];
        for (a, b, expected) in cases {
            let got = summary_similarity(a, b);
            assert!((got - expected).abs() < 1e-9, "{a:?} vs {b:?}: {got}");
        }
    }

    #[test]
    fn duplicates_are_the_best_few_over_the_threshold() {
        let open = [
            (1, "Printer offline"),
            (2, "Outlook slow"),
            (3, "Printer offline in accounts"),
            (4, "Accounts printer jammed"),
            (5, "Accounts: printer offline again"),
            (6, "Nothing alike at all"),
        ];
        assert_eq!(
            likely_duplicates("Printer offline in accounts", open),
            // Exactly at the threshold (4: two words of four) still counts.
            [(3, 1.0), (5, 3.0 / 4.0), (1, 2.0 / 3.0), (4, 0.5)]
        );
    }

    #[test]
    fn at_most_five_newest_first_among_equals() {
        let open: Vec<(i32, &str)> = (1..=8).map(|id| (id, "Printer offline")).collect();
        let ids: Vec<i32> = likely_duplicates("printer offline", open)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, [8, 7, 6, 5, 4]);
        assert_eq!(likely_duplicates("", [(1, "")]), []);
    }

    /// Arbitrary text, or summaries from a few words (stop words and a single letter among
    /// them) so that pairs often share some.
    fn summary() -> impl Strategy<Value = String> {
        const WORDS: &[&str] = &[
            "the", "Printer", "printer,", "offline", "VPN", "x", "is", "écran",
        ];
        prop_oneof![
            "\\PC{0,40}",
            prop::collection::vec(prop::sample::select(WORDS), 0..8).prop_map(|w| w.join(" ")),
        ]
    }

    proptest! {
        #[test]
        fn similarity_is_symmetric_and_between_0_and_1(a in summary(), b in summary()) {
            let ab = summary_similarity(&a, &b);
            prop_assert_eq!(ab, summary_similarity(&b, &a));
            prop_assert!((0.0..=1.0).contains(&ab), "{}", ab);
        }

        // The digit keeps the first word clear of the stop words, so it always counts.
        #[test]
        fn an_identical_summary_is_fully_similar(
            s in "[a-zA-Z]{1,6}[0-9]( [a-zA-Z0-9 ,.!-]{0,12}){0,4}",
        ) {
            prop_assert_eq!(summary_similarity(&s, &s), 1.0);
        }
    }
}
