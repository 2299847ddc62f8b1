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
mod tests {
    use super::*;
    use crate::ipc::{Choice, UserOption};

    fn choice(id: i32, name: &str) -> Choice {
        Choice {
            id,
            name: name.to_owned(),
            colour: String::new(),
        }
    }

    fn priority(id: i32, name: &str, urgency: i32) -> PriorityOption {
        PriorityOption {
            id,
            name: name.to_owned(),
            colour: String::new(),
            urgency,
        }
    }

    fn user(id: i32, site_id: i32) -> UserOption {
        UserOption {
            id,
            name: format!("User {id}"),
            email: String::new(),
            site_id,
        }
    }

    fn choices() -> WorkflowChoices {
        WorkflowChoices {
            priorities: vec![priority(1, "Critical", 0), priority(4, "Low", 1)],
            ticket_types: vec![choice(1, "Incident"), choice(3, "Service Request")],
            teams: vec![choice(1, "Service Desk"), choice(2, "Field Engineers")],
            agents: vec![
                AgentOption {
                    id: 7,
                    name: "Ana".to_owned(),
                    team_name: "Field Engineers".to_owned(),
                },
                AgentOption {
                    id: 8,
                    name: "Teamless".to_owned(),
                    team_name: String::new(),
                },
            ],
            ..WorkflowChoices::default()
        }
    }

    fn client() -> ClientDetails {
        ClientDetails {
            client_id: 12,
            client_name: "Acme".to_owned(),
            sites: vec![choice(100, "Head Office"), choice(101, "Warehouse")],
            users: vec![user(50, 100), user(51, 101), user(52, 0)],
            priorities: vec![
                priority(2, "High", 0),
                priority(3, "Medium", 1),
                priority(5, "Low", 2),
            ],
            default_priority_id: None,
        }
    }

    fn form() -> NewTicketForm {
        NewTicketForm {
            client_id: Some(12),
            ticket_type_id: Some(1),
            summary: "Printer offline in accounts".to_owned(),
            ..NewTicketForm::default()
        }
    }

    /// The valid base form with one change.
    fn with(change: impl FnOnce(&mut NewTicketForm)) -> NewTicketForm {
        let mut form = form();
        change(&mut form);
        form
    }

    fn validate(form: &NewTicketForm) -> TicketValidation {
        validate_new_ticket(form, &choices(), Some(&client()), "Service Desk")
    }

    fn fields(validation: &TicketValidation) -> Vec<&str> {
        validation
            .problems
            .iter()
            .map(|p| p.field.as_str())
            .collect()
    }

    #[test]
    fn a_minimal_form_passes_and_gets_the_routing_defaults() {
        let v = validate(&with(|f| {
            f.summary = "  Printer offline  ".to_owned();
            f.details = "\n It jams.\n".to_owned();
            f.category = " Hardware > Printer ".to_owned();
        }));
        assert_eq!(v.problems, []);
        let expected = with(|f| {
            f.summary = "Printer offline".to_owned();
            f.details = "It jams.".to_owned();
            f.category = "Hardware>Printer".to_owned();
            f.priority_id = Some(3);
            f.team_name = Some("Service Desk".to_owned());
        });
        assert_eq!(v.resolved, expected);
    }

    #[test]
    fn each_problem_names_its_field() {
        let cases: [(NewTicketForm, &[&str]); 16] = [
            (with(|f| f.client_id = None), &["clientId"]),
            (with(|f| f.site_id = Some(999)), &["siteId"]),
            (with(|f| f.user_id = Some(999)), &["userId"]),
            (
                with(|f| (f.user_id, f.site_id) = (Some(51), Some(100))),
                &["userId"],
            ),
            (with(|f| f.ticket_type_id = None), &["ticketTypeId"]),
            (with(|f| f.ticket_type_id = Some(2)), &["ticketTypeId"]),
            // Critical is the instance's, but not under this client's SLA.
            (with(|f| f.priority_id = Some(1)), &["priorityId"]),
            (with(|f| f.category = "A>B>C>D>E".to_owned()), &["category"]),
            (with(|f| f.category = "Hardware>".to_owned()), &["category"]),
            (with(|f| f.category = "> Printer".to_owned()), &["category"]),
            (with(|f| f.summary = " \t ".to_owned()), &["summary"]),
            (with(|f| f.summary = "x".repeat(256)), &["summary"]),
            (
                with(|f| f.team_name = Some("Nobody".to_owned())),
                &["teamName"],
            ),
            (with(|f| f.agent_id = Some(99)), &["agentId"]),
            (
                with(|f| (f.client_id, f.ticket_type_id, f.summary) = (None, None, String::new())),
                &["clientId", "ticketTypeId", "summary"],
            ),
            (
                with(|f| (f.site_id, f.user_id, f.priority_id) = (Some(999), Some(999), Some(1))),
                &["siteId", "userId", "priorityId"],
            ),
        ];
        for (form, expected) in cases {
            assert_eq!(fields(&validate(&form)), expected, "{form:?}");
        }
    }

