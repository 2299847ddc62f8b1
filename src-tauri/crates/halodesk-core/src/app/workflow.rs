//! Working a ticket: the forms' picklists and checks, and the writes that go through the
//! outbox (new tickets, status and assignment changes, actions, escalations).

use halopsa::{HaloClient, TicketQuery};

use super::Halodesk;
use super::outbox::needs_choices;
use crate::api::{
    ActionAddRequest, ActionKind, AgentOption, Choice, ClientDetails, ClientMatches,
    DuplicateCandidate, DuplicateCandidates, EscalateRequest, NewTicketForm, OutboxItem, Profile,
    StatusMeaning, TicketChangeRequest, TicketChangeResponse, TicketCreateRequest,
    TicketValidation, UserOption, WorkflowChoices,
};
use crate::outbox::{ActionDraft, Intent, Step, TicketChange, TicketDraft};
use crate::queue::CachedTicket;
use crate::store::Enqueue;
use crate::workflow::{
    TransitionFacts, check_transition, default_priority, is_raise, likely_duplicates,
    priority_options, status_meanings, validate_new_ticket,
};
use crate::{AppError, ErrorCode};

/// How many clients a search offers.
const CLIENT_MATCHES: usize = 20;

/// The outcome names instances commonly give each kind of action, most common first.
const INTERNAL_NOTE: &[&str] = &["Private Note", "Internal Note", "Note"];
const CLIENT_NOTE: &[&str] = &[
    "Customer Update",
    "Public Note",
    "Update Customer",
    "Email User",
];
const EMAIL_USER: &[&str] = &["Email User", "Email Customer", "Customer Update"];
const PHONE_CALL: &[&str] = &["Phone Call", "Phone", "Call"];
const SITE_VISIT: &[&str] = &["Site Visit", "Onsite Visit", "On-site Visit", "Visit"];
const RESOLUTION: &[&str] = &["Resolution", "Resolved", "Close", "Closed"];
const ESCALATION: &[&str] = &["Escalation", "Escalate", "Escalated"];

impl Halodesk {
    /// The forms' picklists from the instance, or from the last read when it cannot be reached.
    pub async fn workflow_choices(&self) -> Result<WorkflowChoices, AppError> {
        let profile = self.active_profile().await?;
        let fetched = match self.client_for(&profile).await {
            Ok(client) => fetch_choices(&client).await.map_err(AppError::from),
            Err(error) => Err(error),
        };
        match fetched {
            Ok(choices) => {
                let stored = choices.clone();
                self.blocking(move |store, _| Ok(store.put_workflow_choices(profile.id, &stored)?))
                    .await?;
                Ok(choices)
            }
            Err(error) => self
                .blocking(move |store, _| Ok(store.workflow_choices(profile.id)?))
                .await?
                .ok_or(error),
        }
    }

    /// Clients whose name contains `query`; offline, those of the cached tickets.
    pub async fn client_search(&self, query: String) -> Result<ClientMatches, AppError> {
        let profile = self.active_profile().await?;
        let query = query.trim().to_owned();
        let online = match self.client_for(&profile).await {
            Ok(client) => client
                .clients(Some(&query).filter(|q| !q.is_empty()).map(String::as_str))
                .await
                .map_err(AppError::from),
            Err(error) => Err(error),
        };
        let mut clients: Vec<Choice> = match online {
            Ok(found) => found
                .into_iter()
                .filter(|client| !client.inactive)
                .map(|client| Choice {
                    id: client.id,
                    name: client.name,
                    colour: String::new(),
                })
                .collect(),
            Err(error) if error.code == ErrorCode::Offline => {
                let needle = query.to_lowercase();
                self.blocking(move |store, _| {
                    let mut seen = std::collections::HashSet::new();
                    Ok(store
                        .cached_tickets(profile.id)?
                        .into_iter()
                        .filter_map(|t| Some((t.client_id?, t.client_name)))
                        .filter(|(id, name)| {
                            name.to_lowercase().contains(&needle) && seen.insert(*id)
                        })
                        .map(|(id, name)| Choice {
                            id,
                            name,
                            colour: String::new(),
                        })
                        .collect())
                })
                .await?
            }
            Err(error) => return Err(error),
        };
        clients.sort_by_cached_key(|client| client.name.to_lowercase());
        clients.truncate(CLIENT_MATCHES);
        Ok(ClientMatches { clients })
    }

