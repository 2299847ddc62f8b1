//! Whether a new ticket can be sent, and what it is routed to when fields are left unset.
//!
//! The checks run against the picklists and client details Halodesk keeps locally, so a form
//! filled in offline is refused here, with the field to fix, rather than by Halo later.

use crate::ipc::{
    AgentOption, ClientDetails, FieldProblem, NewTicketForm, PriorityOption, TicketValidation,
    WorkflowChoices,
};

use super::priorities::default_priority;

/// Halo stores a summary as `string(255)`; longer ones are refused, not cut.
const MAX_SUMMARY_CHARS: usize = 255;

/// A ticket carries at most four category levels (Halo's `category_1` to `category_4`).
const MAX_CATEGORY_LEVELS: usize = 4;

/// Something the technician must fix before the ticket is sent, with the form field it is on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum Problem {
    #[error("Choose the client this ticket is for.")]
    NoClient,
    #[error(
        "The client could not be checked: its sites, users and priorities are not loaded. \
         Choose the client again once Halodesk is back online."
    )]
    ClientNotLoaded,
    #[error(
        "The client could not be checked: the details loaded are for another client. \
         Choose the client again."
    )]
    ClientMismatch,
    #[error("This site is not one of the client's sites: choose another.")]
    UnknownSite,
    #[error("This user is not one of the client's users: choose another.")]
    UnknownUser,
    #[error("This user is at another of the client's sites: choose their site or another user.")]
    UserAtOtherSite,
    #[error("Choose a ticket type.")]
    NoTicketType,
    #[error("This ticket type is not on the instance any more: choose another.")]
    UnknownTicketType,
    #[error("This priority is not one the client's SLA offers: choose another.")]
    UnknownPriority,
    #[error(
        "A category has at most {max} levels, like Hardware>Printer: remove the extra ones.",
        max = MAX_CATEGORY_LEVELS
    )]
    CategoryTooDeep,
    #[error("A category level is empty: name it or remove the extra \">\".")]
    CategoryLevelEmpty,
    #[error("Enter a summary: one line saying who is affected and what is wrong.")]
    NoSummary,
    #[error(
        "The summary is {0} characters long: shorten it to {max} or fewer.",
        max = MAX_SUMMARY_CHARS
    )]
    SummaryTooLong(usize),
    #[error("There is no team called \"{0}\": choose one from the list.")]
    UnknownTeam(String),
    #[error("This agent is not on the instance any more: choose another.")]
    UnknownAgent,
}

impl Problem {
    /// The `NewTicketForm` key the UI shows the problem beside.
    fn field(&self) -> &'static str {
        match self {
            Self::NoClient | Self::ClientNotLoaded | Self::ClientMismatch => "clientId",
            Self::UnknownSite => "siteId",
            Self::UnknownUser | Self::UserAtOtherSite => "userId",
            Self::NoTicketType | Self::UnknownTicketType => "ticketTypeId",
            Self::UnknownPriority => "priorityId",
            Self::CategoryTooDeep | Self::CategoryLevelEmpty => "category",
            Self::NoSummary | Self::SummaryTooLong(_) => "summary",
            Self::UnknownTeam(_) => "teamName",
            Self::UnknownAgent => "agentId",
        }
    }
}

impl From<Problem> for FieldProblem {
    fn from(problem: Problem) -> Self {
        Self {
            field: problem.field().to_owned(),
            message: problem.to_string(),
        }
    }
}

/// Checks a new ticket against the instance's picklists and the chosen client's details
/// (`client`, loaded for `form.client_id`), and fills in what a send would route it to.
///
/// Text is trimmed and the category normalised to `Level>Level`. Unset fields get defaults:
/// - priority: the client's default, else [`default_priority`] of the priorities its SLA
///   offers (all of the instance's when the client has none);
/// - site: the chosen user's site, else the client's only site when it has exactly one;
/// - team: the chosen agent's team when an agent but no team was chosen; when neither was,
///   `me_team`, the technician's own team, when it is not empty. A chosen team takes the
///   instance's spelling of its name.
pub(super) fn validate_new_ticket(
    form: &NewTicketForm,
    choices: &WorkflowChoices,
    client: Option<&ClientDetails>,
    me_team: &str,
) -> TicketValidation {
    let mut problems = Vec::new();
    let mut resolved = NewTicketForm {
        summary: form.summary.trim().to_owned(),
        details: form.details.trim().to_owned(),
        ..form.clone()
    };
    match checked_client(form.client_id, client) {
        Ok(client) => {
            route_within_client(
                form,
                client,
                &choices.priorities,
                &mut resolved,
                &mut problems,
            );
        }
        Err(problem) => problems.push(problem),
    }
    match form.ticket_type_id {
        None => problems.push(Problem::NoTicketType),
        Some(id) if !choices.ticket_types.iter().any(|t| t.id == id) => {
            problems.push(Problem::UnknownTicketType);
        }
        Some(_) => {}
    }
    match category_path(&form.category) {
        Ok(path) => resolved.category = path,
        Err(problem) => problems.push(problem),
    }
    let summary_chars = resolved.summary.chars().count();
    if summary_chars == 0 {
        problems.push(Problem::NoSummary);
    } else if summary_chars > MAX_SUMMARY_CHARS {
        problems.push(Problem::SummaryTooLong(summary_chars));
    }
    let agent = match form.agent_id {
        Some(id) => {
            let agent = choices.agents.iter().find(|a| a.id == id);
            if agent.is_none() {
                problems.push(Problem::UnknownAgent);
            }
            agent
        }
        None => None,
    };
    resolved.team_name = routed_team(form, choices, agent, me_team).unwrap_or_else(|problem| {
        problems.push(problem);
        form.team_name.as_deref().map(|t| t.trim().to_owned())
    });
    TicketValidation {
        problems: problems.into_iter().map(FieldProblem::from).collect(),
        resolved,
    }
}

