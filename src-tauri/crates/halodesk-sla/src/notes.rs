//! What a notification says: one ticket by name, or several together as one.

use chrono::TimeDelta;

use crate::{Alert, AlertLevel, SlaTarget};

/// How many tickets a grouped notification names before "and N more".
const NAMED_IN_GROUP: usize = 3;

/// One desktop notification. Its default action opens `ticket_id`: the ticket itself, or the
/// most urgent of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesktopNote {
    pub summary: String,
    pub body: String,
    pub ticket_id: i32,
    pub level: AlertLevel,
    /// How many tickets it speaks for.
    pub count: usize,
}

/// One notification per level: breached ones first, then those at risk. Each names its
/// ticket, client, summary and time left; several of one level become one ("5 tickets at
/// risk"), most urgent first.
pub fn notes(alerts: &[Alert]) -> Vec<DesktopNote> {
    [AlertLevel::Breached, AlertLevel::AtRisk]
        .into_iter()
        .filter_map(|level| {
            let mut group: Vec<&Alert> = alerts.iter().filter(|a| a.level == level).collect();
            group.sort_by_key(|a| (a.left, a.ticket_id));
            let first = *group.first()?;
            Some(if group.len() == 1 {
                single(first)
            } else {
                grouped(level, &group)
            })
        })
        .collect()
}

fn single(alert: &Alert) -> DesktopNote {
    let verb = match alert.level {
        AlertLevel::AtRisk => "At risk",
        AlertLevel::Breached => "SLA breached",
    };
    DesktopNote {
        summary: format!("{verb}: #{} {}", alert.ticket_id, alert.summary),
        body: format!("{} · {}", alert.client_name, time_left(alert)),
        ticket_id: alert.ticket_id,
        level: alert.level,
        count: 1,
    }
}

fn grouped(level: AlertLevel, group: &[&Alert]) -> DesktopNote {
    let summary = match level {
        AlertLevel::AtRisk => format!("{} tickets at risk", group.len()),
        AlertLevel::Breached => format!("{} tickets breached their SLA", group.len()),
    };
    let mut lines: Vec<String> = group
        .iter()
        .take(NAMED_IN_GROUP)
        .map(|a| {
            format!(
                "#{} {} — {} ({})",
                a.ticket_id,
                a.client_name,
                a.summary,
                time_left(a)
            )
        })
        .collect();
    if group.len() > NAMED_IN_GROUP {
        lines.push(format!("and {} more", group.len() - NAMED_IN_GROUP));
    }
    DesktopNote {
        summary,
        body: lines.join("\n"),
        ticket_id: group[0].ticket_id,
        level,
        count: group.len(),
    }
}

/// "42 min left to respond", "resolution overdue by 1 h 5 min".
fn time_left(alert: &Alert) -> String {
    let span = duration_text(alert.left.abs());
    match (alert.left < TimeDelta::zero(), alert.target) {
        (false, SlaTarget::Response) => format!("{span} left to respond"),
        (false, SlaTarget::Resolution) => format!("{span} left to resolve"),
        (true, SlaTarget::Response) => format!("response overdue by {span}"),
        (true, SlaTarget::Resolution) => format!("resolution overdue by {span}"),
    }
}

fn duration_text(span: TimeDelta) -> String {
    let minutes = span.num_seconds().div_euclid(60);
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) if h < 48 => format!("{h} h"),
        (h, m) if h < 48 => format!("{h} h {m} min"),
        (h, _) => format!("{} days", h / 24),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(ticket_id: i32, level: AlertLevel, left_mins: i64) -> Alert {
        Alert {
            ticket_id,
            target: SlaTarget::Resolution,
            level,
            deadline: None,
            left: TimeDelta::minutes(left_mins),
            summary: format!("Problem {ticket_id}"),
            client_name: "Acme".into(),
            priority_id: None,
        }
    }

    #[test]
    fn one_ticket_is_named_with_its_client_and_time_left() {
        let notes = notes(&[alert(42, AlertLevel::AtRisk, 42)]);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].summary, "At risk: #42 Problem 42");
        assert_eq!(notes[0].body, "Acme · 42 min left to resolve");
        assert_eq!(notes[0].ticket_id, 42);
    }

    #[test]
    fn several_at_once_become_one_per_level_most_urgent_first() {
        let alerts: Vec<_> = [(1, 50), (2, 10), (3, 30), (4, 40), (5, 20)]
            .into_iter()
            .map(|(id, left)| alert(id, AlertLevel::AtRisk, left))
            .chain([alert(9, AlertLevel::Breached, -65)])
            .collect();
        let notes = notes(&alerts);
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].summary, "SLA breached: #9 Problem 9");
        assert_eq!(notes[0].body, "Acme · resolution overdue by 1 h 5 min");
        assert_eq!(notes[1].summary, "5 tickets at risk");
        assert_eq!(notes[1].ticket_id, 2, "a click opens the most urgent");
        assert_eq!(
            notes[1].body,
            "#2 Acme — Problem 2 (10 min left to resolve)\n#5 Acme — Problem 5 (20 min left to resolve)\n#3 Acme — Problem 3 (30 min left to resolve)\nand 2 more"
        );
    }

    #[test]
    fn nothing_to_say_says_nothing() {
        assert!(notes(&[]).is_empty());
    }
}
