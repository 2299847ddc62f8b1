//! How the watch shows a notification: through a [`Notifier`] the shell gives it
//! (`halodesk-desktop`'s, over the desktop's notification service), or a test's that records.

use halodesk_sla::DesktopNote;

/// Shows desktop notifications. The shell's is notify-rust's; tests record.
pub trait Notifier: Send + Sync + std::fmt::Debug {
    /// Shows `note`. `clicked` is called, from any thread, with what the technician chose.
    fn show(&self, note: &DesktopNote, clicked: Box<dyn Fn(NoteAction) + Send + Sync>);
}

/// What a click on a notification asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteAction {
    /// The notification itself (its default action): show the ticket.
    Open,
    /// Its Escalate button: show the ticket with its escalation form.
    Escalate,
}
