//! What a write means to do, stored before anything is sent so that a crash, a dropped
//! connection or a day offline loses nothing. An intent is a short list of steps, each one
//! request's worth of work, done in order; the outbox records how many are done.

use serde::{Deserialize, Serialize};

/// One write as the technician asked for it.
///
/// Stored as JSON until HaloPSA has it, possibly across an update of Halodesk: every struct
/// here defaults each field, so a write queued before a field was added is still sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Intent {
    /// What the outbox panel calls it: "Internal note", "New ticket", ...
    pub label: String,
    pub steps: Vec<Step>,
}

/// One request's worth of work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub(crate) enum Step {
    /// Not safe to repeat: a lost answer is checked against the client's tickets first.
    CreateTicket(TicketDraft),
    /// Safe to repeat: it sets fields to values, so sending it twice changes nothing more.
    UpdateTicket(TicketChange),
    /// Not safe to repeat: a lost answer is checked against the ticket's actions first.
    AddAction(ActionDraft),
}

impl Step {
    /// Whether sending this step twice would do the work twice.
    pub(crate) fn creates(&self) -> bool {
        !matches!(self, Self::UpdateTicket(_))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct TicketDraft {
    pub client_id: i32,
    pub site_id: Option<i32>,
    pub user_id: Option<i32>,
    pub ticket_type_id: Option<i32>,
    pub priority_id: Option<i32>,
    pub status_id: Option<i32>,
    pub agent_id: Option<i32>,
    pub team_name: Option<String>,
    /// Halo's category fields in order; the first holds the whole path, `Hardware>Printer`.
    pub categories: Vec<String>,
    pub summary: String,
    pub details: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct TicketChange {
    pub ticket_id: i32,
    pub status_id: Option<i32>,
    pub priority_id: Option<i32>,
    /// `Some(0)` unassigns.
    pub agent_id: Option<i32>,
    pub team_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct ActionDraft {
    pub ticket_id: i32,
    /// The instance's outcome, by name: IDs differ between instances, and a name chosen while
    /// offline is resolved when the action is sent.
    pub outcome: String,
    pub note: String,
    pub hidden_from_user: bool,
    /// Emailed to this address with the action.
    pub email_to: Option<String>,
    /// Emailed to the ticket's end user, whose address is read when the action is sent.
    pub email_end_user: bool,
    pub email_subject: Option<String>,
    pub minutes: u32,
    pub billable: bool,
    /// Moves the ticket to this status with the action.
    pub new_status_id: Option<i32>,
}

/// How much of a long text the outbox panel shows.
const EXCERPT_CHARS: usize = 80;

impl Intent {
    /// The ticket it writes to; `None` for a new ticket until it is created.
    pub(crate) fn ticket_id(&self) -> Option<i32> {
        self.steps.iter().find_map(|step| match step {
            Step::CreateTicket(_) => None,
            Step::UpdateTicket(change) => Some(change.ticket_id),
            Step::AddAction(action) => Some(action.ticket_id),
        })
    }

    /// The start of what the technician typed: a note, a reason or a summary.
    pub(crate) fn excerpt(&self) -> String {
        let text = self
            .steps
            .iter()
            .find_map(|step| match step {
                Step::CreateTicket(ticket) => Some(ticket.summary.as_str()),
                Step::AddAction(action) => Some(action.note.as_str()),
                Step::UpdateTicket(_) => None,
            })
            .unwrap_or_default();
        let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match line.char_indices().nth(EXCERPT_CHARS) {
            Some((cut, _)) => format!("{}…", &line[..cut]),
            None => line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_queued_before_a_field_was_added_is_still_sent() {
        // A note queued by an older Halodesk: no end-user email, subject, time or status yet.
        let old = r#"{"label":"Internal note","steps":[{"kind":"addAction","ticketId":7,
            "outcome":"Private Note","note":"Rebooted the router","hiddenFromUser":true}]}"#;
        let intent: Intent = serde_json::from_str(old).unwrap();
        let Step::AddAction(action) = &intent.steps[0] else {
            panic!("{intent:?}");
        };
        assert_eq!(action.note, "Rebooted the router");
        assert_eq!((action.minutes, action.email_end_user), (0, false));
        assert_eq!(action.new_status_id, None);
    }

    fn note(text: &str) -> Intent {
        Intent {
            label: "Internal note".into(),
            steps: vec![Step::AddAction(ActionDraft {
                ticket_id: 42,
                outcome: "Private Note".into(),
                note: text.into(),
                hidden_from_user: true,
                ..ActionDraft::default()
            })],
        }
    }

    #[test]
    fn an_intent_survives_its_json() {
        let intent = Intent {
            label: "Escalation".into(),
            steps: vec![
                Step::UpdateTicket(TicketChange {
                    ticket_id: 42,
                    agent_id: Some(10),
                    priority_id: Some(1),
                    ..TicketChange::default()
                }),
                Step::AddAction(ActionDraft {
                    ticket_id: 42,
                    outcome: "Escalation".into(),
                    note: "Customer's payroll is down".into(),
                    email_to: Some("manager@msp.example".into()),
                    ..ActionDraft::default()
                }),
            ],
        };
        let json = serde_json::to_string(&intent).unwrap();
        assert_eq!(serde_json::from_str::<Intent>(&json).unwrap(), intent);
        assert_eq!(intent.ticket_id(), Some(42));
    }

    #[test]
    fn the_excerpt_is_one_line_and_cut_on_a_character() {
        assert_eq!(
            note("Rebooted\n\n the   router").excerpt(),
            "Rebooted the router"
        );
        let long = "é".repeat(200);
        let excerpt = note(&long).excerpt();
        assert_eq!(excerpt.chars().count(), EXCERPT_CHARS + 1);
        assert!(excerpt.ends_with('…'));
    }

    #[test]
    fn only_updates_are_safe_to_repeat() {
        assert!(note("x").steps[0].creates());
        assert!(!Step::UpdateTicket(TicketChange::default()).creates());
        assert!(Step::CreateTicket(TicketDraft::default()).creates());
    }
}
