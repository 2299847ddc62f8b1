//! The SLA clock of a simulated instance: deadlines from the priority policy, holds that pause
//! the clock and push the deadlines out on resume, and the states Halo reports.
//!
//! Targets run around the clock (a 24x7 working-hours calendar); business-hours calendars are
//! not simulated.

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::{Policy, Ticket};
use crate::timeline;

/// A policy target such as `4` `"H"` as a duration. Units are minutes, hours or days.
pub(crate) fn target(amount: f64, units: &str) -> TimeDelta {
    let unit_secs = match units {
        "M" | "m" => 60.0,
        "D" | "d" => 86_400.0,
        _ => 3_600.0,
    };
    timeline::from_seconds(amount * unit_secs).unwrap_or_default()
}

/// Sets both deadlines from the creation time, the policy and the hold time so far.
pub(crate) fn set_deadlines(ticket: &mut Ticket, policy: &Policy) {
    let held = hours(ticket.slaholdtime);
    let from = later(ticket.datecreated, held);
    ticket.respondbydate = Some(later(
        from,
        target(policy.responsetime, &policy.responseunits),
    ));
    ticket.fixbydate = Some(later(from, target(policy.fixtime, &policy.fixunits)));
}

/// Starts a hold: the clock stops counting for this ticket.
pub(crate) fn hold(ticket: &mut Ticket, now: DateTime<Utc>) {
    if ticket.hold_started.is_none() {
        ticket.hold_started = Some(now);
    }
}

/// Ends a hold: its length is added to the hold time and to every deadline not yet met.
pub(crate) fn resume(ticket: &mut Ticket, now: DateTime<Utc>) {
    let Some(started) = ticket.hold_started.take() else {
        return;
    };
    let held = (now - started).max(TimeDelta::zero());
    ticket.slaholdtime += timeline::seconds(held) / 3_600.0;
    if ticket.responsedate.is_none() {
        ticket.respondbydate = ticket.respondbydate.map(|at| later(at, held));
    }
    ticket.fixbydate = ticket.fixbydate.map(|at| later(at, held));
}

/// Records the first response. A response during a hold comes at the SLA time the hold
/// stopped at, so the target moves by the hold so far.
pub(crate) fn record_response(ticket: &mut Ticket, now: DateTime<Utc>) {
    if ticket.responsedate.is_some() {
        return;
    }
    if let Some(started) = ticket.hold_started {
        let held = (now - started).max(TimeDelta::zero());
        ticket.respondbydate = ticket.respondbydate.map(|at| later(at, held));
    }
    ticket.responsedate = Some(now);
}

/// `at + by`, held at the end of time rather than overflowing.
pub(crate) fn later(at: DateTime<Utc>, by: TimeDelta) -> DateTime<Utc> {
    timeline::saturating_add(at, by)
}

/// The instant the SLA is measured at: now, or when the clock stopped for a hold or closure.
fn measured_at(ticket: &Ticket, now: DateTime<Utc>) -> DateTime<Utc> {
    ticket.dateclosed.or(ticket.hold_started).unwrap_or(now)
}

/// `slaresponsestate`: `"I"` inside the response target, `"O"` outside, empty when not measured.
pub(crate) fn response_state(ticket: &Ticket, now: DateTime<Utc>) -> &'static str {
    let Some(respond_by) = ticket.respondbydate.filter(|_| !ticket.excludefromsla) else {
        return "";
    };
    let at = ticket
        .responsedate
        .unwrap_or_else(|| measured_at(ticket, now));
    if at > respond_by { "O" } else { "I" }
}

/// `slastate`: the same for the fix target.
pub(crate) fn fix_state(ticket: &Ticket, now: DateTime<Utc>) -> &'static str {
    let Some(fix_by) = ticket.fixbydate.filter(|_| !ticket.excludefromsla) else {
        return "";
    };
    if measured_at(ticket, now) > fix_by {
        "O"
    } else {
        "I"
    }
}

