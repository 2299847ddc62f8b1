//! `/api/Actions`: what was done on a ticket, and adding to it. The kind of action is an
//! outcome chosen from the instance's own list; time is sent in decimal hours; a status change
//! that the instance ignored is completed with a ticket update.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde::Serialize;

use crate::client::HaloClient;
use crate::error::{Error, Result};
use crate::models::{Action, Outcome, WireAction};
use crate::tickets::{TicketDetail, TicketUpdate};
use crate::transport::Payload;
use crate::wire::{self, json_array};

/// What the technician is recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Note,
    Email,
    PhoneCall,
    SiteVisit,
    TimeEntry,
}

impl ActionKind {
    /// The outcome most instances name for this kind, used when the caller names none.
    pub fn default_outcome(self) -> &'static str {
        match self {
            Self::Note => "Private Note",
            Self::Email => "Email User",
            Self::PhoneCall => "Phone Call",
            Self::SiteVisit => "Site Visit",
            Self::TimeEntry => "Time Entry",
        }
    }
}

/// An outcome by its ID, or by its name (or button name) on this instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeChoice {
    Id(i32),
    Name(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailDetails {
    pub to: String,
    pub cc: Option<String>,
    pub subject: Option<String>,
}

/// A new action on a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAction {
    pub ticket_id: i32,
    pub kind: ActionKind,
    /// `None` picks the kind's usual outcome by name.
    pub outcome: Option<OutcomeChoice>,
    pub note: String,
    pub note_html: Option<String>,
    pub hidden_from_user: bool,
    pub important: bool,
    pub time_taken: Option<Duration>,
    pub non_billable_time: Option<Duration>,
    pub travel_time: Option<Duration>,
    pub billable: Option<bool>,
    /// Change the ticket's status with the action.
    pub new_status_id: Option<i32>,
    /// Required for [`ActionKind::Email`].
    pub email: Option<EmailDetails>,
}

impl NewAction {
    pub fn new(ticket_id: i32, kind: ActionKind, note: impl Into<String>) -> Self {
        Self {
            ticket_id,
            kind,
            outcome: None,
            note: note.into(),
            note_html: None,
            hidden_from_user: kind == ActionKind::Note,
            important: false,
            time_taken: None,
            non_billable_time: None,
            travel_time: None,
            billable: None,
            new_status_id: None,
            email: None,
        }
    }
}

/// How a requested status change came about.
#[derive(Debug)]
pub enum StatusChange {
    /// Halo applied `new_status` with the action.
    WithAction,
    /// Halo ignored it for this outcome; a ticket update made the change.
    ByTicketUpdate,
    /// The action was saved, but the status could not be checked or changed. The action must
    /// not be sent again; the status change may be.
    NotApplied(Error),
}

#[derive(Debug)]
pub struct AddedAction {
    pub action: Action,
    pub status_change: Option<StatusChange>,
}

/// What a list of actions includes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionQuery {
    pub count: Option<u32>,
    pub exclude_system: bool,
    pub exclude_private: bool,
    pub agent_only: bool,
    pub conversation_only: bool,
    pub time_entries_only: bool,
    pub html_notes: bool,
    pub attachments: bool,
}

impl ActionQuery {
    fn params(&self, ticket_id: i32) -> Vec<(&'static str, String)> {
        let mut params = vec![("ticket_id", ticket_id.to_string())];
        if let Some(count) = self.count {
            params.push(("count", count.to_string()));
        }
        let flags = [
            ("excludesys", self.exclude_system),
            ("excludeprivate", self.exclude_private),
            ("agentonly", self.agent_only),
            ("conversationonly", self.conversation_only),
            ("timeentriesonly", self.time_entries_only),
            ("includehtmlnote", self.html_notes),
            ("includeattachments", self.attachments),
        ];
        params.extend(
            flags
                .into_iter()
                .filter(|(_, on)| *on)
                .map(|(name, _)| (name, "true".to_owned())),
        );
        params
    }
}

/// One element of a `POST /api/Actions` body.
#[derive(Debug, Serialize)]
struct ActionWrite<'a> {
    ticket_id: i32,
    outcome_id: i32,
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note_html: Option<&'a str>,
    hiddenfromuser: bool,
    important: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    timetaken: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonbilltime: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    traveltime: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actisbillable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_status: Option<i32>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    sendemail: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    emailto: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    emailcc: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    emailsubject: Option<&'a str>,
}

/// Halo keeps time in decimal hours: 15 minutes is 0.25. Four places keep a minute exact
/// enough (1/60 h = 0.0167).
pub fn hours(duration: Duration) -> f64 {
    (duration.as_secs_f64() / 3_600.0 * 10_000.0).round() / 10_000.0
}

fn invalid(message: &str) -> Error {
    Error::Invalid {
        message: message.to_owned(),
    }
}

impl HaloClient {
    /// The actions on a ticket, oldest first as Halo lists them.
    pub async fn actions(&self, ticket_id: i32, query: &ActionQuery) -> Result<Vec<Action>> {
        let url = self.url("Actions", &query.params(ticket_id));
        let what = format!("Ticket {ticket_id}");
        let body = self.fetch(Method::GET, url, &Payload::Empty, &what).await?;
        let listing: wire::Listing<WireAction> = wire::listing(
            &body,
            "actions",
            &format!("the actions of ticket {ticket_id}"),
        )?;
        Ok(listing.items.into_iter().map(Action::from).collect())
    }

