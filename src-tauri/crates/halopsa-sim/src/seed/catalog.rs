//! This instance's configuration: the domain brief's statuses, SLA targets and outcomes, and
//! the MSP's agents, teams and customers around them.

use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::text::{CLIENT_NAMES, FIRST_NAMES, LAST_NAMES, TOWNS};
use crate::model::{
    Agent, Catalog, Client, Outcome, Policy, SLA_HOLDS, SLA_RUNS, STATUS_CLOSED, STATUS_OPEN, Site,
    Sla, Status, Team, TicketType, User,
};

pub(super) fn catalog(rng: &mut ChaCha8Rng) -> Catalog {
    let mut c = Catalog::default();
    let statuses = [
        (1, "New", "New", STATUS_OPEN, SLA_RUNS, "#3b82f6"),
        (2, "In Progress", "Prog", STATUS_OPEN, SLA_RUNS, "#16a34a"),
        (3, "Pending", "Pend", STATUS_OPEN, SLA_RUNS, "#a855f7"),
        (4, "On Hold", "Hold", STATUS_OPEN, SLA_HOLDS, "#f59e0b"),
        (
            5,
            "Waiting on Client",
            "WoC",
            STATUS_OPEN,
            SLA_HOLDS,
            "#f97316",
        ),
        (
            6,
            "Waiting on Third Party",
            "W3P",
            STATUS_OPEN,
            SLA_HOLDS,
            "#eab308",
        ),
        (8, "Resolved", "Res", STATUS_CLOSED, SLA_RUNS, "#64748b"),
        (9, "Closed", "Closed", STATUS_CLOSED, SLA_RUNS, "#334155"),
    ];
    for (sequence, (id, name, short, kind, action, colour)) in (1..).zip(statuses) {
        c.statuses.insert(
            id,
            Status {
                id,
                name: name.into(),
                shortname: short.into(),
                kind,
                sequence,
                colour: colour.into(),
                slaaction: action.into(),
            },
        );
    }

    // Two SLAs: the brief's standard targets, and a faster one for premium contracts.
    c.slas.insert(1, sla(1, "Standard SLA"));
    c.slas.insert(2, sla(2, "Premium SLA"));
    let priorities = [
        (1, "Critical", "#dc2626", (15.0, "M"), (1.0, "H")),
        (2, "High", "#f97316", (1.0, "H"), (4.0, "H")),
        (3, "Medium", "#eab308", (4.0, "H"), (8.0, "H")),
        (4, "Low", "#22c55e", (8.0, "H"), (24.0, "H")),
    ];
    for (slaid, speedup) in [(1, 1.0), (2, 0.5)] {
        for (priorityid, name, colour, response, fix) in priorities {
            c.policies.insert(
                (slaid, priorityid),
                Policy {
                    id: format!("00000000-0000-4000-8000-{slaid:06}{priorityid:06}"),
                    slaid,
                    priorityid,
                    name: name.into(),
                    colour: colour.into(),
                    responsetime: response.0 * speedup,
                    responseunits: response.1.into(),
                    fixtime: fix.0 * speedup,
                    fixunits: fix.1.into(),
                },
            );
        }
    }

    for (sequence, (id, name)) in (1..).zip([
        (1, "Incident"),
        (2, "Service Request"),
        (3, "Problem"),
        (4, "Change Request"),
    ]) {
        c.ticket_types.insert(
            id,
            TicketType {
                id,
                name: name.into(),
                sequence,
                agentscanselect: true,
            },
        );
    }

    for (id, name) in [
        (1, "Service Desk"),
        (2, "Infrastructure"),
        (3, "Projects"),
        (4, "Escalations"),
    ] {
        c.teams.insert(
            id,
            Team {
                id,
                name: name.into(),
                inactive: false,
            },
        );
    }

    let agents = [
        ("Alex", "Morgan", 1),
        ("Priya", "Shah", 1),
        ("Tom", "Becker", 1),
        ("Grace", "Okafor", 1),
        ("Liam", "Walsh", 2),
        ("Sofia", "Rossi", 2),
        ("Daniel", "Kim", 2),
        ("Hannah", "Lee", 3),
        ("Marcus", "Grant", 3),
        ("Olivia", "Brennan", 4),
        ("Samir", "Haddad", 4),
        ("Chloe", "Dubois", 1),
    ];
    for (id, (first, last, team_id)) in (1..).zip(agents) {
        c.agents.insert(
            id,
            Agent {
                id,
                name: format!("{first} {last}"),
                firstname: first.into(),
                surname: last.into(),
                initials: format!("{}{}", &first[..1], &last[..1]),
                email: format!(
                    "{}.{}@halodesk-msp.example",
                    first.to_lowercase(),
                    last.to_lowercase()
                ),
                team: c.teams[&team_id].name.clone(),
                isdisabled: false,
                is_agent: true,
                team_id,
            },
        );
    }

    let outcomes = [
        "Private Note",
        "Email User",
        "Phone Call",
        "Site Visit",
        "Customer Update",
        "Investigation",
        "Escalation",
        "Resolution",
        "Time Entry",
        "Email Received",
    ];
    for (id, name) in (1..).zip(outcomes) {
        c.outcomes.insert(
            id,
            Outcome {
                id,
                outcome: name.into(),
                buttonname: name.into(),
                sequence: id,
                hidden: false,
                applies_new_status: name != "Private Note",
            },
        );
    }

    let mut site_id = 0;
    let mut user_id = 0;
    for (id, (first, second)) in (1..).zip(CLIENT_NAMES) {
        let name = format!("{first} {second}");
        let domain = format!("{}.example", first.to_lowercase().replace(' ', ""));
        let sla_id = if id % 5 == 0 { 2 } else { 1 };
        c.clients.insert(
            id,
            Client {
                id,
                name: name.clone(),
                inactive: false,
                sla_id,
            },
        );
        let site_count = rng.random_range(1..=3);
        for s in 0..site_count {
            site_id += 1;
            let site_name = match s {
                0 => "Head Office".to_owned(),
                _ => format!("{} Branch", TOWNS.choose(rng).copied().unwrap_or("North")),
            };
            c.sites.insert(
                site_id,
                Site {
                    id: site_id,
                    name: site_name.clone(),
                    client_id: id,
                    client_name: name.clone(),
                    inactive: false,
                },
            );
            for _ in 0..rng.random_range(2..=8) {
                user_id += 1;
                let first = FIRST_NAMES.choose(rng).copied().unwrap_or("Sam");
                let last = LAST_NAMES.choose(rng).copied().unwrap_or("Taylor");
                c.users.insert(
                    user_id,
                    User {
                        id: user_id,
                        name: format!("{first} {last}"),
                        firstname: first.into(),
                        surname: last.into(),
                        emailaddress: format!(
                            "{}.{}@{domain}",
                            first.to_lowercase(),
                            last.to_lowercase()
                        ),
                        site_id,
                        site_name: site_name.clone(),
                        client_id: id,
                        client_name: name.clone(),
                        inactive: false,
                    },
                );
            }
        }
    }
    c
}

fn sla(id: i32, name: &str) -> Sla {
    Sla {
        id,
        name: name.into(),
        trackslaresponsetime: true,
        trackslafixbytime: true,
    }
}