/// `slatimeleft` in hours (negative once breached) and `slapercused` of the fix target.
pub(crate) fn timer(ticket: &Ticket, now: DateTime<Utc>) -> Option<(f64, f64)> {
    let fix_by = ticket.fixbydate.filter(|_| !ticket.excludefromsla)?;
    let at = measured_at(ticket, now);
    let left = timeline::seconds(fix_by - at) / 3_600.0;
    let window = timeline::seconds(fix_by - ticket.datecreated) / 3_600.0;
    let held = ticket.slaholdtime;
    let used = (timeline::seconds(at - ticket.datecreated) / 3_600.0) - held;
    let percent = if window - held > 0.0 {
        (used / (window - held) * 100.0).max(0.0)
    } else {
        100.0
    };
    Some((round2(left), percent.round()))
}

fn hours(h: f64) -> TimeDelta {
    timeline::from_seconds(h * 3_600.0).unwrap_or_default()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn policy() -> Policy {
        Policy {
            id: String::new(),
            slaid: 1,
            priorityid: 2,
            name: "High".into(),
            colour: String::new(),
            responsetime: 1.0,
            responseunits: "H".into(),
            fixtime: 4.0,
            fixunits: "H".into(),
        }
    }

    fn ticket(created: DateTime<Utc>) -> Ticket {
        let mut ticket = Ticket::opened(1, 1, 1, created);
        ticket.priority_id = 2;
        set_deadlines(&mut ticket, &policy());
        ticket
    }

    #[test]
    fn deadlines_come_from_the_policy() {
        let t = ticket(at("2026-01-05T09:00:00Z"));
        assert_eq!(t.respondbydate, Some(at("2026-01-05T10:00:00Z")));
        assert_eq!(t.fixbydate, Some(at("2026-01-05T13:00:00Z")));
        assert_eq!(target(15.0, "M"), TimeDelta::minutes(15));
        assert_eq!(target(1.0, "D"), TimeDelta::hours(24));
    }

    #[test]
    fn a_hold_stops_the_clock_and_moves_the_deadlines_on_resume() {
        let mut t = ticket(at("2026-01-05T09:00:00Z"));
        hold(&mut t, at("2026-01-05T09:30:00Z"));
        // Hours later the ticket is still inside its target: the clock stood still.
        assert_eq!(fix_state(&t, at("2026-01-05T20:00:00Z")), "I");
        assert_eq!(timer(&t, at("2026-01-05T20:00:00Z")).unwrap().0, 3.5);
        resume(&mut t, at("2026-01-05T11:30:00Z"));
        assert_eq!(t.slaholdtime, 2.0);
        assert_eq!(t.respondbydate, Some(at("2026-01-05T12:00:00Z")));
        assert_eq!(t.fixbydate, Some(at("2026-01-05T15:00:00Z")));
    }

    #[test]
    fn states_turn_to_outside_once_a_target_passes() {
        let t = ticket(at("2026-01-05T09:00:00Z"));
        assert_eq!(response_state(&t, at("2026-01-05T09:59:00Z")), "I");
        assert_eq!(response_state(&t, at("2026-01-05T10:01:00Z")), "O");
        assert_eq!(fix_state(&t, at("2026-01-05T13:01:00Z")), "O");
        let (left, used) = timer(&t, at("2026-01-05T11:00:00Z")).unwrap();
        assert_eq!((left, used), (2.0, 50.0));
    }

    #[test]
    fn a_response_in_time_stays_inside_after_the_target_passes() {
        let mut t = ticket(at("2026-01-05T09:00:00Z"));
        t.responsedate = Some(at("2026-01-05T09:20:00Z"));
        assert_eq!(response_state(&t, at("2026-01-06T00:00:00Z")), "I");
    }

    #[test]
    fn excluded_tickets_are_not_measured() {
        let mut t = ticket(at("2026-01-05T09:00:00Z"));
        t.excludefromsla = true;
        assert_eq!(fix_state(&t, at("2026-02-01T00:00:00Z")), "");
        assert!(timer(&t, at("2026-02-01T00:00:00Z")).is_none());
    }
}
