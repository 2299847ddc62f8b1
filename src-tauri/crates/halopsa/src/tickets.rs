//! `/api/Tickets`: pages, a stream of every page, one ticket, and writes.

use futures_util::stream::{self, BoxStream, StreamExt};
use reqwest::Method;
use serde::Serialize;

use crate::client::HaloClient;
use crate::error::Result;
use crate::models::{Ticket, WireTicket};
use crate::ticket_query::TicketQuery;
use crate::transport::Payload;
use crate::wire::{self, json_array};

/// Halo serves at most this many rows a page, whatever `page_size` asks.
pub const MAX_PAGE_SIZE: u32 = 100;

/// One page of a list, with the total the instance reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// 1-based.
    pub page_no: u32,
    pub page_size: u32,
    pub record_count: u32,
}

impl<T> Page<T> {
    /// How many pages the whole list takes.
    pub fn page_count(&self) -> u32 {
        self.record_count.div_ceil(self.page_size.max(1))
    }
}

/// What a single-ticket read includes beyond the list columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TicketDetail {
    pub details: bool,
    pub last_action: bool,
}

/// A new ticket. Only the summary and client are required by Halo; the rest take the
/// instance's defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewTicket {
    pub summary: String,
    pub details: Option<String>,
    pub client_id: i32,
    pub site_id: Option<i32>,
    pub user_id: Option<i32>,
    pub ticket_type_id: Option<i32>,
    pub priority_id: Option<i32>,
    pub status_id: Option<i32>,
    pub agent_id: Option<i32>,
    /// Halo assigns a team by its name.
    pub team_name: Option<String>,
    pub categories: Vec<String>,
    pub reported_by: Option<String>,
}

/// A change to a ticket: only the fields that are `Some` are sent, and only they change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketUpdate {
    pub id: i32,
    pub summary: Option<String>,
    pub details: Option<String>,
    pub status_id: Option<i32>,
    pub priority_id: Option<i32>,
    pub ticket_type_id: Option<i32>,
    /// `Some(0)` unassigns.
    pub agent_id: Option<i32>,
    pub team_name: Option<String>,
    pub site_id: Option<i32>,
    pub user_id: Option<i32>,
}

/// One element of a `POST /api/Tickets` body, in Halo's field names.
#[derive(Debug, Default, Serialize)]
struct TicketWrite<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tickettype_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agent_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category_1: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category_2: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category_3: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category_4: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reportedby: Option<&'a str>,
}

impl<'a> From<&'a NewTicket> for TicketWrite<'a> {
    fn from(t: &'a NewTicket) -> Self {
        let category = |i: usize| t.categories.get(i).map(String::as_str);
        Self {
            summary: Some(&t.summary),
            details: t.details.as_deref(),
            client_id: Some(t.client_id),
            site_id: t.site_id,
            user_id: t.user_id,
            tickettype_id: t.ticket_type_id,
            priority_id: t.priority_id,
            status_id: t.status_id,
            agent_id: t.agent_id,
            team: t.team_name.as_deref(),
            category_1: category(0),
            category_2: category(1),
            category_3: category(2),
            category_4: category(3),
            reportedby: t.reported_by.as_deref(),
            ..Self::default()
        }
    }
}

impl<'a> From<&'a TicketUpdate> for TicketWrite<'a> {
    fn from(u: &'a TicketUpdate) -> Self {
        Self {
            id: Some(u.id),
            summary: u.summary.as_deref(),
            details: u.details.as_deref(),
            site_id: u.site_id,
            user_id: u.user_id,
            tickettype_id: u.ticket_type_id,
            priority_id: u.priority_id,
            status_id: u.status_id,
            agent_id: u.agent_id,
            team: u.team_name.as_deref(),
            ..Self::default()
        }
    }
}

