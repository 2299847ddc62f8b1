//! Tickets in ID order in one vector: a page of an unfiltered list is a slice, and a filter
//! scans contiguous memory. IDs only grow, so new tickets are appended and lookups bisect.

use crate::model::Ticket;

#[derive(Debug, Default)]
pub(crate) struct TicketTable {
    rows: Vec<Ticket>,
}

impl TicketTable {
    /// Takes tickets in any order.
    pub(crate) fn new(mut rows: Vec<Ticket>) -> Self {
        rows.sort_by_key(|t| t.id);
        Self { rows }
    }

    pub(crate) fn rows(&self) -> &[Ticket] {
        &self.rows
    }

    pub(crate) fn last_id(&self) -> i32 {
        self.rows.last().map_or(0, |t| t.id)
    }

    /// Where the ticket sits in `rows()`.
    pub(crate) fn index_of(&self, id: i32) -> Option<usize> {
        self.position(id)
    }

    pub(crate) fn get(&self, id: i32) -> Option<&Ticket> {
        self.position(id).map(|at| &self.rows[at])
    }

    pub(crate) fn get_mut(&mut self, id: i32) -> Option<&mut Ticket> {
        self.position(id).map(|at| &mut self.rows[at])
    }

    pub(crate) fn contains(&self, id: i32) -> bool {
        self.position(id).is_some()
    }

    /// Adds a ticket whose ID is above every other (the store hands out IDs in order).
    pub(crate) fn push(&mut self, ticket: Ticket) {
        debug_assert!(ticket.id > self.last_id(), "ticket IDs only grow");
        self.rows.push(ticket);
    }

    pub(crate) fn remove(&mut self, id: i32) -> Option<Ticket> {
        self.position(id).map(|at| self.rows.remove(at))
    }

    fn position(&self, id: i32) -> Option<usize> {
        self.rows.binary_search_by_key(&id, |t| t.id).ok()
    }
}
