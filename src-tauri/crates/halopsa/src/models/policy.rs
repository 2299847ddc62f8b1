use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::wire::{Decimal, Id, Text};

/// A priority under an SLA: how soon a ticket must be answered and fixed. Keyed by
/// (`sla_id`, `priority_id`); the same priority ID means different targets under another SLA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub sla_id: Option<i32>,
    pub priority_id: Option<i32>,
    pub name: String,
    pub colour: String,
    pub response: Option<SlaTarget>,
    pub fix: Option<SlaTarget>,
}

/// A target such as "4 hours".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlaTarget {
    pub amount: f64,
    pub unit: TargetUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TargetUnit {
    Minutes,
    Hours,
    Days,
}

impl SlaTarget {
    fn from_wire(amount: Decimal, units: &str) -> Option<Self> {
        let amount = amount.0.filter(|a| *a > 0.0)?;
        let unit = match units.trim().to_ascii_uppercase().chars().next()? {
            'M' => TargetUnit::Minutes,
            'H' => TargetUnit::Hours,
            'D' => TargetUnit::Days,
            _ => return None,
        };
        Some(Self { amount, unit })
    }

    /// The target as elapsed time, a day being 24 hours (24x7 SLAs).
    pub fn duration(&self) -> Duration {
        let unit_secs = match self.unit {
            TargetUnit::Minutes => 60.0,
            TargetUnit::Hours => 3_600.0,
            TargetUnit::Days => 86_400.0,
        };
        Duration::try_from_secs_f64(self.amount * unit_secs).unwrap_or(Duration::MAX)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WirePolicy {
    slaid: Id,
    priorityid: Id,
    name: Text,
    colour: Text,
    responsetime: Decimal,
    responseunits: Text,
    fixtime: Decimal,
    fixunits: Text,
}

impl From<WirePolicy> for Policy {
    fn from(w: WirePolicy) -> Self {
        Self {
            sla_id: w.slaid.0,
            priority_id: w.priorityid.0,
            name: w.name.0,
            colour: w.colour.0,
            response: SlaTarget::from_wire(w.responsetime, &w.responseunits.0),
            fix: SlaTarget::from_wire(w.fixtime, &w.fixunits.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_their_units() {
        let w: WirePolicy = serde_json::from_str(
            r#"{"slaid":1,"priorityid":2,"name":"High","responsetime":30,"responseunits":"M","fixtime":"4","fixunits":"Hours"}"#,
        )
        .unwrap();
        let p = Policy::from(w);
        assert_eq!(p.response.unwrap().duration(), Duration::from_secs(1_800));
        assert_eq!(p.fix.unwrap().duration(), Duration::from_secs(4 * 3_600));
        let none: Policy = serde_json::from_str::<WirePolicy>(r#"{"fixtime":0,"fixunits":"H"}"#)
            .unwrap()
            .into();
        assert_eq!(none.fix, None);
    }
}
