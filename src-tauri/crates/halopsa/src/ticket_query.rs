//! A typed builder for `GET /api/Tickets`: every filter API.md lists, spelt as Halo spells
//! them, so no caller writes a query string by hand.

use chrono::{DateTime, Utc};

use crate::wire::format_time;

/// Which ticket date a date range applies to (`datesearch`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    /// When the issue occurred: spelt `dateoccured` (one r) in `datesearch`.
    Opened,
    Created,
    RespondBy,
    FixBy,
    Closed,
    LastAction,
}

impl DateField {
    fn wire(self) -> &'static str {
        match self {
            Self::Opened => "dateoccured",
            Self::Created => "datecreated",
            Self::RespondBy => "respondbydate",
            Self::FixBy => "fixbydate",
            Self::Closed => "dateclosed",
            Self::LastAction => "lastactiondate",
        }
    }
}

/// Halo's four levels of ticket category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryLevel {
    First,
    Second,
    Third,
    Fourth,
}

/// Sort keys the list accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketOrder {
    Id,
    Opened,
    Created,
    LastAction,
    LastUpdate,
    FixBy,
    RespondBy,
    Priority,
    Status,
    Agent,
    Summary,
    ClientName,
}

impl TicketOrder {
    fn wire(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Opened => "dateoccurred",
            Self::Created => "datecreated",
            Self::LastAction => "lastactiondate",
            Self::LastUpdate => "last_update",
            Self::FixBy => "fixbydate",
            Self::RespondBy => "respondbydate",
            Self::Priority => "priority_id",
            Self::Status => "status_id",
            Self::Agent => "agent_id",
            Self::Summary => "summary",
            Self::ClientName => "client_name",
        }
    }
}

/// Filters for a ticket list. Methods chain: `TicketQuery::new().open_only().agents([4, 7])`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketQuery {
    params: Vec<(&'static str, String)>,
}

impl TicketQuery {
    pub fn new() -> Self {
        Self::default()
    }

    fn set(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.retain(|(n, _)| *n != name);
        self.params.push((name, value.to_string()));
        self
    }

    fn ids(self, name: &'static str, ids: impl IntoIterator<Item = i32>) -> Self {
        let joined = ids
            .into_iter()
            .map(|id| id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        self.set(name, joined)
    }

    pub fn client(self, id: i32) -> Self {
        self.set("client_id", id)
    }
    pub fn site(self, id: i32) -> Self {
        self.set("site_id", id)
    }
    pub fn user(self, id: i32) -> Self {
        self.set("user_id", id)
    }
    pub fn agent(self, id: i32) -> Self {
        self.set("agent_id", id)
    }
    pub fn status(self, id: i32) -> Self {
        self.set("status_id", id)
    }
    pub fn agents(self, ids: impl IntoIterator<Item = i32>) -> Self {
        self.ids("agent", ids)
    }
    pub fn teams(self, ids: impl IntoIterator<Item = i32>) -> Self {
        self.ids("team", ids)
    }
    pub fn statuses(self, ids: impl IntoIterator<Item = i32>) -> Self {
        self.ids("status", ids)
    }
    pub fn priorities(self, ids: impl IntoIterator<Item = i32>) -> Self {
        self.ids("priority", ids)
    }
    pub fn slas(self, ids: impl IntoIterator<Item = i32>) -> Self {
        self.ids("sla", ids)
    }
    /// Ticket types: Halo's filter is `requesttype`.
    pub fn ticket_types(self, ids: impl IntoIterator<Item = i32>) -> Self {
        self.ids("requesttype", ids)
    }
    /// Tickets whose category at `level` is one of `values`, such as `Hardware>Printer`.
    pub fn category(self, level: CategoryLevel, values: &[&str]) -> Self {
        let name = match level {
            CategoryLevel::First => "category_1",
            CategoryLevel::Second => "category_2",
            CategoryLevel::Third => "category_3",
            CategoryLevel::Fourth => "category_4",
        };
        self.set(name, values.join(","))
    }
    pub fn open_only(self) -> Self {
        self.set("open_only", true)
    }
    pub fn closed_only(self) -> Self {
        self.set("closed_only", true)
    }
    /// Tickets of the signed-in agent.
    pub fn mine(self) -> Self {
        self.set("mine", true)
    }
    pub fn search(self, text: &str) -> Self {
        self.set("search", text)
    }
    pub fn search_summary(self, text: &str) -> Self {
        self.set("search_summary", text)
    }
    /// Let `search` look in the actions' notes too.
    pub fn search_actions(self) -> Self {
        self.set("searchactions", true)
    }
    pub fn updated_since(self, at: DateTime<Utc>) -> Self {
        self.set("lastupdatefromdate", format_time(at))
    }
    pub fn updated_until(self, at: DateTime<Utc>) -> Self {
        self.set("lastupdatetodate", format_time(at))
    }
    pub fn date_range(self, field: DateField, from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        self.set("datesearch", field.wire())
            .set("startdate", format_time(from))
            .set("enddate", format_time(to))
    }
    pub fn order_by(self, order: TicketOrder) -> Self {
        self.set("order", order.wire())
    }
    pub fn order_by_descending(self, order: TicketOrder) -> Self {
        self.set("order", order.wire()).set("orderdesc", true)
    }
    /// Include `slatimeleft` and `slapercused`.
    pub fn with_sla_timer(self) -> Self {
        self.set("includeslatimer", true)
    }
    pub fn with_sla_action_date(self) -> Self {
        self.set("includeslaactiondate", true)
    }
    pub fn with_last_action(self) -> Self {
        self.set("includelastaction", true)
    }

    /// This query, sorted by ID unless it names an order.
    pub(crate) fn ordered_by_default(self) -> Self {
        if self.params.iter().any(|(name, _)| *name == "order") {
            self
        } else {
            self.order_by(TicketOrder::Id)
        }
    }

    pub(crate) fn params(&self) -> &[(&'static str, String)] {
        &self.params
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_use_halos_names_and_comma_lists() {
        let at: DateTime<Utc> = "2026-03-01T00:00:00Z".parse().unwrap();
        let query = TicketQuery::new()
            .open_only()
            .agents([4, 7])
            .ticket_types([2])
            .date_range(DateField::Opened, at, at)
            .order_by_descending(TicketOrder::LastUpdate)
            .agents([5]);
        let params = query.params();
        assert!(params.contains(&("open_only", "true".into())));
        assert!(
            params.contains(&("agent", "5".into())),
            "a repeated filter replaces"
        );
        assert!(!params.contains(&("agent", "4,7".into())));
        assert!(params.contains(&("requesttype", "2".into())));
        assert!(params.contains(&("datesearch", "dateoccured".into())));
        assert!(params.contains(&("startdate", "2026-03-01T00:00:00".into())));
        assert!(params.contains(&("orderdesc", "true".into())));
    }
}
