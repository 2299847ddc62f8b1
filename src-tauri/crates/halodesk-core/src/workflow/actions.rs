//! Actions on a ticket (notes, calls, visits, time) and escalations, each recorded with the
//! instance's own outcome for it.

use super::create::draft_only;
use super::outbox::{ActionDraft, Enqueue, Intent, Step, TicketChange};
use super::priorities::is_raise;
use crate::ipc::{
    ActionAddRequest, ActionKind, AgentOption, EscalateRequest, OutboxItem, WorkflowChoices,
};
use crate::{AppError, ErrorCode, Halodesk};

/// The outcome names instances commonly give each kind of action, most common first.
pub(super) const INTERNAL_NOTE: &[&str] = &["Private Note", "Internal Note", "Note"];
const CLIENT_NOTE: &[&str] = &[
    "Customer Update",
    "Public Note",
    "Update Customer",
    "Email User",
];
const EMAIL_USER: &[&str] = &["Email User", "Email Customer", "Customer Update"];
const PHONE_CALL: &[&str] = &["Phone Call", "Phone", "Call"];
const SITE_VISIT: &[&str] = &["Site Visit", "Onsite Visit", "On-site Visit", "Visit"];
pub(super) const RESOLUTION: &[&str] = &["Resolution", "Resolved", "Close", "Closed"];
const ESCALATION: &[&str] = &["Escalation", "Escalate", "Escalated"];

impl Halodesk {
    /// Queues an action on a ticket (a note, a call, a visit, time), with the instance's
    /// outcome for its kind.
    pub async fn action_add(&self, request: ActionAddRequest) -> Result<OutboxItem, AppError> {
        let profile = self.active_profile().await?;
        let note = request.note.trim().to_owned();
        if note.is_empty() {
            return Err(AppError::new(
                ErrorCode::Invalid,
                "Write what was done: HaloPSA keeps an action's note as the record.",
            ));
        }
        let choices = self.cached_choices(&profile).await?;
        let client_visible = matches!(request.kind, ActionKind::ClientNote);
        let email_user = client_visible && request.email_user;
        let (names, label) = match request.kind {
            ActionKind::InternalNote => (INTERNAL_NOTE, "Internal note"),
            ActionKind::ClientNote if email_user => (EMAIL_USER, "Email to the end user"),
            ActionKind::ClientNote => (CLIENT_NOTE, "Client note"),
            ActionKind::PhoneCall => (PHONE_CALL, "Phone call"),
            ActionKind::SiteVisit => (SITE_VISIT, "Site visit"),
        };
        let outcome = outcome_for(&choices, names, &[])?;
        let label = match request.minutes {
            0 => label.to_owned(),
            minutes => format!("{label}, {minutes} min"),
        };
        let intent = Intent {
            label,
            steps: vec![Step::AddAction(ActionDraft {
                ticket_id: request.ticket_id,
                outcome,
                note,
                hidden_from_user: !client_visible,
                email_end_user: email_user,
                minutes: request.minutes,
                billable: request.billable,
                ..ActionDraft::default()
            })],
        };
        let with = Enqueue {
            draft_key: request.draft_key,
            timer_ticket: request.from_timer.then_some(request.ticket_id),
        };
        self.submit(&profile, intent, with).await
    }

    /// Reassignment, a raised priority and the action that says why, as one write.
    pub async fn ticket_escalate(&self, request: EscalateRequest) -> Result<OutboxItem, AppError> {
        let profile = self.active_profile().await?;
        let reason = request.reason.trim().to_owned();
        if reason.is_empty() {
            return Err(AppError::new(
                ErrorCode::Invalid,
                "Give the reason for the escalation: the next technician and the manager read it first.",
            ));
        }
        let agent_id = request.agent_id.filter(|id| *id > 0);
        let team_name = request.team_name.filter(|t| !t.trim().is_empty());
        if agent_id.is_none() && team_name.is_none() {
            return Err(AppError::new(
                ErrorCode::Invalid,
                "Choose the senior agent or team the ticket is escalated to.",
            ));
        }
        let manager = request
            .manager_email
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty());
        if manager.as_deref().is_some_and(|m| !m.contains('@')) {
            return Err(AppError::new(
                ErrorCode::Invalid,
                "The manager's email address is not valid: check it or leave it empty.",
            ));
        }
        let choices = self.cached_choices(&profile).await?;
        let ticket = self.current_ticket(&profile, request.ticket_id).await?;
        if let Some(priority) = request.priority_id
            && !is_raise(&choices.priorities, ticket.priority_id, priority)
        {
            return Err(AppError::new(
                ErrorCode::Invalid,
                "An escalation raises the priority: choose one more urgent than the ticket's, or leave it as it is.",
            ));
        }
        let agent_name = agent_id.map(|id| {
            choices
                .agents
                .iter()
                .find(|a| a.id == id)
                .map_or_else(|| format!("agent {id}"), |a: &AgentOption| a.name.clone())
        });
        // One of the two is chosen: checked before anything else.
        let target = match (agent_name, &team_name) {
            (Some(agent), Some(team)) => format!("{agent} ({team})"),
            (agent, team) => agent.or_else(|| team.clone()).unwrap_or_default(),
        };
        let steps = vec![
            Step::UpdateTicket(TicketChange {
                ticket_id: request.ticket_id,
                status_id: None,
                priority_id: request.priority_id,
                agent_id,
                team_name,
            }),
            Step::AddAction(ActionDraft {
                ticket_id: request.ticket_id,
                outcome: outcome_for(&choices, ESCALATION, INTERNAL_NOTE)?,
                note: format!("Escalated to {target}: {reason}"),
                hidden_from_user: true,
                email_subject: manager
                    .as_ref()
                    .map(|_| format!("Escalated: #{} {}", ticket.id, ticket.summary)),
                email_to: manager,
                ..ActionDraft::default()
            }),
        ];
        let intent = Intent {
            label: "Escalation".into(),
            steps,
        };
        self.submit(&profile, intent, draft_only(request.draft_key))
            .await
    }
}

/// The instance's outcome for a kind of action: the first of `names` it has, else the first
/// of `fallback`. With no outcome list read yet, the most common name, checked when sent.
pub(super) fn outcome_for(
    choices: &WorkflowChoices,
    names: &[&str],
    fallback: &[&str],
) -> Result<String, AppError> {
    if choices.outcomes.is_empty() {
        return Ok(names[0].to_owned());
    }
    names
        .iter()
        .chain(fallback)
        .find_map(|name| {
            choices
                .outcomes
                .iter()
                .find(|o| o.name.trim().eq_ignore_ascii_case(name))
                .map(|o| o.name.clone())
        })
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::Invalid,
                format!(
                    "This HaloPSA instance has none of the outcomes Halodesk records this with ({}). Ask your Halo administrator to add one of them.",
                    names
                        .iter()
                        .chain(fallback)
                        .map(|name| format!("\"{name}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
}
