//! The instance's configuration: statuses, priorities and SLAs, ticket types, agents, teams,
//! clients, sites, users and outcomes. Some answer a bare array, some an envelope; both read.

use reqwest::Method;
use serde::de::DeserializeOwned;

use crate::client::HaloClient;
use crate::error::Result;
use crate::models::{
    Agent, Client, Outcome, Policy, Site, Sla, Status, Team, TicketType, User, WireAgent,
    WireClient, WireOutcome, WirePolicy, WireSite, WireSla, WireStatus, WireTeam, WireTicketType,
    WireUser,
};
use crate::transport::Payload;
use crate::wire;

impl HaloClient {
    /// `key` names the rows in an envelope; `noun` names them in an error message.
    async fn lookup<W, T>(
        &self,
        path: &str,
        query: &[(&str, String)],
        key: &str,
        noun: &str,
    ) -> Result<Vec<T>>
    where
        W: DeserializeOwned,
        T: From<W>,
    {
        let context = format!("the list of {noun}");
        let body = self
            .fetch(
                Method::GET,
                self.url(path, query),
                &Payload::Empty,
                &context,
            )
            .await?;
        let listing: wire::Listing<W> = wire::listing(&body, key, &context)?;
        Ok(listing.items.into_iter().map(T::from).collect())
    }

    /// Ticket statuses. IDs are per instance: only New = 1 and Closed = 9 are common.
    pub async fn statuses(&self) -> Result<Vec<Status>> {
        self.lookup::<WireStatus, _>(
            "Status",
            &[("type", "ticket".to_owned())],
            "statuses",
            "statuses",
        )
        .await
    }

    /// The priorities of one SLA, with their targets.
    pub async fn priorities(&self, sla_id: i32) -> Result<Vec<Policy>> {
        self.lookup::<WirePolicy, _>(
            "Priority",
            &[("slaid", sla_id.to_string())],
            "priorities",
            "priorities",
        )
        .await
    }

    /// Every SLA with its priorities' targets.
    pub async fn slas(&self) -> Result<Vec<Sla>> {
        self.lookup::<WireSla, _>(
            "SLA",
            &[("showpriorities", "true".to_owned())],
            "slas",
            "SLAs",
        )
        .await
    }

    pub async fn ticket_types(&self) -> Result<Vec<TicketType>> {
        self.lookup::<WireTicketType, _>("TicketType", &[], "tickettypes", "ticket types")
            .await
    }

    pub async fn agents(&self) -> Result<Vec<Agent>> {
        self.lookup::<WireAgent, _>("Agent", &[], "agents", "agents")
            .await
    }

    /// The agent the token acts as.
    pub async fn me(&self) -> Result<Agent> {
        let body = self
            .fetch(
                Method::GET,
                self.url("Agent/me", &[]),
                &Payload::Empty,
                "Your agent record",
            )
            .await?;
        wire::single::<WireAgent>(&body, "your agent record").map(Agent::from)
    }

    pub async fn teams(&self) -> Result<Vec<Team>> {
        self.lookup::<WireTeam, _>("Team", &[], "teams", "teams")
            .await
    }

    /// Clients, optionally only those whose name contains `search`.
    pub async fn clients(&self, search: Option<&str>) -> Result<Vec<Client>> {
        let query: Vec<_> = search
            .map(|s| ("search", s.to_owned()))
            .into_iter()
            .collect();
        self.lookup::<WireClient, _>("Client", &query, "clients", "clients")
            .await
    }

    pub async fn sites(&self, client_id: Option<i32>) -> Result<Vec<Site>> {
        let query: Vec<_> = client_id
            .map(|id| ("client_id", id.to_string()))
            .into_iter()
            .collect();
        self.lookup::<WireSite, _>("Site", &query, "sites", "sites")
            .await
    }

    pub async fn users(&self, client_id: Option<i32>, search: Option<&str>) -> Result<Vec<User>> {
        let mut query = Vec::new();
        if let Some(id) = client_id {
            query.push(("client_id", id.to_string()));
        }
        if let Some(search) = search {
            query.push(("search", search.to_owned()));
        }
        self.lookup::<WireUser, _>("Users", &query, "users", "users")
            .await
    }

    /// Read through [`outcomes`](Self::outcomes), which keeps them for the client's life.
    pub(crate) async fn lookup_outcomes(&self) -> Result<Vec<Outcome>> {
        self.lookup::<WireOutcome, _>("Outcome", &[], "outcomes", "outcomes")
            .await
    }
}