/// The client details to check against, when they are for the chosen client.
fn checked_client(
    client_id: Option<i32>,
    client: Option<&ClientDetails>,
) -> Result<&ClientDetails, Problem> {
    let id = client_id.ok_or(Problem::NoClient)?;
    let client = client.ok_or(Problem::ClientNotLoaded)?;
    if client.client_id == id {
        Ok(client)
    } else {
        Err(Problem::ClientMismatch)
    }
}

/// Checks the site, user and priority against the client's and fills in their defaults.
fn route_within_client(
    form: &NewTicketForm,
    client: &ClientDetails,
    all_priorities: &[PriorityOption],
    resolved: &mut NewTicketForm,
    problems: &mut Vec<Problem>,
) {
    if let Some(site) = form.site_id
        && !client.sites.iter().any(|s| s.id == site)
    {
        problems.push(Problem::UnknownSite);
    }
    if let Some(user_id) = form.user_id {
        match client.users.iter().find(|u| u.id == user_id) {
            None => problems.push(Problem::UnknownUser),
            // A user without a site (0) fits any site and implies none.
            Some(user) if user.site_id > 0 => match form.site_id {
                Some(site) if site != user.site_id => problems.push(Problem::UserAtOtherSite),
                Some(_) => {}
                None => resolved.site_id = Some(user.site_id),
            },
            Some(_) => {}
        }
    }
    if resolved.site_id.is_none()
        && let [only] = client.sites.as_slice()
    {
        resolved.site_id = Some(only.id);
    }
    // A client without an SLA of its own is served under the instance's priorities.
    let offered = if client.priorities.is_empty() {
        all_priorities
    } else {
        &client.priorities
    };
    match form.priority_id {
        Some(id) if !offered.iter().any(|p| p.id == id) => {
            problems.push(Problem::UnknownPriority);
        }
        Some(_) => {}
        None => {
            resolved.priority_id = client
                .default_priority_id
                .or_else(|| default_priority(offered));
        }
    }
}

/// The category as Halo's `Level>Level` path, each level trimmed; empty when none is chosen.
fn category_path(category: &str) -> Result<String, Problem> {
    let category = category.trim();
    if category.is_empty() {
        return Ok(String::new());
    }
    let levels: Vec<&str> = category.split('>').map(str::trim).collect();
    if levels.iter().any(|l| l.is_empty()) {
        return Err(Problem::CategoryLevelEmpty);
    }
    if levels.len() > MAX_CATEGORY_LEVELS {
        return Err(Problem::CategoryTooDeep);
    }
    Ok(levels.join(">"))
}

/// The team the ticket goes to: the chosen one under the instance's spelling, else the
/// chosen agent's, else (nobody chosen) the technician's own.
fn routed_team(
    form: &NewTicketForm,
    choices: &WorkflowChoices,
    agent: Option<&AgentOption>,
    me_team: &str,
) -> Result<Option<String>, Problem> {
    let non_blank = |name: &str| Some(name.trim().to_owned()).filter(|n| !n.is_empty());
    match form.team_name.as_deref().and_then(non_blank) {
        Some(chosen) => choices
            .teams
            .iter()
            .find(|t| t.name.trim().to_lowercase() == chosen.to_lowercase())
            .map(|t| Some(t.name.clone()))
            .ok_or(Problem::UnknownTeam(chosen)),
        None if form.agent_id.is_some() => Ok(agent.and_then(|a| non_blank(&a.team_name))),
        None => Ok(non_blank(me_team)),
    }
}

#[cfg(test)]
mod tests;
