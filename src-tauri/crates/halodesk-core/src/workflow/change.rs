//! Status, priority and assignment changes, checked against the transition rules before they
//! are queued.

use super::actions::{INTERNAL_NOTE, RESOLUTION, outcome_for};
use super::create::draft_only;
use super::outbox::{ActionDraft, Intent, Step, TicketChange};
use super::statuses::{TransitionFacts, check_transition};
use crate::ipc::{
    Profile, StatusMeaning, TicketChangeRequest, TicketChangeResponse, WorkflowChoices,
};
use crate::queue::CachedTicket;
use crate::{AppError, ErrorCode, Halodesk};

impl Halodesk {
    /// A status, priority or assignment change, checked against the transition rules first.
    pub async fn ticket_change(
        &self,
        request: TicketChangeRequest,
    ) -> Result<TicketChangeResponse, AppError> {
        let profile = self.active_profile().await?;
        let choices = self.cached_choices(&profile).await?;
        let ticket = self.current_ticket(&profile, request.ticket_id).await?;
        let (label, steps) = match plan(&request, &ticket, &choices)? {
            Plan::Confirm(warnings) => {
                return Ok(TicketChangeResponse {
                    warnings,
                    write: None,
                });
            }
            Plan::Write { label, steps } => (label, steps),
        };
        let intent = Intent {
            label: label.into(),
            steps,
        };
        let write = self
            .submit(&profile, intent, draft_only(request.draft_key))
            .await?;
        Ok(TicketChangeResponse {
            warnings: Vec::new(),
            write: Some(write),
        })
    }

    /// The ticket as the cache has it, or from the instance when it is not cached.
    pub(super) async fn current_ticket(
        &self,
        profile: &Profile,
        id: i32,
    ) -> Result<CachedTicket, AppError> {
        let profile_id = profile.id;
        let cached = self
            .blocking(move |store, _| Ok(store.cached_ticket(profile_id, id)?))
            .await?;
        match cached {
            Some(ticket) => Ok(ticket),
            None => {
                let client = self.client_for(profile).await?;
                let ticket = client.ticket(id, halopsa::TicketDetail::default()).await?;
                Ok(CachedTicket::from(&ticket))
            }
        }
    }
}

/// What a change request comes to.
enum Plan {
    /// The transition rules ask the technician to confirm these first; nothing is queued.
    Confirm(Vec<String>),
    /// The write to queue: its label in the outbox, and its steps in order.
    Write {
        label: &'static str,
        steps: Vec<Step>,
    },
}

/// Checks the request against the ticket and the transition rules, and plans the write:
/// a resolution action first when it closes the ticket, then the ticket's update.
fn plan(
    request: &TicketChangeRequest,
    ticket: &CachedTicket,
    choices: &WorkflowChoices,
) -> Result<Plan, AppError> {
    let change = what_changes(request, ticket)?;
    let meaning = |id: Option<i32>| {
        id.and_then(|id| {
            choices
                .statuses
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.meaning)
        })
    };
    let mut steps = Vec::new();
    let mut label = "Ticket change";
    if let Some(status_id) = change.status_id {
        let to = meaning(Some(status_id)).ok_or_else(|| {
            AppError::new(
                ErrorCode::Invalid,
                "This status is not on the instance any more: choose another.",
            )
        })?;
        let has_agent = change.agent_id.or(ticket.agent_id).is_some_and(|a| a > 0);
        let check = check_transition(
            meaning(ticket.status_id),
            to,
            &TransitionFacts {
                has_agent,
                resolution: &request.resolution,
            },
        );
        if !check.allowed() {
            return Err(AppError::new(ErrorCode::Invalid, check.errors.join(" ")));
        }
        if !check.warnings.is_empty() && !request.confirmed {
            return Ok(Plan::Confirm(check.warnings));
        }
        let reclosing = meaning(ticket.status_id) == Some(StatusMeaning::Closed);
        if to == StatusMeaning::Closed && !(reclosing && request.resolution.trim().is_empty()) {
            label = "Resolution";
            steps.push(Step::AddAction(ActionDraft {
                ticket_id: request.ticket_id,
                outcome: outcome_for(choices, RESOLUTION, INTERNAL_NOTE)?,
                note: request.resolution.trim().to_owned(),
                hidden_from_user: false,
                new_status_id: Some(status_id),
                ..ActionDraft::default()
            }));
        } else {
            label = "Status change";
        }
    } else if change.priority_id.is_some()
        && change.agent_id.is_none()
        && change.team_name.is_none()
    {
        label = "Priority change";
    } else if change.priority_id.is_none() {
        label = "Assignment";
    }
    steps.push(Step::UpdateTicket(change));
    Ok(Plan::Write { label, steps })
}

/// What the request changes on the ticket; asking for the values it has already is refused.
fn what_changes(
    request: &TicketChangeRequest,
    ticket: &CachedTicket,
) -> Result<TicketChange, AppError> {
    let change = TicketChange {
        ticket_id: request.ticket_id,
        status_id: request.status_id.filter(|s| Some(*s) != ticket.status_id),
        priority_id: request
            .priority_id
            .filter(|p| Some(*p) != ticket.priority_id),
        agent_id: request
            .agent_id
            .filter(|a| *a != ticket.agent_id.unwrap_or_default()),
        team_name: request
            .team_name
            .clone()
            .filter(|t| !t.eq_ignore_ascii_case(&ticket.team_name)),
    };
    let nothing = TicketChange {
        ticket_id: request.ticket_id,
        ..TicketChange::default()
    };
    if change == nothing {
        return Err(AppError::new(
            ErrorCode::Invalid,
            "Nothing to change: the ticket already has these values.",
        ));
    }
    Ok(change)
}
