//! Counting from the simulator's own records, over its HTTP API: every marker in the actions'
//! notes, the tickets' summaries and the attachments' names, and the status of each ticket put
//! on hold.

use std::collections::{BTreeSet, HashMap};

use halopsa::{ActionQuery, HaloClient, TicketDetail, TicketQuery};

use crate::plan::{Instance, Item, Work};

/// How many copies of each marker the instance holds.
pub(crate) type Landed = HashMap<String, usize>;

const PREFIX: &str = "soak-";
const DIGITS: usize = 5;

pub(crate) async fn count(halo: &HaloClient, items: &[Item], instance: &Instance) -> Landed {
    let mut landed = Landed::new();
    let mut found = |text: &str| {
        for marker in markers(text) {
            *landed.entry(marker).or_default() += 1;
        }
    };
    let mut acted_on = BTreeSet::new();
    let mut attached_to = BTreeSet::new();
    let mut held = Vec::new();
    for item in items {
        match &item.work {
            Work::Note { ticket_id }
            | Work::TimeEntry { ticket_id, .. }
            | Work::Resolve { ticket_id, .. } => {
                acted_on.insert(*ticket_id);
            }
            Work::Upload { ticket_id, .. } => {
                attached_to.insert(*ticket_id);
            }
            Work::Hold { ticket_id, .. } => held.push((item.marker.clone(), *ticket_id)),
            Work::NewTicket { .. } => {}
        }
    }
    for &ticket_id in &acted_on {
        let actions = halo
            .actions(ticket_id, &ActionQuery::default())
            .await
            .expect("a ticket's actions");
        for action in actions {
            found(&action.note);
        }
    }
    for &ticket_id in &attached_to {
        let attachments = halo
            .attachments(ticket_id, None)
            .await
            .expect("a ticket's attachments");
        for attachment in attachments {
            found(&attachment.filename);
        }
    }
    let tickets = halo
        .all_tickets(&TicketQuery::new(), 4)
        .await
        .expect("the tickets");
    for ticket in &tickets {
        found(&ticket.summary);
    }
    for (marker, ticket_id) in held {
        let ticket = halo
            .ticket(ticket_id, TicketDetail::default())
            .await
            .expect("a ticket put on hold");
        if ticket.status_id == Some(instance.hold_status) {
            *landed.entry(marker).or_default() += 1;
        }
    }
    landed
}

/// Every `soak-00000` in `text`.
fn markers(text: &str) -> Vec<String> {
    text.match_indices(PREFIX)
        .filter_map(|(at, _)| {
            let digits = text.get(at + PREFIX.len()..at + PREFIX.len() + DIGITS)?;
            digits
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| format!("{PREFIX}{digits}"))
        })
        .collect()
}