    pub async fn action(&self, ticket_id: i32, id: i32) -> Result<Action> {
        let url = self.url(
            &format!("Actions/{id}"),
            &[("ticket_id", ticket_id.to_string())],
        );
        let what = format!("Action {id} of ticket {ticket_id}");
        let body = self.fetch(Method::GET, url, &Payload::Empty, &what).await?;
        wire::single::<WireAction>(&body, &what).map(Action::from)
    }

    /// The instance's outcomes, read once per client and again when a name is not found.
    pub async fn outcomes(&self) -> Result<Arc<Vec<Outcome>>> {
        self.outcomes_cached(false).await
    }

    async fn outcomes_cached(&self, reload: bool) -> Result<Arc<Vec<Outcome>>> {
        let mut cache = self.outcome_cache().lock().await;
        if let Some(outcomes) = cache.as_ref().filter(|_| !reload) {
            return Ok(outcomes.clone());
        }
        let outcomes = Arc::new(self.lookup_outcomes().await?);
        *cache = Some(outcomes.clone());
        Ok(outcomes)
    }

    async fn resolve_outcome(&self, action: &NewAction) -> Result<i32> {
        let name = match &action.outcome {
            Some(OutcomeChoice::Id(id)) => return Ok(*id),
            Some(OutcomeChoice::Name(name)) => name.as_str(),
            None => action.kind.default_outcome(),
        };
        let find = |outcomes: &[Outcome]| {
            outcomes
                .iter()
                .find(|o| {
                    o.name.trim().eq_ignore_ascii_case(name.trim())
                        || o.button_name.trim().eq_ignore_ascii_case(name.trim())
                })
                .map(|o| o.id)
        };
        if let Some(id) = find(&self.outcomes_cached(false).await?) {
            return Ok(id);
        }
        find(&self.outcomes_cached(true).await?).ok_or_else(|| {
            invalid(&format!(
                "This HaloPSA instance has no outcome called \"{name}\". Pick one of its outcomes."
            ))
        })
    }

    /// Adds an action. A requested status change is checked on the ticket afterwards and
    /// completed with a ticket update where the instance did not apply it.
    pub async fn add_action(&self, new: &NewAction) -> Result<AddedAction> {
        if new.kind == ActionKind::TimeEntry && new.time_taken.is_none_or(|t| t.is_zero()) {
            return Err(invalid("A time entry needs the time spent."));
        }
        let email = match (new.kind, &new.email) {
            (ActionKind::Email, Some(email)) if !email.to.trim().is_empty() => Some(email),
            (ActionKind::Email, _) => {
                return Err(invalid("An email needs a recipient."));
            }
            _ => None,
        };
        let write = ActionWrite {
            ticket_id: new.ticket_id,
            outcome_id: self.resolve_outcome(new).await?,
            note: &new.note,
            note_html: new.note_html.as_deref(),
            hiddenfromuser: new.hidden_from_user,
            important: new.important,
            timetaken: new.time_taken.map(hours),
            nonbilltime: new.non_billable_time.map(hours),
            traveltime: new.travel_time.map(hours),
            actisbillable: new.billable,
            new_status: new.new_status_id,
            sendemail: email.is_some(),
            emailto: email.map(|e| e.to.as_str()),
            emailcc: email.and_then(|e| e.cc.as_deref()),
            emailsubject: email.and_then(|e| e.subject.as_deref()),
        };
        let what = format!("Ticket {}", new.ticket_id);
        let body = self
            .fetch(
                Method::POST,
                self.url("Actions", &[]),
                &json_array(&write),
                &what,
            )
            .await?;
        let action = wire::single::<WireAction>(&body, "the new action").map(Action::from)?;
        // The action is saved from here on: a failure to change the status is reported
        // with it, never as an error that would invite sending the action again.
        let status_change = match new.new_status_id {
            Some(status_id) => Some(
                self.ensure_status(new.ticket_id, status_id)
                    .await
                    .unwrap_or_else(StatusChange::NotApplied),
            ),
            None => None,
        };
        Ok(AddedAction {
            action,
            status_change,
        })
    }

    async fn ensure_status(&self, ticket_id: i32, status_id: i32) -> Result<StatusChange> {
        let ticket = self.ticket(ticket_id, TicketDetail::default()).await?;
        if ticket.status_id == Some(status_id) {
            return Ok(StatusChange::WithAction);
        }
        self.update_ticket(&TicketUpdate {
            id: ticket_id,
            status_id: Some(status_id),
            ..TicketUpdate::default()
        })
        .await?;
        Ok(StatusChange::ByTicketUpdate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_become_decimal_hours() {
        assert_eq!(hours(Duration::from_secs(15 * 60)), 0.25);
        assert_eq!(hours(Duration::from_secs(90 * 60)), 1.5);
        assert_eq!(hours(Duration::from_secs(60)), 0.0167);
    }
}