    #[test]
    fn summaries_are_measured_in_characters_not_bytes() {
        let longest = with(|f| f.summary = "é".repeat(MAX_SUMMARY_CHARS));
        assert_eq!(validate(&longest).problems, []);
        let v = validate(&with(|f| f.summary = "é".repeat(300)));
        assert_eq!(
            v.problems[0].message,
            "The summary is 300 characters long: shorten it to 255 or fewer."
        );
    }

    #[test]
    fn categories_of_up_to_four_levels_pass() {
        let cases = [
            ("", ""),
            ("  ", ""),
            ("Software", "Software"),
            ("A>B>C>D", "A>B>C>D"),
        ];
        for (category, path) in cases {
            let v = validate(&with(|f| f.category = category.to_owned()));
            assert_eq!(v.problems, [], "{category:?}");
            assert_eq!(v.resolved.category, path);
        }
    }

    #[test]
    fn client_details_must_be_loaded_for_the_chosen_client() {
        let other = ClientDetails {
            client_id: 13,
            ..client()
        };
        for details in [None, Some(&other)] {
            let v = validate_new_ticket(&form(), &choices(), details, "");
            assert_eq!(fields(&v), ["clientId"]);
            assert!(
                v.problems[0]
                    .message
                    .starts_with("The client could not be checked: ")
            );
            // Unchecked client details give no defaults either.
            assert_eq!(v.resolved.priority_id, None);
        }
    }

    #[test]
    fn the_site_follows_the_user_else_the_only_site() {
        let site = |user_id, client: &ClientDetails| {
            let form = with(|f| f.user_id = user_id);
            validate_new_ticket(&form, &choices(), Some(client), "")
                .resolved
                .site_id
        };
        let one_site = ClientDetails {
            sites: vec![choice(100, "Head Office")],
            ..client()
        };
        assert_eq!(site(Some(51), &client()), Some(101));
        assert_eq!(site(None, &client()), None);
        assert_eq!(site(Some(52), &client()), None);
        assert_eq!(site(None, &one_site), Some(100));
        assert_eq!(site(Some(52), &one_site), Some(100));
        // A chosen site stays, and a user without a site fits it.
        let v = validate(&with(|f| (f.site_id, f.user_id) = (Some(101), Some(52))));
        assert_eq!((v.problems.len(), v.resolved.site_id), (0, Some(101)));
    }

    #[test]
    fn the_priority_defaults_to_the_clients_then_medium_then_the_instances() {
        let priority = |client: &ClientDetails, chosen| {
            let form = with(|f| f.priority_id = chosen);
            let v = validate_new_ticket(&form, &choices(), Some(client), "");
            assert_eq!(v.problems, []);
            v.resolved.priority_id
        };
        let own_default = ClientDetails {
            default_priority_id: Some(5),
            ..client()
        };
        let no_sla = ClientDetails {
            priorities: Vec::new(),
            ..client()
        };
        assert_eq!(priority(&client(), None), Some(3));
        assert_eq!(priority(&client(), Some(2)), Some(2));
        assert_eq!(priority(&own_default, None), Some(5));
        assert_eq!(priority(&no_sla, None), Some(4));
        assert_eq!(priority(&no_sla, Some(1)), Some(1));
    }

    #[test]
    fn the_team_is_the_chosen_one_else_the_agents_else_mine() {
        let named = |name: &str| Some(name.to_owned());
        let cases = [
            (
                Some(" service DESK "),
                Some(7),
                "Field Engineers",
                named("Service Desk"),
            ),
            (None, Some(7), "Service Desk", named("Field Engineers")),
            (
                Some("  "),
                Some(7),
                "Service Desk",
                named("Field Engineers"),
            ),
            (None, Some(8), "Service Desk", None),
            (None, Some(99), "Service Desk", None),
            (None, None, " Service Desk ", named("Service Desk")),
            (None, None, "", None),
            (Some("Nobody"), None, "Service Desk", named("Nobody")),
        ];
        for (chosen, agent_id, me_team, expected) in cases {
            let form = with(|f| (f.team_name, f.agent_id) = (chosen.map(str::to_owned), agent_id));
            let team = validate_new_ticket(&form, &choices(), Some(&client()), me_team)
                .resolved
                .team_name;
            assert_eq!(team, expected, "{chosen:?} {agent_id:?} {me_team:?}");
        }
    }
}
