//! Time left is real elapsed time: across daylight-saving changes, and along any run of `now`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::America::New_York;
use chrono_tz::Europe::London;
use chrono_tz::Tz;
use proptest::prelude::*;

use super::{H, M, at, at_risk, breached, on_track};
use crate::{AtRiskRule, SlaFacts, SlaState, SlaTarget, assess, badge};

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn clock(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_hms_opt(hour, minute, 0).unwrap()
}

/// The instant a wall clock in `tz` shows `hour:minute` on `day` (the first, when it shows it
/// twice).
fn wall(tz: &Tz, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    tz.from_local_datetime(&clock(day, hour, minute))
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

/// What a wall clock in `tz` shows at `at`.
fn shown(tz: &Tz, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(tz).naive_local()
}

fn fix_state(fix_by: DateTime<Utc>, now: DateTime<Utc>) -> SlaState {
    let ticket = SlaFacts {
        has_sla: true,
        fix_by: Some(fix_by),
        ..SlaFacts::default()
    };
    assess(&ticket, false, None, now, &AtRiskRule::default()).resolution
}

#[test]
fn spring_forward_in_london_two_wall_hours_are_one_real_hour() {
    let tz = London;
    let day = date(2026, 3, 29);
    // Halo's zoneless UTC deadline reads 02:30 BST on a London wall clock.
    let due = at("2026-03-29T01:30:00Z");
    assert_eq!(shown(&tz, due), clock(day, 2, 30));
    assert_eq!(fix_state(due, wall(&tz, day, 0, 30)), on_track(H));
    assert_eq!(fix_state(due, wall(&tz, day, 0, 31)), at_risk(59 * M));
    assert_eq!(fix_state(due, wall(&tz, day, 2, 29)), at_risk(M));
    assert_eq!(fix_state(due, wall(&tz, day, 2, 31)), breached(M));
}

#[test]
fn fall_back_in_new_york_one_wall_hour_is_two_real_hours() {
    let tz = New_York;
    let day = date(2026, 11, 1);
    // 01:30 comes twice; Halo's UTC deadline is the second one, in EST.
    let due = at("2026-11-01T06:30:00Z");
    assert_eq!(shown(&tz, due), clock(day, 1, 30));
    let now = wall(&tz, day, 0, 30);
    assert_eq!(fix_state(due, now), on_track(2 * H));
    // An hour later the wall clock reads 01:30 EDT: still an hour left, exactly on track.
    let first_half_past_one = now + TimeDelta::hours(1);
    assert_eq!(shown(&tz, first_half_past_one), clock(day, 1, 30));
    assert_eq!(fix_state(due, first_half_past_one), on_track(H));
}

/// Where a state sits along the clock's one-way path; `None` for states `now` cannot change.
fn rank(state: SlaState) -> Option<u8> {
    match state {
        SlaState::NotStarted => Some(0),
        SlaState::OnTrack { .. } => Some(1),
        SlaState::AtRisk { .. } => Some(2),
        SlaState::Breached { .. } => Some(3),
        SlaState::None | SlaState::Paused | SlaState::Met => None,
    }
}

const BASE: i64 = 1_795_000_000; // 2026-11-18
const DAY: i64 = 86_400;

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (-2 * DAY..2 * DAY).prop_map(|offset| DateTime::from_timestamp(BASE + offset, 0).unwrap())
}

fn ticket() -> impl Strategy<Value = (SlaFacts, bool, Option<DateTime<Utc>>)> {
    let dates = (
        proptest::option::of(instant()),
        proptest::option::of(instant()),
        proptest::option::of(instant()),
        proptest::option::of(instant()),
        proptest::option::of(instant()),
    );
    let flags = (any::<bool>(), any::<[bool; 5]>());
    (dates, flags).prop_map(
        |((respond_by, responded_at, fix_by, closed_at, opened_at), (has_sla, f))| {
            let ticket = SlaFacts {
                has_sla,
                respond_by,
                responded_at,
                fix_by,
                closed_at,
                on_hold: f[0],
                excluded_from_sla: f[1],
                response_breached: f[2],
                fix_breached: f[3],
            };
            (ticket, f[4], opened_at)
        },
    )
}

