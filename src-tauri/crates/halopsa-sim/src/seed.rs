//! The seeded, deterministic data set of a simulated instance: this instance's configuration
//! (statuses, SLA policies, outcomes: the domain brief's tables) and realistic MSP data around
//! it. The same seed and size always give the same data, relative to the clock's start.

use jiff::{SignedDuration, Timestamp};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{
    Action, Agent, Attachment, Catalog, Client, Outcome, Policy, SLA_HOLDS, SLA_RUNS,
    STATUS_CLOSED, STATUS_OPEN, Site, Sla, Status, Team, Ticket, TicketType, User,
};
use crate::sla;

/// Everything a freshly seeded instance holds.
#[derive(Debug)]
pub(crate) struct Dataset {
    pub catalog: Catalog,
    pub tickets: Vec<Ticket>,
    pub actions: Vec<Action>,
    pub attachments: Vec<Attachment>,
}

pub(crate) const STATUS_NEW: i32 = 1;
pub(crate) const STATUS_IN_PROGRESS: i32 = 2;
const OPEN_STATUSES: [i32; 2] = [STATUS_NEW, STATUS_IN_PROGRESS];
const PENDING: i32 = 3;
const HOLD_STATUSES: [i32; 3] = [4, 5, 6];
const RESOLVED: i32 = 8;
const CLOSED: i32 = 9;

/// The Medium priority, which new tickets get when none is given.
pub(crate) const DEFAULT_PRIORITY: i32 = 3;
pub(crate) const DEFAULT_TICKET_TYPE: i32 = 1;

pub(crate) fn generate(seed: u64, ticket_count: usize, now: Timestamp) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let catalog = catalog(&mut rng);
    let mut dataset = Dataset {
        catalog,
        tickets: Vec::with_capacity(ticket_count),
        actions: Vec::new(),
        attachments: Vec::new(),
    };
    for n in 0..ticket_count {
        let id = i32::try_from(n).unwrap_or(i32::MAX - 1) + 1;
        add_ticket(&mut dataset, &mut rng, id, now);
    }
    dataset
}

