//! What an instance's statuses mean, and the checks a status change goes through.
//!
//! Status IDs differ between instances (8 is Resolved on some, Cancelled on others), so the
//! rules work on a status's meaning, read from its type and SLA behaviour.

use halopsa::Status;

use crate::ipc::{StatusMeaning, StatusOption};

/// Gives each status its meaning, in the instance's order (`sequence`, then ID):
/// the closed type is [`Closed`](StatusMeaning::Closed), an open status that holds the SLA
/// clock is [`Waiting`](StatusMeaning::Waiting), the first other open status is where new
/// tickets start ([`New`](StatusMeaning::New)) and the rest are
/// [`InProgress`](StatusMeaning::InProgress).
pub(super) fn status_meanings(statuses: &[Status]) -> Vec<StatusOption> {
    let mut ordered: Vec<&Status> = statuses.iter().collect();
    ordered.sort_by_key(|s| (s.sequence, s.id));
    let mut new_seen = false;
    ordered
        .into_iter()
        .map(|status| {
            let meaning = if status.is_closed() {
                StatusMeaning::Closed
            } else if status.pauses_sla {
                StatusMeaning::Waiting
            } else if !new_seen {
                new_seen = true;
                StatusMeaning::New
            } else {
                StatusMeaning::InProgress
            };
            StatusOption {
                id: status.id,
                name: status.name.clone(),
                colour: status.colour.clone(),
                meaning,
            }
        })
        .collect()
}

/// What the transition rules need to know about the ticket besides its statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TransitionFacts<'a> {
    /// Whether an agent is assigned after the change.
    pub has_agent: bool,
    /// The resolution the technician typed for this change, if any.
    pub resolution: &'a str,
}

/// Errors block the change; warnings are shown for the technician to confirm.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct TransitionCheck {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

impl TransitionCheck {
    /// Whether the change may go ahead (after any warnings are confirmed).
    pub(super) fn allowed(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Checks a move from `from` (`None` when the current status is unknown) to `to`.
///
/// A move within one meaning (On Hold to Waiting on Client, Resolved to Closed) checks
/// nothing: whatever that meaning requires was asked for on the way in.
pub(super) fn check_transition(
    from: Option<StatusMeaning>,
    to: StatusMeaning,
    facts: &TransitionFacts<'_>,
) -> TransitionCheck {
    let mut check = TransitionCheck::default();
    if from == Some(to) {
        return check;
    }
    match to {
        StatusMeaning::Closed => {
            if facts.resolution.trim().is_empty() {
                check.errors.push(
                    "A resolution is required to resolve or close a ticket: say what fixed it."
                        .to_owned(),
                );
            }
            if from == Some(StatusMeaning::New) {
                check.warnings.push(
                    "This ticket was never in progress: it is being closed straight from New."
                        .to_owned(),
                );
            }
        }
        StatusMeaning::InProgress if !facts.has_agent => {
            check.warnings.push(
                "No agent is assigned: assign one so the ticket has an owner while it is in \
                 progress."
                    .to_owned(),
            );
        }
        StatusMeaning::New | StatusMeaning::InProgress | StatusMeaning::Waiting => {}
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use StatusMeaning::{Closed, InProgress, New, Waiting};

    const NEEDS_RESOLUTION: &str =
        "A resolution is required to resolve or close a ticket: say what fixed it.";
    const SKIPPED_PROGRESS: &str =
        "This ticket was never in progress: it is being closed straight from New.";
    const NO_AGENT: &str =
        "No agent is assigned: assign one so the ticket has an owner while it is in progress.";

    fn status(id: i32, name: &str, kind: i32, sequence: i32, pauses_sla: bool) -> Status {
        Status {
            id,
            name: name.to_owned(),
            short_name: String::new(),
            kind,
            sequence,
            colour: format!("#00000{id}"),
            pauses_sla,
        }
    }

    #[test]
    fn meanings_come_from_type_sla_and_order_not_ids() {
        // Shuffled, with a Resolved that is 8 here and a first open status that is not ID 1.
        let statuses = [
            status(9, "Closed", 1, 90, false),
            status(5, "Waiting on Client", 0, 50, true),
            status(2, "In Progress", 0, 20, false),
            status(8, "Resolved", 1, 80, false),
            status(21, "Triage", 0, 10, false),
            status(1, "New", 0, 10, false),
            status(4, "On Hold", 0, 40, true),
        ];
        let options = status_meanings(&statuses);
        let got: Vec<(i32, StatusMeaning)> = options.iter().map(|o| (o.id, o.meaning)).collect();
        assert_eq!(
            got,
            [
                (1, New),
                (21, InProgress),
                (2, InProgress),
                (4, Waiting),
                (5, Waiting),
                (8, Closed),
                (9, Closed),
            ]
        );
        assert_eq!(options[0].name, "New");
        assert_eq!(options[0].colour, "#000001");
    }

    #[test]
    fn a_status_that_holds_the_sla_is_never_new() {
        let statuses = [
            status(3, "Pending", 0, 1, true),
            status(7, "Open", 0, 2, false),
        ];
        let meanings: Vec<_> = status_meanings(&statuses)
            .into_iter()
            .map(|o| o.meaning)
            .collect();
        assert_eq!(meanings, [Waiting, New]);
    }

    #[test]
    fn transition_rules() {
        let resolved = TransitionFacts {
            has_agent: true,
            resolution: "Replaced the toner",
        };
        let bare = TransitionFacts {
            has_agent: false,
            resolution: " \n\t",
        };
        let expect = |from, to, facts: TransitionFacts<'_>, errors: &[&str], warnings: &[&str]| {
            let check = check_transition(from, to, &facts);
            assert_eq!(check.errors, errors, "{from:?} -> {to:?}, {facts:?}");
            assert_eq!(check.warnings, warnings, "{from:?} -> {to:?}, {facts:?}");
            assert_eq!(check.allowed(), errors.is_empty());
        };
        expect(Some(InProgress), Closed, resolved, &[], &[]);
        expect(Some(InProgress), Closed, bare, &[NEEDS_RESOLUTION], &[]);
        expect(Some(Waiting), Closed, bare, &[NEEDS_RESOLUTION], &[]);
        expect(Some(New), Closed, resolved, &[], &[SKIPPED_PROGRESS]);
        expect(
            Some(New),
            Closed,
            bare,
            &[NEEDS_RESOLUTION],
            &[SKIPPED_PROGRESS],
        );
        expect(None, Closed, bare, &[NEEDS_RESOLUTION], &[]);
        expect(Some(New), InProgress, bare, &[], &[NO_AGENT]);
        expect(None, InProgress, bare, &[], &[NO_AGENT]);
        expect(Some(New), InProgress, resolved, &[], &[]);
        expect(Some(InProgress), Waiting, bare, &[], &[]);
        expect(Some(Closed), New, bare, &[], &[]);
    }

    #[test]
    fn moves_within_a_meaning_check_nothing() {
        let bare = TransitionFacts {
            has_agent: false,
            resolution: "",
        };
        for meaning in [New, InProgress, Waiting, Closed] {
            let check = check_transition(Some(meaning), meaning, &bare);
            assert_eq!(check, TransitionCheck::default(), "{meaning:?}");
            assert!(check.allowed());
        }
    }
}