    /// A client's sites, users and priorities, kept so a form filled in offline is checked.
    pub async fn client_details(&self, client_id: i32) -> Result<ClientDetails, AppError> {
        let profile = self.active_profile().await?;
        let fetched = match self.client_for(&profile).await {
            Ok(client) => {
                self.fetch_client_details(&profile, &client, client_id)
                    .await
            }
            Err(error) => Err(error),
        };
        match fetched {
            Ok(details) => {
                let stored = details.clone();
                self.blocking(move |store, _| Ok(store.put_client_details(profile.id, &stored)?))
                    .await?;
                Ok(details)
            }
            Err(error) => self
                .blocking(move |store, _| Ok(store.client_details(profile.id, client_id)?))
                .await?
                .ok_or(error),
        }
    }

    async fn fetch_client_details(
        &self,
        profile: &Profile,
        client: &HaloClient,
        client_id: i32,
    ) -> Result<ClientDetails, AppError> {
        let (sites, users) = tokio::try_join!(
            client.sites(Some(client_id)),
            client.users(Some(client_id), None),
        )?;
        let choices = self.cached_choices(profile).await?;
        let client_name = sites
            .iter()
            .map(|site| site.client_name.clone())
            .chain(users.iter().map(|user| user.client_name.clone()))
            .find(|name| !name.is_empty())
            .unwrap_or_default();
        Ok(ClientDetails {
            client_id,
            client_name,
            sites: sites
                .into_iter()
                .filter(|site| !site.inactive)
                .map(|site| Choice {
                    id: site.id,
                    name: site.name,
                    colour: String::new(),
                })
                .collect(),
            users: users
                .into_iter()
                .filter(|user| !user.inactive)
                .map(|user| UserOption {
                    id: user.id,
                    name: user.name,
                    email: user.email,
                    site_id: user.site_id.unwrap_or_default(),
                })
                .collect(),
            default_priority_id: default_priority(&choices.priorities),
            priorities: choices.priorities,
        })
    }

    pub async fn ticket_validate(&self, form: NewTicketForm) -> Result<TicketValidation, AppError> {
        let profile = self.active_profile().await?;
        self.validated(&profile, &form).await
    }

    async fn validated(
        &self,
        profile: &Profile,
        form: &NewTicketForm,
    ) -> Result<TicketValidation, AppError> {
        let choices = self.cached_choices(profile).await?;
        let client = match form.client_id {
            Some(id) => {
                let profile_id = profile.id;
                self.blocking(move |store, _| Ok(store.client_details(profile_id, id)?))
                    .await?
            }
            None => None,
        };
        let me_team = profile
            .agent
            .as_ref()
            .map(|agent| agent.team_name.clone())
            .unwrap_or_default();
        Ok(validate_new_ticket(
            form,
            &choices,
            client.as_ref(),
            &me_team,
        ))
    }

    /// The client's open tickets whose summary reads like `summary`; offline, from the cache.
    pub async fn ticket_duplicates(
        &self,
        client_id: i32,
        summary: String,
    ) -> Result<DuplicateCandidates, AppError> {
        let profile = self.active_profile().await?;
        let online = match self.client_for(&profile).await {
            Ok(client) => client
                .all_tickets(&TicketQuery::new().client(client_id).open_only(), 2)
                .await
                .map(|tickets| tickets.iter().map(CachedTicket::from).collect::<Vec<_>>())
                .map_err(AppError::from),
            Err(error) => Err(error),
        };
        let open = match online {
            Ok(open) => open,
            Err(error) if error.code == ErrorCode::Offline => {
                let lookups = self
                    .blocking(move |store, _| Ok(store.lookups(profile.id)?))
                    .await?;
                let closed: Vec<i32> = lookups
                    .statuses
                    .iter()
                    .filter(|s| s.closed)
                    .map(|s| s.id)
                    .collect();
                self.blocking(move |store, _| Ok(store.cached_tickets(profile.id)?))
                    .await?
                    .into_iter()
                    .filter(|t| t.client_id == Some(client_id))
                    .filter(|t| t.status_id.is_none_or(|s| !closed.contains(&s)))
                    .collect()
            }
            Err(error) => return Err(error),
        };
        let found = likely_duplicates(&summary, open.iter().map(|t| (t.id, t.summary.as_str())));
        Ok(DuplicateCandidates {
            tickets: found
                .into_iter()
                .filter_map(|(id, similarity)| {
                    let ticket = open.iter().find(|t| t.id == id)?;
                    Some(DuplicateCandidate {
                        id,
                        summary: ticket.summary.clone(),
                        status_name: ticket.status_name.clone(),
                        agent_name: ticket.agent_name.clone(),
                        similarity,
                    })
                })
                .collect(),
        })
    }

