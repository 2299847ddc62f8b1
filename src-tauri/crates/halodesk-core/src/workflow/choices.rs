//! The instance's picklists the forms need (statuses, priorities, types, teams, agents,
//! outcomes) and a client's sites and users, kept in the database so the forms still open and
//! check offline.

use halopsa::HaloClient;

use super::priorities::{default_priority, priority_options};
use super::statuses::status_meanings;
use crate::ipc::{
    AgentOption, Choice, ClientDetails, ClientDetailsRequest, ClientMatches, ClientSearchRequest,
    Profile, UserOption, WorkflowChoices, WorkflowChoicesRequest,
};
use crate::{AppError, ErrorCode, Halodesk};

/// How many clients a search offers.
const CLIENT_MATCHES: usize = 20;

impl Halodesk {
    /// The forms' picklists from the instance, or from the last read when it cannot be reached.
    pub async fn workflow_choices(
        &self,
        request: WorkflowChoicesRequest,
    ) -> Result<WorkflowChoices, AppError> {
        let WorkflowChoicesRequest {} = request;
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
    pub async fn client_search(
        &self,
        request: ClientSearchRequest,
    ) -> Result<ClientMatches, AppError> {
        let ClientSearchRequest { query } = request;
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
    pub async fn client_details(
        &self,
        request: ClientDetailsRequest,
    ) -> Result<ClientDetails, AppError> {
        let ClientDetailsRequest { client_id } = request;
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

    /// The picklists as last read, reading them first if they never were.
    pub(super) async fn cached_choices(
        &self,
        profile: &Profile,
    ) -> Result<WorkflowChoices, AppError> {
        let profile_id = profile.id;
        let cached = self
            .blocking(move |store, _| Ok(store.workflow_choices(profile_id)?))
            .await?;
        match cached {
            Some(choices) => Ok(choices),
            None => self
                .workflow_choices(WorkflowChoicesRequest {})
                .await
                .map_err(|error| {
                    if error.code == ErrorCode::Offline {
                        needs_choices()
                    } else {
                        error
                    }
                }),
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

/// A write that needs a connection to be checked before it is stored, offline.
pub(super) fn needs_choices() -> AppError {
    AppError::new(
        ErrorCode::Offline,
        "Halodesk has not read this instance's picklists yet, and HaloPSA cannot be reached. Connect once, then this works offline too.",
    )
}
