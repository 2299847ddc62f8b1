//! Priorities in the instance's order of urgency, taken from their SLA targets because
//! priority IDs and names are per instance and say nothing reliable about urgency.

use std::collections::BTreeMap;
use std::time::Duration;

use halopsa::{Policy, SlaTarget};

use crate::ipc::PriorityOption;

/// How urgent a priority is: its fix target, then its response target, shorter first.
/// A missing target sorts after any set one: a priority without a deadline is the least urgent.
type UrgencyKey = (Duration, Duration);

fn urgency_key(policy: &Policy) -> UrgencyKey {
    let target = |t: Option<SlaTarget>| t.map_or(Duration::MAX, |t| t.duration());
    (target(policy.fix), target(policy.response))
}

/// One option per priority ID, most urgent first, `urgency` counting from 0.
///
/// Several SLAs carry the same priority ID: the first policy gives the name and colour, and
/// the shortest targets any of them sets give the rank, so the order does not depend on which
/// SLA happens to come first. Ties go by ID; policies without a priority ID are skipped.
pub(super) fn priority_options(policies: &[Policy]) -> Vec<PriorityOption> {
    let mut by_id: BTreeMap<i32, (UrgencyKey, &Policy)> = BTreeMap::new();
    for policy in policies {
        let Some(id) = policy.priority_id else {
            continue;
        };
        let key = urgency_key(policy);
        by_id
            .entry(id)
            .and_modify(|(best, _)| *best = (*best).min(key))
            .or_insert((key, policy));
    }
    let mut ranked: Vec<(UrgencyKey, i32, &Policy)> = by_id
        .into_iter()
        .map(|(id, (key, policy))| (key, id, policy))
        .collect();
    ranked.sort_by_key(|(key, id, _)| (*key, *id));
    ranked
        .into_iter()
        .enumerate()
        .map(|(rank, (_, id, policy))| PriorityOption {
            id,
            name: policy.name.clone(),
            colour: policy.colour.clone(),
            urgency: i32::try_from(rank).unwrap_or(i32::MAX),
        })
        .collect()
}

/// The priority a new ticket gets unless the technician picks one: the one called Medium, as
/// the domain's default, else the middle of the urgency order (the less urgent of the two
/// middles), so an unset priority neither jumps the queue nor sinks to the bottom.
pub(super) fn default_priority(options: &[PriorityOption]) -> Option<i32> {
    if let Some(medium) = options
        .iter()
        .find(|o| o.name.trim().eq_ignore_ascii_case("medium"))
    {
        return Some(medium.id);
    }
    let mut ordered: Vec<&PriorityOption> = options.iter().collect();
    ordered.sort_by_key(|o| (o.urgency, o.id));
    ordered.get(ordered.len() / 2).map(|o| o.id)
}

/// Whether moving from `from` to `to` makes the ticket strictly more urgent. From no priority,
/// or one not among `options`, any known priority is a raise; an unknown `to` never is.
pub(super) fn is_raise(options: &[PriorityOption], from: Option<i32>, to: i32) -> bool {
    let urgency = |id: i32| options.iter().find(|o| o.id == id).map(|o| o.urgency);
    let Some(to) = urgency(to) else {
        return false;
    };
    from.and_then(urgency).is_none_or(|from| to < from)
}

#[cfg(test)]
mod tests {
    use halopsa::TargetUnit;

    use super::*;

    fn target(amount: f64, unit: TargetUnit) -> Option<SlaTarget> {
        Some(SlaTarget { amount, unit })
    }

    fn policy(
        sla: i32,
        priority: i32,
        name: &str,
        response: Option<SlaTarget>,
        fix: Option<SlaTarget>,
    ) -> Policy {
        Policy {
            sla_id: Some(sla),
            priority_id: Some(priority),
            name: name.to_owned(),
            colour: format!("#{name}"),
            response,
            fix,
        }
    }

    fn option(id: i32, name: &str, urgency: i32) -> PriorityOption {
        PriorityOption {
            id,
            name: name.to_owned(),
            colour: String::new(),
            urgency,
        }
    }

