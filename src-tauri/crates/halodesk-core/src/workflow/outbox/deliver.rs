//! Sending one step to HaloPSA, and, when an earlier answer was lost, finding out whether that
//! send arrived before sending again.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use halopsa::{
    Action, ActionKind, ActionQuery, EmailDetails, HaloClient, NewAction, NewTicket, OutcomeChoice,
    StatusChange, Ticket, TicketDetail, TicketOrder, TicketQuery, TicketUpdate,
};

use super::intent::{ActionDraft, Step, TicketChange, TicketDraft};

/// How far the instance's clock may be behind this computer's when a lost write is looked
/// for: a lookalike note older than this, by the instance's clock, is an earlier note.
const CLOCK_TOLERANCE: TimeDelta = TimeDelta::minutes(15);
/// How many of a client's newest tickets are searched for a lost new ticket.
const RECENT_TICKETS: u32 = 50;

/// What a delivered step made in HaloPSA.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct StepDone {
    /// The ticket created or written to.
    pub ticket_id: Option<i32>,
    /// The action added, if the step added one.
    pub action_id: Option<i32>,
    /// The ticket as HaloPSA returned it, for the cache.
    pub ticket: Option<Box<Ticket>>,
    /// An action's status change is in place; a following status update can be skipped.
    pub status_applied: bool,
}

/// The Halo objects other writes already account for: a lost write is never matched to one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Claimed {
    pub tickets: HashSet<i32>,
    /// (ticket, action): action IDs count per ticket on some instances.
    pub actions: HashSet<(i32, i32)>,
}

/// Sends `step` once.
pub(super) async fn send(client: &HaloClient, step: &Step) -> Result<StepDone, halopsa::Error> {
    match step {
        Step::CreateTicket(draft) => {
            let ticket = client.create_ticket(&new_ticket(draft)).await?;
            Ok(StepDone {
                ticket_id: Some(ticket.id),
                ticket: Some(Box::new(ticket)),
                ..StepDone::default()
            })
        }
        Step::UpdateTicket(change) => {
            let ticket = client.update_ticket(&ticket_update(change)).await?;
            Ok(StepDone {
                ticket_id: Some(ticket.id),
                ticket: Some(Box::new(ticket)),
                ..StepDone::default()
            })
        }
        Step::AddAction(draft) => {
            let mut action = new_action(draft);
            if draft.email_end_user {
                action = emailed(action, &end_user_email(client, draft.ticket_id).await?);
            }
            let added = client.add_action(&action).await?;
            let status_applied = matches!(
                added.status_change,
                Some(StatusChange::WithAction | StatusChange::ByTicketUpdate)
            );
            if let Some(StatusChange::NotApplied(error)) = &added.status_change {
                tracing::warn!(%error, ticket = draft.ticket_id, "the action was saved without its status change");
            }
            Ok(StepDone {
                ticket_id: Some(draft.ticket_id),
                action_id: Some(added.action.id),
                status_applied,
                ..StepDone::default()
            })
        }
    }
}

/// Looks for the result of a send whose answer was lost. `Some` means it arrived (and what it
/// made); `None` means it did not, and sending again is safe. Updates are never looked for:
/// repeating one is harmless.
pub(super) async fn find_delivered(
    client: &HaloClient,
    step: &Step,
    sent_at: Option<DateTime<Utc>>,
    claimed: &Claimed,
) -> Result<Option<StepDone>, halopsa::Error> {
    let not_before = sent_at.map(|at| at - CLOCK_TOLERANCE);
    match step {
        Step::UpdateTicket(_) => Ok(None),
        Step::AddAction(draft) => {
            let actions = client
                .actions(draft.ticket_id, &ActionQuery::default())
                .await?;
            Ok(
                matching_action(draft, &actions, not_before, claimed).map(|action| StepDone {
                    ticket_id: Some(draft.ticket_id),
                    action_id: Some(action.id),
                    ..StepDone::default()
                }),
            )
        }
        Step::CreateTicket(draft) => {
            let query = TicketQuery::new()
                .client(draft.client_id)
                .search_summary(&draft.summary)
                .order_by_descending(TicketOrder::Id);
            let page = client.tickets_page(&query, 1, RECENT_TICKETS).await?;
            Ok(
                matching_ticket(draft, page.items, not_before, claimed).map(|ticket| StepDone {
                    ticket_id: Some(ticket.id),
                    ticket: Some(Box::new(ticket)),
                    ..StepDone::default()
                }),
            )
        }
    }
}