fn catalog(rng: &mut ChaCha8Rng) -> Catalog {
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

/// Where a seeded open ticket stands against its fix target, so every SLA state is present.
#[derive(Clone, Copy)]
enum Standing {
    Closed,
    Breached,
    AtRisk,
    Paused,
    OnTrack,
}

fn add_ticket(data: &mut Dataset, rng: &mut ChaCha8Rng, id: i32, now: Timestamp) {
    let c = &data.catalog;
    let user = (*pick(rng, c.users.values().collect::<Vec<_>>().as_slice())).clone();
    let client = &c.clients[&user.client_id];
    let priority_id = *[1, 2, 2, 3, 3, 3, 3, 4, 4, 4].choose(rng).unwrap_or(&3);
    let policy = c.policies[&(client.sla_id, priority_id)].clone();
    let fix = sla::target(policy.fixtime, &policy.fixunits);
    let issue = pick(rng, &ISSUES);

    let standing = match rng.random_range(0..100) {
        0..35 => Standing::Closed,
        35..50 => Standing::Breached,
        50..60 => Standing::AtRisk,
        60..70 => Standing::Paused,
        _ => Standing::OnTrack,
    };
    let minutes = |rng: &mut ChaCha8Rng, lo: i64, hi: i64| {
        SignedDuration::from_mins(rng.random_range(lo..hi))
    };
    let created = match standing {
        Standing::Closed => now - minutes(rng, 60, 90 * 24 * 60),
        Standing::Breached => now - fix - minutes(rng, 5, 5 * 24 * 60),
        Standing::AtRisk => now - fix + minutes(rng, 5, 55),
        Standing::Paused => now - minutes(rng, 30, 10 * 24 * 60),
        Standing::OnTrack => {
            let used = rng.random_range(0.02..0.85);
            now - SignedDuration::try_from_secs_f64(fix.as_secs_f64() * used).unwrap_or(fix / 2)
        }
    };
    let created = created.round(jiff::Unit::Second).unwrap_or(created);
    let team_id = issue.team;
    let agents_in_team: Vec<&Agent> = c.agents.values().filter(|a| a.team_id == team_id).collect();
    let agent_id = match standing {
        Standing::AtRisk | Standing::Breached if rng.random_bool(0.3) => 0,
        _ => pick(rng, &agents_in_team).id,
    };
    let status_id = match standing {
        Standing::Closed => *[RESOLVED, CLOSED, CLOSED].choose(rng).unwrap_or(&CLOSED),
        Standing::Paused => *HOLD_STATUSES.choose(rng).unwrap_or(&4),
        _ if agent_id == 0 => STATUS_NEW,
        _ => *[OPEN_STATUSES[1], OPEN_STATUSES[1], PENDING, STATUS_NEW]
            .choose(rng)
            .unwrap_or(&STATUS_NEW),
    };

    let mut ticket = Ticket {
        summary: fill(issue.summary, rng, &user.firstname),
        details: details(id, issue, rng, &user.firstname),
        site_id: user.site_id,
        user_id: user.id,
        status_id,
        priority_id,
        tickettype_id: issue.ticket_type,
        agent_id,
        team_id,
        categories: [
            issue.category.into(),
            String::new(),
            String::new(),
            String::new(),
        ],
        reportedby: user.emailaddress.clone(),
        dateoccurred: created - minutes(rng, 0, 120),
        ..Ticket::opened(id, client.id, client.sla_id, created)
    };
    sla::set_deadlines(&mut ticket, &policy);
    let respond_by = ticket.respondbydate.unwrap_or(created);
    let worked = status_id != STATUS_NEW;
    if worked {
        let window = respond_by.duration_since(created).as_secs().max(60);
        let late = matches!(standing, Standing::Breached) && rng.random_bool(0.3);
        let delay = if late {
            window + rng.random_range(60..3_600)
        } else {
            rng.random_range(30..window)
        };
        ticket.responsedate = Some((created + SignedDuration::from_secs(delay)).min(now));
    }
    match standing {
        Standing::Closed => {
            let closed = (created + minutes(rng, 20, 5 * 24 * 60)).min(now);
            ticket.dateclosed = Some(closed);
        }
        Standing::Paused => {
            let held_since = now - minutes(rng, 10, 2 * 24 * 60);
            ticket.hold_started = Some(held_since.max(ticket.responsedate.unwrap_or(created)));
        }
        _ => {}
    }
    add_history(data, rng, &mut ticket, &user, now);
    data.tickets.push(ticket);
}

/// The ticket's actions: the user's email that opened it, the agents' work, and any closure.
fn add_history(
    data: &mut Dataset,
    rng: &mut ChaCha8Rng,
    ticket: &mut Ticket,
    user: &User,
    now: Timestamp,
) {
    let mut seq = 0;
    let push = |data: &mut Dataset, action: Action| {
        data.actions.push(action);
    };
    let mut action = |outcome_id: i32, outcome: &str, at: Timestamp| {
        seq += 1;
        Action {
            ticket_id: ticket.id,
            id: seq,
            outcome_id,
            outcome: outcome.into(),
            note: String::new(),
            hiddenfromuser: false,
            timetaken: 0.0,
            nonbilltime: 0.0,
            traveltime: 0.0,
            chargerate: 0,
            actisbillable: false,
            important: false,
            new_status: 0,
            who_agentid: 0,
            system: false,
            from_user: false,
            emailto: String::new(),
            emailsubject: String::new(),
            datetime: at,
        }
    };

    let mut opened = action(10, "Email Received", ticket.datecreated);
    opened.from_user = true;
    opened.note = ticket.details.clone();
    opened.emailsubject = ticket.summary.clone();
    push(data, opened);
    let mut last = ticket.datecreated;

    if let Some(responded) = ticket.responsedate {
        let mut reply = action(5, "Customer Update", responded);
        reply.who_agentid = ticket.agent_id;
        reply.emailto = user.emailaddress.clone();
        reply.note = format!(
            "<p>Hi {},</p><p>Thanks for getting in touch. I'm looking into this now and will update you shortly.</p>",
            user.firstname
        );
        push(data, reply);
        last = responded;
        let end = ticket.dateclosed.or(ticket.hold_started).unwrap_or(now);
        for _ in 0..rng.random_range(0..3) {
            let span = end.duration_since(last).as_secs();
            if span < 120 {
                break;
            }
            let at = last + SignedDuration::from_secs(rng.random_range(60..span));
            let hours = f64::from(rng.random_range(1..9_u8)) * 0.25;
            let mut work = action(6, "Investigation", at);
            work.who_agentid = ticket.agent_id;
            work.hiddenfromuser = true;
            work.timetaken = hours;
            work.actisbillable = rng.random_bool(0.7);
            work.note = pick(rng, &WORK_NOTES).to_string();
            ticket.timetaken += hours;
            push(data, work);
            last = at;
        }
    }
    if let Some(closed) = ticket.dateclosed {
        let mut resolution = action(8, "Resolution", closed.max(last));
        resolution.who_agentid = ticket.agent_id;
        resolution.new_status = ticket.status_id;
        resolution.note =
            "<p>Resolved: confirmed with the user that everything is working again.</p>".into();
        last = closed.max(last);
        push(data, resolution);
    }
    if rng.random_range(0..100) < 5 {
        let (filename, isimage, bytes): (&str, bool, &[u8]) = if rng.random_bool(0.5) {
            ("screenshot.png", true, TINY_PNG)
        } else {
            ("event-log.txt", false, b"2026-01-05 09:14:02 ERROR Outlook: The connection to Microsoft Exchange is unavailable.\n")
        };
        data.attachments.push(Attachment {
            id: i32::try_from(data.attachments.len()).unwrap_or(i32::MAX - 1) + 1,
            ticket_id: ticket.id,
            action_id: 1,
            filename: filename.into(),
            note: String::new(),
            isimage,
            showforusers: true,
            unique_id: format!(
                "{:08x}-0000-4000-8000-{:012x}",
                ticket.id,
                data.attachments.len()
            ),
            datecreated: ticket.datecreated,
            data: axum::body::Bytes::from_static(bytes),
        });
    }
    ticket.lastactiondate = last;
    ticket.last_update = last;
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

struct Issue {
    summary: &'static str,
    body: &'static str,
    category: &'static str,
    team: i32,
    ticket_type: i32,
}

fn fill(template: &str, rng: &mut ChaCha8Rng, first_name: &str) -> String {
    let floor = pick(rng, &FLOORS);
    let app = pick(rng, &APPS);
    template
        .replace("{floor}", floor)
        .replace("{app}", app)
        .replace("{name}", first_name)
}

/// The ticket body: realistic HTML from an email, and now and then a hostile one, because real
/// ticket bodies arrive from the outside world.
fn details(id: i32, issue: &Issue, rng: &mut ChaCha8Rng, first_name: &str) -> String {
    if id % 97 == 13 {
        return HOSTILE[usize::try_from(id).unwrap_or(0) % HOSTILE.len()].to_owned();
    }
    format!(
        "<p>Hi support,</p><p>{}</p><p>Thanks,<br>{first_name}</p>",
        fill(issue.body, rng, first_name)
    )
}

const FLOORS: [&str; 4] = ["1st", "2nd", "3rd", "ground"];
const APPS: [&str; 6] = [
    "Xero",
    "Sage",
    "Teams",
    "Outlook",
    "OneDrive",
    "Adobe Acrobat",
];

const HOSTILE: [&str; 3] = [
    "<p>Please see below</p><script>window.__halodeskPwned = true;</script><p>Regards</p>",
    "<p>Screenshot attached</p><img src=\"x\" onerror=\"window.__halodeskPwned = true\">",
    "<p>Click <a href=\"javascript:window.__halodeskPwned=true\">here</a> to view the invoice.</p>",
];

const ISSUES: [Issue; 14] = [
    Issue {
        summary: "Outlook keeps asking for my password",
        body: "Since this morning Outlook prompts for my password every few minutes. Webmail works fine.",
        category: "Email>Outlook",
        team: 1,
        ticket_type: 1,
    },
    Issue {
        summary: "Printer on the {floor} floor is offline",
        body: "The printer on the {floor} floor shows offline for everyone. We've turned it off and on again.",
        category: "Hardware>Printer",
        team: 1,
        ticket_type: 1,
    },
    Issue {
        summary: "VPN disconnects every 10 minutes",
        body: "Working from home, the VPN drops every 10 minutes and I lose access to the shared drives.",
        category: "Network>VPN",
        team: 2,
        ticket_type: 1,
    },
    Issue {
        summary: "New starter: laptop and accounts for Monday",
        body: "We have a new starter on Monday in accounts. They need a laptop, email and access to {app}.",
        category: "Accounts>New Starter",
        team: 1,
        ticket_type: 2,
    },
    Issue {
        summary: "{app} crashes when opening large files",
        body: "{app} freezes and then closes whenever I open anything over about 20 MB.",
        category: "Software>Desktop",
        team: 1,
        ticket_type: 1,
    },
    Issue {
        summary: "Shared drive very slow for the whole office",
        body: "Opening files from the S: drive takes minutes for everyone at this site.",
        category: "Network>File Server",
        team: 2,
        ticket_type: 1,
    },
    Issue {
        summary: "Please reset MFA for {name}",
        body: "{name} has a new phone and can no longer approve sign-ins.",
        category: "Accounts>MFA",
        team: 1,
        ticket_type: 2,
    },
    Issue {
        summary: "Server backup failed overnight",
        body: "The backup report shows last night's job failed with a VSS error on the file server.",
        category: "Infrastructure>Backup",
        team: 2,
        ticket_type: 1,
    },
    Issue {
        summary: "Wi-Fi drops in the meeting room",
        body: "Laptops lose the Wi-Fi in the main meeting room during calls.",
        category: "Network>Wireless",
        team: 2,
        ticket_type: 1,
    },
    Issue {
        summary: "Install {app} for the finance team",
        body: "Finance need {app} installed on four machines before month end.",
        category: "Software>Install",
        team: 1,
        ticket_type: 2,
    },
    Issue {
        summary: "Suspicious email with an invoice link",
        body: "Several of us got an email with an 'overdue invoice' link. Nobody has clicked it yet.",
        category: "Security>Phishing",
        team: 4,
        ticket_type: 1,
    },
    Issue {
        summary: "Firewall firmware upgrade",
        body: "Please schedule the firmware upgrade on the firewall out of hours.",
        category: "Infrastructure>Firewall",
        team: 2,
        ticket_type: 4,
    },
    Issue {
        summary: "Office move: 12 desks to the {floor} floor",
        body: "We are moving 12 people to the {floor} floor next week and need the desks patched.",
        category: "Projects>Office Move",
        team: 3,
        ticket_type: 2,
    },
    Issue {
        summary: "Recurring blue screens on reception PC",
        body: "The reception PC has blue-screened three times this week, each time with MEMORY_MANAGEMENT.",
        category: "Hardware>Desktop",
        team: 4,
        ticket_type: 3,
    },
];

const WORK_NOTES: [&str; 6] = [
    "<p>Checked the event logs; errors line up with the last Windows update.</p>",
    "<p>Remoted in and cleared the cached credentials. Monitoring.</p>",
    "<p>Spoke to the vendor; they are investigating on their side.</p>",
    "<p>Rebuilt the Outlook profile and re-added the shared mailboxes.</p>",
    "<p>Updated the driver and rebooted. Waiting for confirmation from the user.</p>",
    "<p>Reviewed the firewall logs: no drops from this host.</p>",
];

const CLIENT_NAMES: [(&str, &str); 24] = [
    ("Northwind", "Dental"),
    ("Harbour", "Logistics"),
    ("Bluebell", "Nurseries"),
    ("Cobalt", "Engineering"),
    ("Kestrel", "Accountants"),
    ("Meadow", "Veterinary"),
    ("Summit", "Legal LLP"),
    ("Oakridge", "Academy"),
    ("Riverside", "Clinics"),
    ("Granite", "Construction"),
    ("Lumen", "Architects"),
    ("Pioneer", "Freight"),
    ("Willow", "Care Homes"),
    ("Beacon", "Insurance"),
    ("Atlas", "Manufacturing"),
    ("Saffron", "Restaurants"),
    ("Evergreen", "Landscaping"),
    ("Orchid", "Pharmacy"),
    ("Quarry", "Estates"),
    ("Harvest", "Foods"),
    ("Falcon", "Security"),
    ("Tidewater", "Marine"),
    ("Copper", "Brewing Co"),
    ("Juniper", "Recruitment"),
];

const TOWNS: [&str; 8] = [
    "Leeds", "Bristol", "Reading", "York", "Exeter", "Derby", "Bath", "Chester",
];

const FIRST_NAMES: [&str; 16] = [
    "James", "Emma", "Oliver", "Amelia", "Noah", "Isla", "Jack", "Mia", "Harry", "Ava", "Leo",
    "Ella", "Ethan", "Zara", "Ryan", "Nina",
];

const LAST_NAMES: [&str; 16] = [
    "Smith", "Jones", "Patel", "Brown", "Wilson", "Evans", "Khan", "Clarke", "Wright", "Hughes",
    "Murphy", "Ahmed", "Turner", "Baker", "Hall", "Young",
];

/// A valid 1x1 PNG, for seeded screenshot attachments.
const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-06-01T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let a = generate(7, 200, now());
        let b = generate(7, 200, now());
        let summaries = |d: &Dataset| {
            d.tickets
                .iter()
                .map(|t| (t.summary.clone(), t.datecreated))
                .collect::<Vec<_>>()
        };
        assert_eq!(summaries(&a), summaries(&b));
        assert_ne!(summaries(&a), summaries(&generate(8, 200, now())));
    }

    #[test]
    fn every_sla_standing_is_represented() {
        let data = generate(1, 500, now());
        let now = now();
        let open: Vec<_> = data
            .tickets
            .iter()
            .filter(|t| t.dateclosed.is_none())
            .collect();
        assert!(data.tickets.iter().any(|t| t.dateclosed.is_some()));
        assert!(
            open.iter().any(|t| sla::fix_state(t, now) == "O"),
            "breached"
        );
        assert!(open.iter().any(|t| t.hold_started.is_some()), "paused");
        assert!(
            open.iter().any(|t| {
                t.hold_started.is_none()
                    && t.fixbydate
                        .is_some_and(|f| f > now && f - now <= SignedDuration::from_hours(1))
            }),
            "at risk within the hour"
        );
        assert!(
            open.iter().any(|t| t
                .fixbydate
                .is_some_and(|f| f - now > SignedDuration::from_hours(1))),
            "on track"
        );
        assert!(data.tickets.iter().all(|t| t.datecreated <= now));
    }

    #[test]
    fn some_ticket_bodies_are_hostile_and_some_tickets_have_attachments() {
        let data = generate(1, 500, now());
        assert!(data.tickets.iter().any(|t| t.details.contains("<script>")));
        assert!(data.tickets.iter().any(|t| t.details.contains("onerror=")));
        assert!(
            data.tickets
                .iter()
                .any(|t| t.details.contains("javascript:"))
        );
        assert!(!data.attachments.is_empty());
        assert!(data.actions.len() > data.tickets.len());
    }

    #[test]
    fn references_point_at_seeded_records() {
        let data = generate(3, 300, now());
        let c = &data.catalog;
        for t in &data.tickets {
            assert!(c.clients.contains_key(&t.client_id));
            assert_eq!(c.users[&t.user_id].client_id, t.client_id);
            assert!(c.statuses.contains_key(&t.status_id));
            assert!(c.policies.contains_key(&(t.sla_id, t.priority_id)));
            assert!(t.agent_id == 0 || c.agents.contains_key(&t.agent_id));
        }
    }
}
