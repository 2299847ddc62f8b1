//! The engine's table: every field combination that decides a state, at chosen instants.

mod clock;

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::engine::*;

pub(super) fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// Answered at 09:00 against a 10:00 response target; the fix is due at 16:00.
pub(super) fn open_ticket() -> SlaFacts {
    SlaFacts {
        has_sla: true,
        respond_by: Some(at("2026-11-28T10:00:00Z")),
        responded_at: Some(at("2026-11-28T09:00:00Z")),
        fix_by: Some(at("2026-11-28T16:00:00Z")),
        ..SlaFacts::default()
    }
}

fn unanswered() -> SlaFacts {
    SlaFacts {
        responded_at: None,
        ..open_ticket()
    }
}

fn assess_at(ticket: &SlaFacts, closed: bool, now: &str) -> Assessment {
    assess(ticket, closed, None, at(now), &AtRiskRule::default())
}

const fn on_track(secs: i64) -> SlaState {
    SlaState::OnTrack {
        left: TimeDelta::seconds(secs),
    }
}

const fn at_risk(secs: i64) -> SlaState {
    SlaState::AtRisk {
        left: TimeDelta::seconds(secs),
    }
}

const fn breached(secs: i64) -> SlaState {
    SlaState::Breached {
        by: TimeDelta::seconds(secs),
    }
}

const H: i64 = 3600;
const M: i64 = 60;

struct Case {
    name: &'static str,
    ticket: SlaFacts,
    closed: bool,
    now: &'static str,
    response: SlaState,
    resolution: SlaState,
    current: SlaTarget,
}

// One case a line reads as a table.
#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use SlaState::{Met, NotStarted, Paused};
    use SlaTarget::{Resolution, Response};
    let case = |name, ticket, closed, now, response, resolution, current| Case {
        name,
        ticket,
        closed,
        now,
        response,
        resolution,
        current,
    };
    let noon = "2026-11-28T12:00:00Z";
    vec![
        case("no SLA and no dates", SlaFacts::default(), false, noon, SlaState::None, SlaState::None, Resolution),
        case("an SLA whose deadlines Halo has not set", SlaFacts { has_sla: true, ..SlaFacts::default() }, false, noon, NotStarted, NotStarted, Resolution),
        case("no response deadline: the fix matters", SlaFacts { respond_by: None, ..unanswered() }, false, noon, NotStarted, on_track(4 * H), Resolution),
        case("unanswered: the response matters", unanswered(), false, "2026-11-28T09:30:00Z", at_risk(30 * M), on_track(6 * H + 30 * M), Response),
        case("unanswered past the response deadline", unanswered(), false, "2026-11-28T10:00:01Z", breached(1), on_track(6 * H - 1), Response),
        case("answered in time", open_ticket(), false, noon, Met, on_track(4 * H), Resolution),
        case("answered late", SlaFacts { responded_at: Some(at("2026-11-28T10:30:00Z")), ..open_ticket() }, false, noon, breached(30 * M), on_track(4 * H), Resolution),
        case("answered exactly at the deadline", SlaFacts { responded_at: Some(at("2026-11-28T10:00:00Z")), ..open_ticket() }, false, noon, Met, on_track(4 * H), Resolution),
        case("exactly `within` left is on track", open_ticket(), false, "2026-11-28T15:00:00Z", Met, on_track(H), Resolution),
        case("a second inside `within` is at risk", open_ticket(), false, "2026-11-28T15:00:01Z", Met, at_risk(H - 1), Resolution),
        case("at the deadline: at risk, nothing left", open_ticket(), false, "2026-11-28T16:00:00Z", Met, at_risk(0), Resolution),
        case("a nanosecond late is breached", open_ticket(), false, "2026-11-28T16:00:00.000000001Z", Met, SlaState::Breached { by: TimeDelta::nanoseconds(1) }, Resolution),
        case("Halo's O with time left: breached by zero", SlaFacts { fix_breached: true, ..open_ticket() }, false, noon, Met, breached(0), Resolution),
        case("Halo's O past the deadline: breached by the clock", SlaFacts { fix_breached: true, ..open_ticket() }, false, "2026-11-28T17:00:00Z", Met, breached(H), Resolution),
        case("Halo's O on an unanswered ticket", SlaFacts { response_breached: true, ..unanswered() }, false, "2026-11-28T09:00:00Z", breached(0), on_track(7 * H), Response),
        case("Halo's O without a deadline", SlaFacts { fix_by: None, fix_breached: true, ..open_ticket() }, false, noon, Met, breached(0), Resolution),
        case("on hold pauses both, even past the deadlines", SlaFacts { on_hold: true, ..unanswered() }, false, "2026-11-28T18:00:00Z", Paused, Paused, Response),
        case("a hold does not undo Halo's breach", SlaFacts { on_hold: true, fix_breached: true, ..open_ticket() }, false, "2026-11-28T18:00:00Z", Met, breached(2 * H), Resolution),
        case("on hold without deadlines has not started", SlaFacts { on_hold: true, has_sla: true, ..SlaFacts::default() }, false, noon, NotStarted, NotStarted, Resolution),
        case("excluded, even when flagged", SlaFacts { excluded_from_sla: true, fix_breached: true, ..unanswered() }, false, "2026-11-28T18:00:00Z", SlaState::None, SlaState::None, Response),
        case("closed in time", SlaFacts { closed_at: Some(at("2026-11-28T15:00:00Z")), ..open_ticket() }, true, "2026-11-29T00:00:00Z", Met, Met, Resolution),
        case("closed exactly at the deadline", SlaFacts { closed_at: Some(at("2026-11-28T16:00:00Z")), ..open_ticket() }, true, "2026-11-29T00:00:00Z", Met, Met, Resolution),
        case("closed late", SlaFacts { closed_at: Some(at("2026-11-28T17:00:00Z")), ..open_ticket() }, true, "2026-11-29T00:00:00Z", Met, breached(H), Resolution),
        case("closed in time but flagged by Halo", SlaFacts { closed_at: Some(at("2026-11-28T15:00:00Z")), fix_breached: true, ..open_ticket() }, true, "2026-11-29T00:00:00Z", Met, breached(0), Resolution),
        case("closed unanswered before the response deadline", SlaFacts { closed_at: Some(at("2026-11-28T09:30:00Z")), ..unanswered() }, true, noon, Met, Met, Resolution),
        case("closed unanswered after the response deadline", SlaFacts { closed_at: Some(at("2026-11-28T11:00:00Z")), ..unanswered() }, true, noon, breached(H), Met, Resolution),
        case("closed with no closing date", open_ticket(), true, "2026-11-30T00:00:00Z", Met, Met, Resolution),
        case("closed without a fix target", SlaFacts { fix_by: None, closed_at: Some(at("2026-11-28T15:00:00Z")), ..open_ticket() }, true, noon, Met, SlaState::None, Resolution),
        case("closed while on hold", SlaFacts { on_hold: true, closed_at: Some(at("2026-11-28T15:00:00Z")), ..open_ticket() }, true, noon, Met, Met, Resolution),
        case("reopened: a stale closing date is ignored", SlaFacts { closed_at: Some(at("2026-11-28T17:00:00Z")), ..open_ticket() }, false, noon, Met, on_track(4 * H), Resolution),
    ]
}