/// The newest unclaimed action with this draft's outcome and text, not older than the send.
fn matching_action<'a>(
    draft: &ActionDraft,
    actions: &'a [Action],
    not_before: Option<DateTime<Utc>>,
    claimed: &Claimed,
) -> Option<&'a Action> {
    let text = comparable(&draft.note);
    actions
        .iter()
        .filter(|action| !claimed.actions.contains(&(draft.ticket_id, action.id)))
        .filter(|action| {
            action
                .outcome
                .trim()
                .eq_ignore_ascii_case(draft.outcome.trim())
        })
        .filter(|action| is_recent(action.at, not_before))
        .filter(|action| {
            comparable(&action.note) == text
                || action
                    .note_html
                    .as_deref()
                    .is_some_and(|html| comparable(html) == text)
        })
        .max_by_key(|action| action.id)
}

fn matching_ticket(
    draft: &TicketDraft,
    tickets: Vec<Ticket>,
    not_before: Option<DateTime<Utc>>,
    claimed: &Claimed,
) -> Option<Ticket> {
    let summary = comparable(&draft.summary);
    tickets
        .into_iter()
        .filter(|ticket| !claimed.tickets.contains(&ticket.id))
        .filter(|ticket| ticket.client_id == Some(draft.client_id))
        .filter(|ticket| is_recent(ticket.created_at, not_before))
        .filter(|ticket| comparable(&ticket.summary) == summary)
        .max_by_key(|ticket| ticket.id)
}

/// A missing time on either side does not rule a candidate out: the claimed set and the exact
/// text still have to match.
fn is_recent(at: Option<DateTime<Utc>>, not_before: Option<DateTime<Utc>>) -> bool {
    match (at, not_before) {
        (Some(at), Some(not_before)) => at >= not_before,
        _ => true,
    }
}

