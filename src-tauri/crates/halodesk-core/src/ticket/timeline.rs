//! A ticket's actions as its timeline shows them.

use halopsa::Action;

use super::sanitize;
use crate::ipc::{TimelineEntry, TimelineKind};

/// One action as a timeline entry: its kind read from the outcome, its note sanitized.
pub(super) fn timeline_entry(action: &Action) -> TimelineEntry {
    let outcome = action.outcome.to_ascii_lowercase();
    let kind = if outcome.contains("email") {
        TimelineKind::Email
    } else if outcome.contains("phone") || outcome.contains("call") {
        TimelineKind::PhoneCall
    } else if outcome.contains("visit") {
        TimelineKind::SiteVisit
    } else if outcome.contains("time") {
        TimelineKind::TimeEntry
    } else if action.new_status_id.is_some() && action.note.trim().is_empty() {
        TimelineKind::StatusChange
    } else {
        TimelineKind::Note
    };
    let note_html = match &action.note_html {
        Some(html) => sanitize::ticket_html(html),
        None => sanitize::plain_text_html(&action.note),
    };
    TimelineEntry {
        id: action.id,
        kind,
        outcome: action.outcome.clone(),
        who: action.who.clone(),
        at: action.at,
        note_html,
        internal: action.hidden_from_user,
        hours: action.time_taken_hours,
        billable: action.billable,
        new_status: Some(action.new_status_name.clone()).filter(|name| !name.is_empty()),
        email_to: action.email_to.clone(),
    }
}