fn rule() -> impl Strategy<Value = AtRiskRule> {
    (0..4 * H as u64, proptest::option::of(0.0..=1.0f64)).prop_map(|(secs, share)| AtRiskRule {
        within: std::time::Duration::from_secs(secs),
        share,
    })
}

/// Offsets in nanoseconds, so sub-second instants are covered too.
fn nows() -> impl Strategy<Value = Vec<DateTime<Utc>>> {
    proptest::collection::vec(-3 * DAY * 1_000_000_000..3 * DAY * 1_000_000_000i64, 2..24).prop_map(
        |mut offsets| {
            offsets.sort_unstable();
            offsets
                .into_iter()
                .map(|nanos| {
                    DateTime::from_timestamp(BASE, 0).unwrap() + TimeDelta::nanoseconds(nanos)
                })
                .collect()
        },
    )
}

fn due(ticket: &SlaFacts, target: SlaTarget) -> Option<DateTime<Utc>> {
    match target {
        SlaTarget::Response => ticket.respond_by,
        SlaTarget::Resolution => ticket.fix_by,
    }
}

fn flagged(ticket: &SlaFacts, target: SlaTarget) -> bool {
    match target {
        SlaTarget::Response => ticket.response_breached,
        SlaTarget::Resolution => ticket.fix_breached,
    }
}

proptest! {
    #[test]
    fn states_only_move_forward_and_time_left_falls_with_now(
        (ticket, closed, opened_at) in ticket(),
        rule in rule(),
        nows in nows(),
    ) {
        let runs: Vec<_> = nows
            .iter()
            .map(|&now| (now, assess(&ticket, closed, opened_at, now, &rule)))
            .collect();
        // Answered or closed targets have stopped; the rest run with `now`.
        let live = |target| {
            !closed && (target == SlaTarget::Resolution || ticket.responded_at.is_none())
        };
        for pair in runs.windows(2) {
            let ((earlier, before), (later, after)) = (pair[0], pair[1]);
            prop_assert_eq!(before.current_target(), after.current_target());
            for target in [SlaTarget::Response, SlaTarget::Resolution] {
                let (was, is) = (before.state(target), after.state(target));
                match (rank(was), rank(is)) {
                    (Some(was_rank), Some(is_rank)) if live(target) => {
                        prop_assert!(was_rank <= is_rank, "{target:?}: {was:?} then {is:?}");
                    }
                    _ => prop_assert_eq!(was, is, "{:?}: stopped, paused or unmeasured", target),
                }
                if let (Some(left_then), Some(left_now)) = (was.time_left(), is.time_left())
                    && live(target)
                    && !flagged(&ticket, target)
                {
                    prop_assert_eq!(left_then - left_now, later.signed_duration_since(earlier));
                }
            }
        }
        for (now, assessment) in &runs {
            for target in [SlaTarget::Response, SlaTarget::Resolution] {
                let state = assessment.state(target);
                let Some(left) = state.time_left() else { continue };
                if !live(target) {
                    continue;
                }
                let to_due = due(&ticket, target).map(|due| due.signed_duration_since(*now));
                if flagged(&ticket, target) {
                    // Breached by how far the clock is past the deadline, never less than zero.
                    let past = to_due.map_or(TimeDelta::zero(), |d| (-d).max(TimeDelta::zero()));
                    prop_assert_eq!(state, SlaState::Breached { by: past });
                } else {
                    prop_assert_eq!(Some(left), to_due);
                }
            }
            let shown = badge(&ticket, closed, None, *now, &AtRiskRule { share: None, ..rule });
            let unshared = assess(&ticket, closed, None, *now, &AtRiskRule { share: None, ..rule });
            prop_assert_eq!(shown.state, unshared.current());
        }
    }
}