/// Text as HaloPSA may hand it back: tags dropped, entities decoded and whitespace removed
/// (a line break sent as text can come back as `<br>`, which leaves no space behind).
fn comparable(text: &str) -> String {
    let plain = ammonia::Builder::empty().clean(text).to_string();
    plain
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The ticket's end user's address, read when the note goes out: it may have been set since.
async fn end_user_email(client: &HaloClient, ticket_id: i32) -> Result<String, halopsa::Error> {
    let ticket = client.ticket(ticket_id, TicketDetail::default()).await?;
    Some(ticket.user_email)
        .filter(|email| email.contains('@'))
        .ok_or_else(|| halopsa::Error::Invalid {
            message: format!(
                "Ticket {ticket_id}'s end user has no email address in HaloPSA: add it in Halo and retry, or discard this and send the note without email."
            ),
        })
}

fn emailed(action: NewAction, to: &str) -> NewAction {
    NewAction {
        kind: ActionKind::Email,
        email: Some(EmailDetails {
            to: to.to_owned(),
            cc: None,
            subject: None,
        }),
        ..action
    }
}

fn new_ticket(draft: &TicketDraft) -> NewTicket {
    NewTicket {
        summary: draft.summary.clone(),
        details: Some(draft.details.clone()).filter(|d| !d.trim().is_empty()),
        client_id: draft.client_id,
        site_id: draft.site_id,
        user_id: draft.user_id,
        ticket_type_id: draft.ticket_type_id,
        priority_id: draft.priority_id,
        status_id: draft.status_id,
        agent_id: draft.agent_id,
        team_name: draft.team_name.clone(),
        categories: draft.categories.clone(),
        reported_by: None,
    }
}

fn ticket_update(change: &TicketChange) -> TicketUpdate {
    TicketUpdate {
        id: change.ticket_id,
        status_id: change.status_id,
        priority_id: change.priority_id,
        agent_id: change.agent_id,
        team_name: change.team_name.clone(),
        ..TicketUpdate::default()
    }
}

fn new_action(draft: &ActionDraft) -> NewAction {
    let email = draft.email_to.as_ref().map(|to| EmailDetails {
        to: to.clone(),
        cc: None,
        subject: draft.email_subject.clone(),
    });
    let kind = if email.is_some() {
        ActionKind::Email
    } else {
        ActionKind::Note
    };
    let time = (draft.minutes > 0).then(|| Duration::from_secs(u64::from(draft.minutes) * 60));
    NewAction {
        outcome: Some(OutcomeChoice::Name(draft.outcome.clone())),
        hidden_from_user: draft.hidden_from_user,
        time_taken: time,
        billable: time.map(|_| draft.billable),
        new_status_id: draft.new_status_id,
        email,
        ..NewAction::new(draft.ticket_id, kind, draft.note.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(id: i32, outcome: &str, note: &str, at: &str) -> Action {
        Action {
            id,
            ticket_id: 7,
            outcome: outcome.into(),
            note: note.into(),
            at: Some(at.parse().unwrap()),
            ..Action::default()
        }
    }

    fn draft(note: &str) -> ActionDraft {
        ActionDraft {
            ticket_id: 7,
            outcome: "Private Note".into(),
            note: note.into(),
            ..ActionDraft::default()
        }
    }

    #[test]
    fn a_lost_note_is_found_by_outcome_and_text_even_when_it_comes_back_as_html() {
        let actions = [
            action(
                1,
                "Private Note",
                "Rebooted the router",
                "2026-03-02T08:00:00Z",
            ),
            action(
                2,
                "Phone Call",
                "Rebooted the router",
                "2026-03-02T09:00:00Z",
            ),
            action(
                3,
                "private note",
                "<p>Rebooted<br>the&nbsp;router</p>",
                "2026-03-02T09:00:01Z",
            ),
        ];
        let sent = Some("2026-03-02T09:00:00Z".parse().unwrap());
        let found = matching_action(
            &draft("Rebooted\nthe router"),
            &actions,
            sent,
            &Claimed::default(),
        );
        assert_eq!(found.map(|a| a.id), Some(3));
    }

    #[test]
    fn a_note_another_write_accounts_for_or_from_before_the_send_is_not_a_match() {
        let actions = [
            action(
                1,
                "Private Note",
                "Called, no answer",
                "2026-03-01T09:00:00Z",
            ),
            action(
                2,
                "Private Note",
                "Called, no answer",
                "2026-03-02T09:00:01Z",
            ),
        ];
        let sent = Some("2026-03-02T09:00:00Z".parse().unwrap());
        let claimed = Claimed {
            actions: [(7, 2)].into(),
            ..Claimed::default()
        };
        assert!(matching_action(&draft("Called, no answer"), &actions, sent, &claimed).is_none());
        let found = matching_action(
            &draft("Called, no answer"),
            &actions,
            sent,
            &Claimed::default(),
        );
        assert_eq!(found.map(|a| a.id), Some(2));
    }

    #[test]
    fn time_becomes_a_billable_time_entry_and_an_email_address_an_email() {
        let sent = new_action(&ActionDraft {
            minutes: 15,
            billable: true,
            email_to: Some("jo@client.example".into()),
            ..draft("Fixed")
        });
        assert_eq!(sent.time_taken, Some(Duration::from_secs(900)));
        assert_eq!(sent.billable, Some(true));
        assert_eq!(sent.kind, ActionKind::Email);
        assert_eq!(sent.email.unwrap().to, "jo@client.example");
        let plain = new_action(&draft("Fixed"));
        assert_eq!((plain.time_taken, plain.billable), (None, None));
    }
}
