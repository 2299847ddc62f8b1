//! The seeded, deterministic data set of a simulated instance: this instance's configuration
//! (statuses, SLA policies, outcomes: the domain brief's tables) and realistic MSP data around
//! it. The same seed and size always give the same data, relative to the clock's start.

use chrono::{DateTime, TimeDelta, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

mod catalog;
mod text;

use self::text::{ISSUES, TINY_PNG, WORK_NOTES, details, fill};
use crate::model::{Action, Agent, Attachment, Catalog, Ticket, User};
use crate::sla;
use crate::timeline;

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

pub(crate) fn generate(seed: u64, ticket_count: usize, now: DateTime<Utc>) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let catalog = catalog::catalog(&mut rng);
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

/// Where a seeded open ticket stands against its fix target, so every SLA state is present.
#[derive(Clone, Copy)]
enum Standing {
    Closed,
    Breached,
    AtRisk,
    Paused,
    OnTrack,
}

fn add_ticket(data: &mut Dataset, rng: &mut ChaCha8Rng, id: i32, now: DateTime<Utc>) {
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
    let minutes =
        |rng: &mut ChaCha8Rng, lo: i64, hi: i64| TimeDelta::minutes(rng.random_range(lo..hi));
    let created = match standing {
        Standing::Closed => now - minutes(rng, 60, 90 * 24 * 60),
        Standing::Breached => now - fix - minutes(rng, 5, 5 * 24 * 60),
        Standing::AtRisk => now - fix + minutes(rng, 5, 55),
        Standing::Paused => now - minutes(rng, 30, 10 * 24 * 60),
        Standing::OnTrack => {
            let used = rng.random_range(0.02..0.85);
            now - timeline::from_seconds(timeline::seconds(fix) * used).unwrap_or(fix / 2)
        }
    };
    let created = timeline::round_to_second(created);
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
        let window = (respond_by - created).num_seconds().max(60);
        let late = matches!(standing, Standing::Breached) && rng.random_bool(0.3);
        let delay = if late {
            window + rng.random_range(60..3_600)
        } else {
            rng.random_range(30..window)
        };
        ticket.responsedate = Some((created + TimeDelta::seconds(delay)).min(now));
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
    now: DateTime<Utc>,
) {
    let mut seq = 0;
    let push = |data: &mut Dataset, action: Action| {
        data.actions.push(action);
    };
    let mut action = |outcome_id: i32, outcome: &str, at: DateTime<Utc>| {
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
            let span = (end - last).num_seconds();
            if span < 120 {
                break;
            }
            let at = last + TimeDelta::seconds(rng.random_range(60..span));
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

pub(super) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
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
                        .is_some_and(|f| f > now && f - now <= TimeDelta::hours(1))
            }),
            "at risk within the hour"
        );
        assert!(
            open.iter()
                .any(|t| t.fixbydate.is_some_and(|f| f - now > TimeDelta::hours(1))),
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
