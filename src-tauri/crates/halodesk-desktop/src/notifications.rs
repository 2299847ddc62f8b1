//! Desktop notifications through notify-rust. On Linux and the BSDs they go to the
//! freedesktop notification server over D-Bus, with the notification itself (its default
//! action) opening the ticket and an Escalate button; on Windows they carry the app's
//! AppUserModelID, so a click brings Halodesk forward; on macOS the app is raised.
//!
//! Ticket summaries and client names are typed by customers. Freedesktop servers read the body
//! (and some, dunst among them, the summary) as markup: `<img src=...>` would fetch a remote
//! image and `<a href=...>` would fake a link. So on Linux and the BSDs both are escaped first
//! and arrive as the text they are.

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
            .summary(&as_text(&note.summary))
            .body(&as_text(&note.body))
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

/// `text` as the notification server will show it, never as markup: the freedesktop markup's
/// three special characters are escaped (`&` first, so no escape is escaped twice).
#[cfg(all(unix, not(target_os = "macos")))]
fn as_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Windows and macOS show the text as it is: they read no markup.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn as_text(text: &str) -> String {
    text.to_owned()
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

#[cfg(all(test, unix, not(target_os = "macos")))]
mod tests {
    use super::*;

    #[test]
    fn markup_arrives_as_text() {
        assert_eq!(
            as_text(
                r#"<img src="https://evil.example/x.png"> & <a href="https://evil.example">Pay</a>"#
            ),
            r#"&lt;img src="https://evil.example/x.png"&gt; &amp; &lt;a href="https://evil.example"&gt;Pay&lt;/a&gt;"#
        );
    }

    #[test]
    fn an_escape_already_in_the_text_is_shown_as_typed() {
        assert_eq!(as_text("Tom &amp; Jerry"), "Tom &amp;amp; Jerry");
        assert_eq!(as_text("Plain summary · 10 min"), "Plain summary · 10 min");
    }

    #[test]
    fn the_notification_carries_the_escaped_summary_and_body() {
        let notifier = DesktopNotifier::new("Halodesk", "com.halodesk.desktop");
        let note = DesktopNote {
            summary: "At risk: #7 <img src=\"https://evil.example/p.png\">".into(),
            body: "Acme & Co · <b>10 min</b> left".into(),
            ticket_id: 7,
            level: AlertLevel::AtRisk,
            count: 1,
        };
        let notification = notifier.notification(&note);
        assert_eq!(
            notification.summary,
            "At risk: #7 &lt;img src=\"https://evil.example/p.png\"&gt;"
        );
        assert_eq!(
            notification.body,
            "Acme &amp; Co · &lt;b&gt;10 min&lt;/b&gt; left"
        );
    }
}
