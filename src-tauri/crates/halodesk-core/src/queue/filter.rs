//! A saved filter applied in Rust, for the SLA watch: the same test the queue's list applies
//! in the UI (`ui/src/lib/queue/filter.ts`).

use super::CachedTicket;
use crate::ipc::QueueFilter;

impl QueueFilter {
    /// Every non-empty list must hold the ticket's value, and every word of the search must
    /// appear in its ID, summary, client or agent (`#1234` finds ticket 1234).
    pub(crate) fn matches(&self, ticket: &CachedTicket) -> bool {
        let one_of = |values: &[i32], value: Option<i32>| {
            values.is_empty() || value.is_some_and(|v| values.contains(&v))
        };
        let key = format!(
            "{}\n{}\n{}\n{}",
            ticket.id, ticket.summary, ticket.client_name, ticket.agent_name
        )
        .to_lowercase();
        one_of(&self.status_ids, ticket.status_id)
            && one_of(&self.priority_ids, ticket.priority_id)
            && one_of(&self.client_ids, ticket.client_id)
            && one_of(&self.agent_ids, ticket.agent_id)
            && (self.team_names.is_empty() || self.team_names.contains(&ticket.team_name))
            && self
                .search
                .to_lowercase()
                .split_whitespace()
                .map(|term| term.trim_start_matches('#'))
                .filter(|term| !term.is_empty())
                .all(|term| key.contains(term))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket() -> CachedTicket {
        CachedTicket {
            id: 1234,
            summary: "Printer jammed".into(),
            client_name: "Acme".into(),
            agent_name: "Alex Morgan".into(),
            status_id: Some(2),
            priority_id: Some(3),
            team_name: "Service Desk".into(),
            ..CachedTicket::default()
        }
    }

    #[test]
    fn every_list_and_every_word_must_match() {
        assert!(QueueFilter::default().matches(&ticket()));
        let filter = QueueFilter {
            status_ids: vec![1, 2],
            team_names: vec!["Service Desk".into()],
            search: "#1234 printer ACME".into(),
            ..QueueFilter::default()
        };
        assert!(filter.matches(&ticket()));
        for narrower in [
            QueueFilter {
                priority_ids: vec![1],
                ..filter.clone()
            },
            QueueFilter {
                search: "scanner".into(),
                ..filter.clone()
            },
            QueueFilter {
                agent_ids: vec![5],
                ..filter.clone()
            },
        ] {
            assert!(!narrower.matches(&ticket()), "{narrower:?}");
        }
    }
}