    pub async fn ticket_create(
        &self,
        request: TicketCreateRequest,
    ) -> Result<OutboxItem, AppError> {
        let profile = self.active_profile().await?;
        let checked = self.validated(&profile, &request.form).await?;
        if let Some(problem) = checked.problems.first() {
            return Err(AppError::new(ErrorCode::Invalid, problem.message.clone()));
        }
        let choices = self.cached_choices(&profile).await?;
        let form = checked.resolved;
        let draft = TicketDraft {
            client_id: form.client_id.unwrap_or_default(),
            site_id: form.site_id,
            user_id: form.user_id,
            ticket_type_id: form.ticket_type_id,
            priority_id: form.priority_id,
            status_id: choices
                .statuses
                .iter()
                .find(|s| s.meaning == StatusMeaning::New)
                .map(|s| s.id),
            agent_id: form.agent_id,
            team_name: form.team_name,
            // Halo keeps the whole path in `category_1`, levels joined by `>`.
            categories: Some(form.category)
                .filter(|c| !c.is_empty())
                .into_iter()
                .collect(),
            summary: form.summary,
            details: form.details,
        };
        let intent = Intent {
            label: "New ticket".into(),
            steps: vec![Step::CreateTicket(draft)],
        };
        self.submit(&profile, intent, draft_only(request.draft_key))
            .await
    }

    /// A status, priority or assignment change, checked against the transition rules first.
    pub async fn ticket_change(
        &self,
        request: TicketChangeRequest,
    ) -> Result<TicketChangeResponse, AppError> {
        let profile = self.active_profile().await?;
        let choices = self.cached_choices(&profile).await?;
        let ticket = self.current_ticket(&profile, request.ticket_id).await?;
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
                .filter(|t| !t.eq_ignore_ascii_case(&ticket.team_name)),
        };
        if change
            == (TicketChange {
                ticket_id: request.ticket_id,
                ..TicketChange::default()
            })
        {
            return Err(AppError::new(
                ErrorCode::Invalid,
                "Nothing to change: the ticket already has these values.",
            ));
        }
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
                return Ok(TicketChangeResponse {
                    warnings: check.warnings,
                    write: None,
                });
            }
            let reclosing = meaning(ticket.status_id) == Some(StatusMeaning::Closed);
            if to == StatusMeaning::Closed && !(reclosing && request.resolution.trim().is_empty()) {
                label = "Resolution";
                steps.push(Step::AddAction(ActionDraft {
                    ticket_id: request.ticket_id,
                    outcome: outcome_for(&choices, RESOLUTION, INTERNAL_NOTE)?,
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
        } else if change.status_id.is_none() && change.priority_id.is_none() {
            label = "Assignment";
        }
        steps.push(Step::UpdateTicket(change));
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

    /// The picklists as last read, reading them first if they never were.
    async fn cached_choices(&self, profile: &Profile) -> Result<WorkflowChoices, AppError> {
        let profile_id = profile.id;
        let cached = self
            .blocking(move |store, _| Ok(store.workflow_choices(profile_id)?))
            .await?;
        match cached {
            Some(choices) => Ok(choices),
            None => self.workflow_choices().await.map_err(|error| {
                if error.code == ErrorCode::Offline {
                    needs_choices()
                } else {
                    error
                }
            }),
        }
    }

    /// The ticket as the cache has it, or from the instance when it is not cached.
    async fn current_ticket(&self, profile: &Profile, id: i32) -> Result<CachedTicket, AppError> {
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

async fn fetch_choices(client: &HaloClient) -> Result<WorkflowChoices, halopsa::Error> {
    let (statuses, slas, ticket_types, teams, agents, outcomes) = tokio::try_join!(
        client.statuses(),
        client.slas(),
        client.ticket_types(),
        client.teams(),
        client.agents(),
        client.outcomes(),
    )?;
    let policies: Vec<_> = slas.into_iter().flat_map(|sla| sla.policies).collect();
    let choice = |id: i32, name: String| Choice {
        id,
        name,
        colour: String::new(),
    };
    Ok(WorkflowChoices {
        statuses: status_meanings(&statuses),
        priorities: priority_options(&policies),
        ticket_types: ticket_types
            .into_iter()
            .map(|t| choice(t.id, t.name))
            .collect(),
        teams: teams
            .into_iter()
            .filter(|t| !t.inactive)
            .map(|t| choice(t.id, t.name))
            .collect(),
        agents: agents
            .into_iter()
            .filter(|a| !a.disabled)
            .map(|a| AgentOption {
                id: a.id,
                name: a.name,
                team_name: a.team_name,
            })
            .collect(),
        outcomes: outcomes
            .iter()
            .filter(|o| !o.hidden)
            .map(|o| choice(o.id, o.name.clone()))
            .collect(),
    })
}

fn draft_only(draft_key: Option<String>) -> Enqueue {
    Enqueue {
        draft_key,
        timer_ticket: None,
    }
}

/// The instance's outcome for a kind of action: the first of `names` it has, else the first
/// of `fallback`. With no outcome list read yet, the most common name, checked when sent.
fn outcome_for(
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