#[test]
fn the_table_of_states() {
    for case in cases() {
        let assessment = assess_at(&case.ticket, case.closed, case.now);
        assert_eq!(
            assessment.response, case.response,
            "{}: response",
            case.name
        );
        assert_eq!(
            assessment.resolution, case.resolution,
            "{}: resolution",
            case.name
        );
        assert_eq!(
            assessment.current_target(),
            case.current,
            "{}: target",
            case.name
        );
        assert_eq!(
            assessment.current(),
            assessment.state(case.current),
            "{}",
            case.name
        );
    }
}

#[test]
fn paused_then_resumed_reads_the_deadline_halo_moved() {
    // On hold from 14:00 to 17:00, past the old 16:00 deadline.
    let held = SlaFacts {
        on_hold: true,
        ..open_ticket()
    };
    for now in [
        "2026-11-28T14:00:00Z",
        "2026-11-28T16:30:00Z",
        "2026-11-28T17:00:00Z",
    ] {
        assert_eq!(assess_at(&held, false, now).current(), SlaState::Paused);
    }
    // Halo ends the hold and moves the deadline by the three hours held, in one update.
    let resumed = SlaFacts {
        on_hold: false,
        fix_by: Some(at("2026-11-28T19:00:00Z")),
        ..held
    };
    let state = |now| assess_at(&resumed, false, now).current();
    assert_eq!(state("2026-11-28T17:00:00Z"), on_track(2 * H));
    assert_eq!(state("2026-11-28T18:30:00Z"), at_risk(30 * M));
    assert_eq!(state("2026-11-28T19:00:01Z"), breached(1));
}

#[test]
fn a_share_of_the_span_puts_a_ticket_at_risk_when_the_opening_is_known() {
    let ticket = open_ticket();
    let opened = Some(at("2026-11-28T08:00:00Z"));
    let rule = AtRiskRule {
        within: Duration::ZERO,
        share: Some(0.75),
    };
    let fix = |opened_at, now| assess(&ticket, false, opened_at, at(now), &rule).resolution;
    // 8 h from opening to deadline: three quarters have passed at 14:00.
    assert_eq!(fix(opened, "2026-11-28T13:59:59Z"), on_track(2 * H + 1));
    assert_eq!(fix(opened, "2026-11-28T14:00:00Z"), at_risk(2 * H));
    assert_eq!(fix(None, "2026-11-28T14:00:00Z"), on_track(2 * H));
    // The response target's span is 2 h: at risk from 09:30.
    let response = |now| assess(&unanswered(), false, opened, at(now), &rule).response;
    assert_eq!(response("2026-11-28T09:29:59Z"), on_track(30 * M + 1));
    assert_eq!(response("2026-11-28T09:30:00Z"), at_risk(30 * M));
    // Either rule suffices: `within` still applies with a share set.
    let both = AtRiskRule {
        share: Some(0.99),
        ..AtRiskRule::default()
    };
    let fix_both = assess(&ticket, false, opened, at("2026-11-28T15:10:00Z"), &both);
    assert_eq!(fix_both.resolution, at_risk(50 * M));
    // A deadline at or before the opening gives no span: only `within` counts.
    let backwards = Some(at("2026-11-28T16:00:00Z"));
    assert_eq!(fix(backwards, "2026-11-28T12:00:00Z"), on_track(4 * H));
}

#[test]
fn time_left_is_signed_and_only_where_a_clock_runs() {
    assert_eq!(on_track(5).time_left(), Some(TimeDelta::seconds(5)));
    assert_eq!(at_risk(0).time_left(), Some(TimeDelta::zero()));
    assert_eq!(breached(7).time_left(), Some(TimeDelta::seconds(-7)));
    for still in [
        SlaState::None,
        SlaState::NotStarted,
        SlaState::Paused,
        SlaState::Met,
    ] {
        assert_eq!(still.time_left(), None);
    }
    assert_eq!(AtRiskRule::default().within, DEFAULT_AT_RISK_WITHIN);
    assert_eq!(AtRiskRule::default().share, None);
}
