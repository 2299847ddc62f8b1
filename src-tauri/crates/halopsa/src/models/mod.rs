//! What Halo's records mean, in the client's own terms: IDs of "none" are `None`, dates are
//! timestamps, SLA states and targets are enums. Each type is decoded from a private wire
//! shape (`wire.rs` wrappers) and serialises in camelCase for the UI, with ts-rs bindings.

mod action;
mod attachment;
mod lookups;
mod policy;
mod ticket;

pub use action::Action;
pub(crate) use action::WireAction;
pub use attachment::Attachment;
pub(crate) use attachment::WireAttachment;
pub use lookups::{Agent, Client, Outcome, Site, Sla, Status, Team, TicketType, User};
pub(crate) use lookups::{
    WireAgent, WireClient, WireOutcome, WireSite, WireSla, WireStatus, WireTeam, WireTicketType,
    WireUser,
};
pub(crate) use policy::WirePolicy;
pub use policy::{Policy, SlaTarget, TargetUnit};
pub(crate) use ticket::WireTicket;
pub use ticket::{SlaState, Ticket};