impl HaloClient {
    /// One page of tickets (`page_no` from 1; `page_size` up to 100).
    pub async fn tickets_page(
        &self,
        query: &TicketQuery,
        page_no: u32,
        page_size: u32,
    ) -> Result<Page<Ticket>> {
        let page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        let mut params = vec![
            ("pageinate", "true".to_owned()),
            ("page_size", page_size.to_string()),
            ("page_no", page_no.max(1).to_string()),
        ];
        params.extend(query.params().iter().cloned());
        let body = self
            .fetch(
                Method::GET,
                self.url("Tickets", &params),
                &Payload::Empty,
                "The ticket list",
            )
            .await?;
        let listing: wire::Listing<WireTicket> =
            wire::listing(&body, "tickets", "the ticket list")?;
        Ok(Page {
            record_count: listing.record_count.unwrap_or(listing.items.len() as u32),
            items: listing.items.into_iter().map(Ticket::from).collect(),
            page_no: page_no.max(1),
            page_size,
        })
    }

    /// Every page of the list, in order, with at most `concurrency` requests in flight. The
    /// first page says how many follow. Without an order of its own the list is read by ID, so
    /// a ticket logged meanwhile lands on the last page instead of shifting the others.
    pub fn ticket_pages(
        &self,
        query: &TicketQuery,
        concurrency: usize,
    ) -> BoxStream<'static, Result<Page<Ticket>>> {
        let (client, query) = (self.clone(), query.clone().ordered_by_default());
        stream::once(async move {
            let first = client.tickets_page(&query, 1, MAX_PAGE_SIZE).await;
            (client, query, first)
        })
        .flat_map(move |(client, query, first)| match first {
            Err(error) => stream::iter([Err(error)]).boxed(),
            Ok(first) => {
                let rest = (2..=first.page_count()).map(move |page_no| {
                    let (client, query) = (client.clone(), query.clone());
                    async move { client.tickets_page(&query, page_no, MAX_PAGE_SIZE).await }
                });
                stream::iter([Ok(first)])
                    .chain(stream::iter(rest).buffered(concurrency.max(1)))
                    .boxed()
            }
        })
        .boxed()
    }

    /// The whole list, each ticket once. A ticket whose sort key changes while the list is read
    /// can move to a page already read or not yet read: read again to be sure of it.
    pub async fn all_tickets(
        &self,
        query: &TicketQuery,
        concurrency: usize,
    ) -> Result<Vec<Ticket>> {
        let mut pages = self.ticket_pages(query, concurrency);
        let mut tickets = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while let Some(page) = pages.next().await {
            tickets.extend(page?.items.into_iter().filter(|t| seen.insert(t.id)));
        }
        Ok(tickets)
    }

    /// One ticket, with its SLA policy embedded.
    pub async fn ticket(&self, id: i32, detail: TicketDetail) -> Result<Ticket> {
        let mut params = Vec::new();
        if detail.details {
            params.push(("includedetails", "true".to_owned()));
        }
        if detail.last_action {
            params.push(("includelastaction", "true".to_owned()));
        }
        let url = self.url(&format!("Tickets/{id}"), &params);
        let body = self
            .fetch(Method::GET, url, &Payload::Empty, &format!("Ticket {id}"))
            .await?;
        wire::single::<WireTicket>(&body, &format!("ticket {id}")).map(Ticket::from)
    }

    pub async fn create_ticket(&self, new: &NewTicket) -> Result<Ticket> {
        self.write_ticket(&TicketWrite::from(new), "the new ticket")
            .await
    }

    pub async fn update_ticket(&self, update: &TicketUpdate) -> Result<Ticket> {
        let what = format!("Ticket {}", update.id);
        self.write_ticket(&TicketWrite::from(update), &what).await
    }

    async fn write_ticket(&self, write: &TicketWrite<'_>, what: &str) -> Result<Ticket> {
        let body = self
            .fetch(
                Method::POST,
                self.url("Tickets", &[]),
                &json_array(write),
                what,
            )
            .await?;
        wire::single::<WireTicket>(&body, what).map(Ticket::from)
    }

    /// Deletes a ticket; Halo records `reason` in its audit.
    pub async fn delete_ticket(&self, id: i32, reason: &str) -> Result<()> {
        let url = self.url(&format!("Tickets/{id}"), &[("reason", reason.to_owned())]);
        self.fetch(
            Method::DELETE,
            url,
            &Payload::Empty,
            &format!("Ticket {id}"),
        )
        .await
        .map(drop)
    }
}