    fn ranked(options: &[PriorityOption]) -> Vec<(i32, &str, i32)> {
        options
            .iter()
            .map(|o| (o.id, o.name.as_str(), o.urgency))
            .collect()
    }

    #[test]
    fn urgency_follows_the_targets_not_the_ids() {
        use TargetUnit::{Days, Hours, Minutes};
        let policies = [
            policy(1, 4, "Low", target(8.0, Hours), target(1.0, Days)),
            policy(1, 1, "Medium", target(4.0, Hours), target(8.0, Hours)),
            policy(1, 7, "Critical", target(15.0, Minutes), target(1.0, Hours)),
            policy(1, 2, "High", target(1.0, Hours), target(4.0, Hours)),
            policy(1, 9, "Project", None, None),
        ];
        assert_eq!(
            ranked(&priority_options(&policies)),
            [
                (7, "Critical", 0),
                (2, "High", 1),
                (1, "Medium", 2),
                (4, "Low", 3),
                (9, "Project", 4),
            ]
        );
    }

    #[test]
    fn the_response_target_and_then_the_id_break_ties() {
        use TargetUnit::Hours;
        let policies = [
            policy(1, 5, "Slow answer", target(2.0, Hours), target(4.0, Hours)),
            policy(1, 3, "Fast answer", target(1.0, Hours), target(4.0, Hours)),
            policy(1, 2, "Same as fast", target(1.0, Hours), target(4.0, Hours)),
        ];
        assert_eq!(
            ranked(&priority_options(&policies)),
            [
                (2, "Same as fast", 0),
                (3, "Fast answer", 1),
                (5, "Slow answer", 2)
            ]
        );
    }

    #[test]
    fn a_priority_shared_by_slas_appears_once_named_by_the_first() {
        use TargetUnit::Hours;
        let policies = [
            policy(1, 2, "High", target(1.0, Hours), target(8.0, Hours)),
            policy(1, 3, "Medium", target(4.0, Hours), target(6.0, Hours)),
            policy(2, 2, "High (Gold)", target(1.0, Hours), target(4.0, Hours)),
            Policy {
                priority_id: None,
                ..policy(2, 0, "Unkeyed", None, None)
            },
        ];
        // Gold's 4-hour fix ranks High above Medium although the first SLA says 8 hours.
        assert_eq!(
            ranked(&priority_options(&policies)),
            [(2, "High", 0), (3, "Medium", 1)]
        );
        assert_eq!(priority_options(&policies)[0].colour, "#High");
    }

    #[test]
    fn the_default_is_medium_else_the_middle() {
        let cases: [(&[PriorityOption], Option<i32>); 5] = [
            (
                &[
                    option(1, "P1", 0),
                    option(2, " MEDIUM ", 1),
                    option(3, "P3", 2),
                ],
                Some(2),
            ),
            (
                &[option(10, "A", 0), option(11, "B", 1), option(12, "C", 2)],
                Some(11),
            ),
            (
                &[
                    option(13, "D", 3),
                    option(10, "A", 0),
                    option(12, "C", 2),
                    option(11, "B", 1),
                ],
                Some(12),
            ),
            (&[option(10, "Only", 0)], Some(10)),
            (&[], None),
        ];
        for (options, expected) in cases {
            assert_eq!(default_priority(options), expected, "{options:?}");
        }
    }

    #[test]
    fn a_raise_is_a_strictly_more_urgent_known_priority() {
        let options = [
            option(7, "Critical", 0),
            option(2, "High", 1),
            option(1, "Low", 2),
        ];
        let cases = [
            (Some(1), 2, true),
            (Some(2), 7, true),
            (Some(7), 2, false),
            (Some(2), 2, false),
            (None, 1, true),
            (Some(99), 1, true),
            (Some(1), 99, false),
            (None, 99, false),
        ];
        for (from, to, expected) in cases {
            assert_eq!(is_raise(&options, from, to), expected, "{from:?} -> {to}");
        }
    }
}
