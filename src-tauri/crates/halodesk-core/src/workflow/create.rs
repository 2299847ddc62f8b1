//! New tickets: the form checked against the instance's picklists, the client's open tickets
//! that read like it, and the ticket queued in the outbox.

use halopsa::TicketQuery;

use super::duplicates::likely_duplicates;
use super::new_ticket::validate_new_ticket;
use super::outbox::{Enqueue, Intent, Step, TicketDraft};
use crate::ipc::{
    DuplicateCandidate, DuplicateCandidates, DuplicateCheckRequest, NewTicketForm, OutboxItem,
    Profile, StatusMeaning, TicketCreateRequest, TicketValidateRequest, TicketValidation,
};
use crate::queue::CachedTicket;
use crate::{AppError, ErrorCode, Halodesk};

impl Halodesk {
    /// Checks a new ticket's form against the instance's picklists, and fills in the routing
    /// a send would apply; nothing is sent.
    pub async fn ticket_validate(
        &self,
        request: TicketValidateRequest,
    ) -> Result<TicketValidation, AppError> {
        let TicketValidateRequest { form } = request;
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
        request: DuplicateCheckRequest,
    ) -> Result<DuplicateCandidates, AppError> {
        let DuplicateCheckRequest { client_id, summary } = request;
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

    /// Queues a new ticket, checked first; a refused form sends nothing.
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
}

pub(super) fn draft_only(draft_key: Option<String>) -> Enqueue {
    Enqueue {
        draft_key,
        timer_ticket: None,
    }
}
