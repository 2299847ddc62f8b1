//! The queue's SLA badge, and Halo's JSON read all the way to an assessment.

mod badge;
mod wire;

use chrono::{DateTime, TimeDelta, Utc};
use halodesk_sla::AtRiskRule;

use super::CachedTicket;
use super::badge::sla_badge;
use crate::ipc::SlaBadge;

const H: i64 = 3600;
const M: i64 = 60;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// Answered at 09:00 against a 10:00 response target; the fix is due at 16:00.
fn open_ticket() -> CachedTicket {
    CachedTicket {
        id: 1,
        sla_id: Some(1),
        respond_by: Some(at("2026-11-28T10:00:00Z")),
        responded_at: Some(at("2026-11-28T09:00:00Z")),
        fix_by: Some(at("2026-11-28T16:00:00Z")),
        ..CachedTicket::default()
    }
}

fn badge(ticket: &CachedTicket, closed: bool, now: DateTime<Utc>, rule: &AtRiskRule) -> SlaBadge {
    sla_badge(ticket, closed, now, rule)
}

fn secs(secs: i64) -> TimeDelta {
    TimeDelta::seconds(secs)
}
