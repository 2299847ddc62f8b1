//! Property tests: whatever JSON an instance (or something pretending to be one) answers, every
//! decoder returns a value or an error and never panics.

use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::models::{
    Action, Agent, Attachment, Client, Outcome, Policy, Site, Sla, Status, Team, Ticket,
    TicketType, User, WireAction, WireAgent, WireAttachment, WireClient, WireOutcome, WirePolicy,
    WireSite, WireSla, WireStatus, WireTeam, WireTicket, WireTicketType, WireUser,
};
use crate::wire;

/// Field names the decoders look for, so generated objects hit the real paths and not only
/// "unknown field".
const FIELDS: &[&str] = &[
    "id",
    "summary",
    "details",
    "details_html",
    "client_id",
    "client_name",
    "site_id",
    "user_id",
    "status_id",
    "priority_id",
    "priority",
    "tickettype_id",
    "sla_id",
    "agent_id",
    "team",
    "category_1",
    "dateoccurred",
    "datecreated",
    "fixbydate",
    "deadlinedate",
    "dateclosed",
    "last_update",
    "onhold",
    "slastate",
    "slaresponsestate",
    "slatimeleft",
    "slapercused",
    "timetaken",
    "attachment_count",
    "ticket_id",
    "outcome",
    "outcome_id",
    "note",
    "datetime",
    "attachments",
    "filesize",
    "isimage",
    "filename",
    "name",
    "type",
    "slaaction",
    "priorities",
    "responsetime",
    "responseunits",
    "fixtime",
    "fixunits",
    "outcome",
    "emailaddress",
    "isdisabled",
    "record_count",
    "tickets",
    "actions",
    "clients",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        ".*".prop_map(Value::String),
        prop_oneof![
            Just("1900-01-01T00:00:00"),
            Just("0001-01-01T00:00:00"),
            Just("2026-03-01T09:00:00"),
            Just("2026-03-01T09:00:00Z"),
            Just("9999-12-31T23:59:59.9999999"),
            Just("-000001-01-01T00:00:00"),
            Just("I"),
            Just("O"),
            Just("H"),
            Just("1e400"),
            Just("NaN"),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(FIELDS), inner), 0..12).prop_map(|pairs| {
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// Runs every decoder over `body` the ways the client does: one object or the first of an array,
/// and a list in or out of an envelope.
fn decode_everything(body: &[u8]) {
    macro_rules! each {
        ($($wire:ty => $model:ty),* $(,)?) => {$(
            let _ = wire::single::<$wire>(body, "x").map(<$model>::from);
            let _ = wire::listing::<$wire>(body, "tickets", "x")
                .map(|l| l.items.into_iter().map(<$model>::from).count());
        )*};
    }
    each!(
        WireTicket => Ticket,
        WireAction => Action,
        WireAttachment => Attachment,
        WireStatus => Status,
        WirePolicy => Policy,
        WireSla => Sla,
        WireTicketType => TicketType,
        WireAgent => Agent,
        WireTeam => Team,
        WireClient => Client,
        WireSite => Site,
        WireUser => User,
        WireOutcome => Outcome,
    );
    let _ = crate::problem::field_problems(body);
    let _ = crate::problem::excerpt(body);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn arbitrary_json_never_panics_a_decoder(value in json()) {
        decode_everything(&serde_json::to_vec(&value).unwrap());
    }

    #[test]
    fn arbitrary_bytes_never_panic_a_decoder(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_everything(&bytes);
    }
}
