//! Desktop notifications through notify-rust. On Linux and the BSDs they go to the
//! freedesktop notification server over D-Bus, with the notification itself (its default
//! action) opening the ticket and an Escalate button; on Windows they carry the app's
//! AppUserModelID, so a click brings Halodesk forward; on macOS the app is raised.

#[cfg(all(unix, not(target_os = "macos")))]
use notify_rust::Urgency;
use notify_rust::{Notification, Timeout};

use halodesk_core::{NoteAction, Notifier};
use halodesk_sla::{AlertLevel, DesktopNote};

/// The freedesktop name of the default action: a click on the notification itself. Only the
/// freedesktop server reports actions back; the other desktops get theirs in the platform work.
#[cfg(all(unix, not(target_os = "macos")))]
const DEFAULT_ACTION: &str = "default";
#[cfg(all(unix, not(target_os = "macos")))]
const ESCALATE_ACTION: &str = "escalate";

/// The desktop's notification service, as the SLA watch's notifier.
#[derive(Debug, Clone)]
pub struct DesktopNotifier {
    app_name: String,
    /// The app's identifier: its AppUserModelID on Windows.
    #[cfg_attr(not(target_os = "windows"), allow(dead_code))]
    app_id: String,
}

impl DesktopNotifier {
    /// Notifications under the app's name, carrying its identifier where the OS wants one.
    pub fn new(app_name: &str, app_id: &str) -> Self {
        Self {
            app_name: app_name.to_owned(),
            app_id: app_id.to_owned(),
        }
    }

    fn notification(&self, note: &DesktopNote) -> Notification {
        let mut notification = Notification::new();
        notification
            .appname(&self.app_name)
            .summary(&note.summary)
            .body(&note.body)
            // Breaches stay until dismissed: the technician must not miss them.
            .timeout(match note.level {
                AlertLevel::Breached => Timeout::Never,
                AlertLevel::AtRisk => Timeout::Default,
            });
        #[cfg(all(unix, not(target_os = "macos")))]
        notification
            .urgency(match note.level {
                AlertLevel::Breached => Urgency::Critical,
                AlertLevel::AtRisk => Urgency::Normal,
            })
            .action(DEFAULT_ACTION, "Open ticket")
            .action(ESCALATE_ACTION, "Escalate…");
        #[cfg(target_os = "windows")]
        notification.app_id(&self.app_id);
        notification
    }
}

impl Notifier for DesktopNotifier {
    fn show(&self, note: &DesktopNote, clicked: Box<dyn Fn(NoteAction) + Send + Sync>) {
        let notification = self.notification(note);
        #[cfg(all(unix, not(target_os = "macos")))]
        match notification.show() {
            // The server tells which action was taken, or that it closed, whenever that is;
            // one thread a notification waits for it.
            Ok(handle) => {
                std::thread::spawn(move || {
                    handle.wait_for_action(|action| match action {
                        DEFAULT_ACTION => clicked(NoteAction::Open),
                        ESCALATE_ACTION => clicked(NoteAction::Escalate),
                        _ => {}
                    });
                });
            }
            Err(error) => tracing::warn!(%error, "the desktop did not take the notification"),
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            // Clicks reach the app through the OS (AppUserModelID, or macOS raising it).
            drop(clicked);
            if let Err(error) = notification.show() {
                tracing::warn!(%error, "the desktop did not take the notification");
            }
        }
    }
}
