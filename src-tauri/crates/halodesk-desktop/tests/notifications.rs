//! The watch's notifications as the desktop gets them, over a real D-Bus session with a real
//! notification server: `scripts/notifications-test.sh` runs these under `dbus-run-session` with
//! dunst on a virtual display. The `org.freedesktop.Notifications.Notify` calls are read off the
//! bus by `dbus-monitor`, and the server itself invokes the default action (`dunstctl action`,
//! what a click on the notification does), which must open the ticket.
//!
//! Each test is ignored by default, so `cargo test --workspace` skips them where there is no
//! notification server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../halodesk-core/tests/app/support.rs"]
#[allow(
    dead_code,
    reason = "shared with the app tests; these use only part of it"
)]
mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use halodesk_core::ipc::{
    Event, OpenTicketEvent, QueueRefreshRequest, WatchSettings, WatchSettingsSaveRequest,
};
use halodesk_core::{Clock, Events};
use halodesk_desktop::DesktopNotifier;
use halopsa::NewTicket;
use halopsa_sim::Simulator;
use serde_json::json;
use tokio::sync::mpsc;

use support::{TestApp, halo, simulator};

const APP_NAME: &str = "Halodesk";
const APP_ID: &str = "com.halodesk.desktop";
/// A Monday morning, inside the simulated SLA's working hours.
const START: &str = "2026-03-02T09:00:00Z";
/// The simulator's High priority: respond within an hour.
const HIGH: i32 = 2;
/// What every notification of the watch offers, as `Notify` sends it: key, label, key, label.
const ACTIONS: [&str; 4] = ["default", "Open ticket", "escalate", "Escalate…"];
/// The freedesktop urgency byte of an at-risk notification (normal).
const NORMAL: u8 = 1;
/// How long dunst gets to show a notification and answer a click.
const CLICK_PATIENCE: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a D-Bus session with a notification daemon: scripts/notifications-test.sh"]
async fn an_at_risk_ticket_notifies_over_dbus_and_its_default_action_opens_it() {
    dunstctl(&["close-all"]);
    let watched = Watched::start(15).await;
    let ticket = watched.create("Payroll export fails").await;
    watched
        .test
        .app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap();
    watched.advance_to(50).await;

    let mut monitor = Monitor::start().await;
    let mut events = watched.test.app.events();
    let status = watched
        .test
        .app
        .watch_tick(&DesktopNotifier::new(APP_NAME, APP_ID))
        .await
        .unwrap();
    assert_eq!((status.watched, status.at_risk, status.breached), (1, 1, 0));

    let call = monitor.next_notify().await;
    assert_eq!(call.app_name, APP_NAME);
    assert_eq!(call.replaces_id, 0);
    assert_eq!(
        call.summary,
        format!("At risk: #{} Payroll export fails", ticket.id)
    );
    assert_eq!(
        call.body,
        format!("{} · 10 min left to respond", ticket.client_name)
    );
    assert_eq!(call.actions, ACTIONS);
    assert_eq!(call.urgency, Some(NORMAL));
    assert_eq!(call.expire_timeout, -1, "the server's default timeout");

    let opened = click_default_action(&mut events).await;
    assert_eq!(
        opened,
        OpenTicketEvent {
            ticket_id: ticket.id,
            escalate: false,
        }
    );
    assert!(
        monitor.try_next_notify().await.is_none(),
        "one notification, not one per ticket and level"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a D-Bus session with a notification daemon: scripts/notifications-test.sh"]
async fn a_summary_with_markup_reaches_the_server_as_escaped_text() {
    dunstctl(&["close-all"]);
    let watched = Watched::start(15).await;
    let ticket = watched
        .create(r#"<img src="http://127.0.0.1:9/pixel.png"> Invoice & <a href="http://127.0.0.1:9/">pay here</a>"#)
        .await;
    watched
        .test
        .app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap();
    watched.advance_to(50).await;

    let mut monitor = Monitor::start().await;
    watched
        .test
        .app
        .watch_tick(&DesktopNotifier::new(APP_NAME, APP_ID))
        .await
        .unwrap();

    let call = monitor.next_notify().await;
    assert_eq!(
        call.summary,
        format!(
            r#"At risk: #{} &lt;img src="http://127.0.0.1:9/pixel.png"&gt; Invoice &amp; &lt;a href="http://127.0.0.1:9/"&gt;pay here&lt;/a&gt;"#,
            ticket.id
        )
    );
    assert!(!call.summary.contains('<') && !call.body.contains('<'));
    dunstctl(&["close-all"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a D-Bus session with a notification daemon: scripts/notifications-test.sh"]
async fn several_at_once_notify_as_one_whose_default_action_opens_the_most_urgent() {
    dunstctl(&["close-all"]);
    // Warned 30 minutes ahead: at 50 minutes all three are at risk, the first most of all.
    let watched = Watched::start(30).await;
    let first = watched.create("Printer offline").await;
    watched.advance_to(5).await;
    let second = watched.create("VPN drops hourly").await;
    let third = watched.create("New starter laptop").await;
    watched
        .test
        .app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap();
    watched.advance_to(50).await;

    let mut monitor = Monitor::start().await;
    let mut events = watched.test.app.events();
    let status = watched
        .test
        .app
        .watch_tick(&DesktopNotifier::new(APP_NAME, APP_ID))
        .await
        .unwrap();
    assert_eq!(status.at_risk, 3);

    let call = monitor.next_notify().await;
    assert_eq!(call.app_name, APP_NAME);
    assert_eq!(call.summary, "3 tickets at risk");
    let line = |t: &halopsa::Ticket, left: &str| {
        format!(
            "#{} {} — {} ({left} left to respond)",
            t.id, t.client_name, t.summary
        )
    };
    assert_eq!(
        call.body,
        [
            line(&first, "10 min"),
            line(&second, "15 min"),
            line(&third, "15 min"),
        ]
        .join("\n")
    );
    assert_eq!(call.actions, ACTIONS);
    assert!(
        monitor.try_next_notify().await.is_none(),
        "grouped into one"
    );

    let opened = click_default_action(&mut events).await;
    assert_eq!(
        opened,
        OpenTicketEvent {
            ticket_id: first.id,
            escalate: false,
        }
    );
}

/// The simulator's clock and the app's, moved together.
#[derive(Debug)]
struct SharedClock(Mutex<DateTime<Utc>>);

impl Clock for SharedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// A quiet instance on a frozen clock, and the app signed in to it, watching my tickets.
struct Watched {
    sim: Simulator,
    clock: Arc<SharedClock>,
    test: TestApp,
    me: i32,
}

impl Watched {
    async fn start(at_risk_minutes: u32) -> Self {
        let sim = simulator(0).await;
        sim.control("clock", json!({ "set": START, "freeze": true }))
            .await
            .unwrap();
        let clock = Arc::new(SharedClock(Mutex::new(START.parse().unwrap())));
        let test = TestApp::with_clock(clock.clone());
        let me = test.connect(&sim).await.agent.id;
        test.app
            .watch_settings_save(WatchSettingsSaveRequest {
                settings: WatchSettings {
                    at_risk_minutes,
                    ..WatchSettings::default()
                },
            })
            .await
            .unwrap();
        Self {
            sim,
            clock,
            test,
            me,
        }
    }

    /// A High ticket of mine, created now by someone else.
    async fn create(&self, summary: &str) -> halopsa::Ticket {
        halo(&self.sim)
            .await
            .create_ticket(&NewTicket {
                summary: summary.into(),
                client_id: 1,
                priority_id: Some(HIGH),
                agent_id: Some(self.me),
                ..NewTicket::default()
            })
            .await
            .unwrap()
    }

    async fn advance_to(&self, minutes_after_start: i64) {
        let at = START.parse::<DateTime<Utc>>().unwrap() + TimeDelta::minutes(minutes_after_start);
        *self.clock.0.lock().unwrap() = at;
        self.sim
            .control("clock", json!({ "set": at.to_rfc3339(), "freeze": true }))
            .await
            .unwrap();
    }
}

/// Runs `dunstctl` and returns what it printed.
fn dunstctl(args: &[&str]) -> String {
    let output = Command::new("dunstctl")
        .args(args)
        .output()
        .expect("dunstctl runs (scripts/notifications-test.sh sets up dunst)");
    assert!(
        output.status.success(),
        "dunstctl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Has dunst invoke the default action of the notification it shows first, as a click on it
/// does, and returns the ticket the app was asked to open. The server may not have drawn the
/// notification yet, and the notifier subscribes to the server's answer just after showing
/// it, so this asks again until the app hears it or [`CLICK_PATIENCE`] runs out.
async fn click_default_action(events: &mut Events) -> OpenTicketEvent {
    let deadline = Instant::now() + CLICK_PATIENCE;
    loop {
        assert!(
            Instant::now() < deadline,
            "no Open event {CLICK_PATIENCE:?} after asking dunst to invoke the default action; dunst holds: {}",
            dunstctl(&["count"])
        );
        let displayed: u32 = dunstctl(&["count", "displayed"]).trim().parse().unwrap();
        if displayed > 0 {
            dunstctl(&["action", "0"]);
        }
        let waited = tokio::time::timeout(Duration::from_millis(500), async {
            loop {
                match events.recv().await {
                    Some(Event::SlaOpenTicket(open)) => return open,
                    Some(_) => {}
                    None => panic!("the app went away"),
                }
            }
        })
        .await;
        if let Ok(open) = waited {
            return open;
        }
    }
}

/// One `org.freedesktop.Notifications.Notify` call, as `dbus-monitor` printed it.
#[derive(Debug, Default)]
struct NotifyCall {
    app_name: String,
    replaces_id: u32,
    summary: String,
    body: String,
    /// Key, label, key, label…
    actions: Vec<String>,
    urgency: Option<u8>,
    expire_timeout: i32,
}

/// `dbus-monitor` watching the session bus for `Notify` calls.
struct Monitor {
    child: Child,
    lines: mpsc::UnboundedReceiver<String>,
}

impl Monitor {
    /// Starts the monitor and waits until the bus has made it one: it then drops its name,
    /// and says so (`NameLost`), before any call it should see.
    async fn start() -> Self {
        let mut child = Command::new("dbus-monitor")
            .args([
                "--session",
                "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("dbus-monitor runs");
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut monitor = Self { child, lines };
        while !monitor
            .line(Duration::from_secs(5))
            .await
            .contains("member=NameLost")
        {}
        monitor
    }

    async fn line(&mut self, patience: Duration) -> String {
        tokio::time::timeout(patience, self.lines.recv())
            .await
            .expect("dbus-monitor printed nothing in time")
            .expect("dbus-monitor stopped")
    }

    /// The next `Notify` call: its header, then its arguments up to the last, the timeout.
    async fn next_notify(&mut self) -> NotifyCall {
        while !self
            .line(Duration::from_secs(5))
            .await
            .contains("member=Notify")
        {}
        let mut block = Vec::new();
        loop {
            let line = self.line(Duration::from_secs(5)).await;
            let last = line.starts_with("   int32 ");
            block.push(line);
            if last {
                return parse_notify(&block);
            }
        }
    }

    /// A `Notify` call already printed, if any; waits a moment for stragglers.
    async fn try_next_notify(&mut self) -> Option<String> {
        tokio::time::sleep(Duration::from_millis(300)).await;
        std::iter::from_fn(|| self.lines.try_recv().ok())
            .find(|line| line.contains("member=Notify"))
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads `Notify`'s arguments from `dbus-monitor`'s text: `app_name`, `replaces_id`,
/// `app_icon`, `summary` and `body` at the top level (three spaces in), then the actions array
/// (its strings six in), the hints (dict entries, their keys nine in) and `expire_timeout`.
/// Strings are printed raw between quotes, so one with a line break spans several lines.
fn parse_notify(block: &[String]) -> NotifyCall {
    let mut strings: Vec<(usize, String)> = Vec::new();
    let mut call = NotifyCall::default();
    let mut open: Option<(usize, String)> = None;
    let mut hint_key: Option<String> = None;
    for line in block {
        if let Some((indent, mut text)) = open.take() {
            text.push('\n');
            match line.strip_suffix('"') {
                Some(end) => {
                    text.push_str(end);
                    strings.push((indent, text));
                }
                None => {
                    text.push_str(line);
                    open = Some((indent, text));
                }
            }
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix("string \"") {
            match rest.strip_suffix('"') {
                Some(text) => {
                    if indent == 9 {
                        hint_key = Some(text.to_owned());
                    }
                    strings.push((indent, text.to_owned()));
                }
                None => open = Some((indent, rest.to_owned())),
            }
        } else if let Some(value) = trimmed.strip_prefix("variant") {
            if hint_key.take().as_deref() == Some("urgency") {
                let byte = value
                    .trim()
                    .strip_prefix("byte ")
                    .expect("urgency is a byte");
                call.urgency = Some(byte.parse().unwrap());
            }
        } else if indent == 3 {
            if let Some(n) = trimmed.strip_prefix("uint32 ") {
                call.replaces_id = n.parse().unwrap();
            } else if let Some(n) = trimmed.strip_prefix("int32 ") {
                call.expire_timeout = n.parse().unwrap();
            }
        }
    }
    assert!(open.is_none(), "unterminated string in {block:#?}");
    let top: Vec<String> = strings
        .iter()
        .filter(|(indent, _)| *indent == 3)
        .map(|(_, s)| s.clone())
        .collect();
    let [app_name, _icon, summary, body] = <[String; 4]>::try_from(top)
        .unwrap_or_else(|top| panic!("Notify has four strings, not {top:?}"));
    call.app_name = app_name;
    call.summary = summary;
    call.body = body;
    call.actions = strings
        .into_iter()
        .filter(|(indent, _)| *indent == 6)
        .map(|(_, s)| s)
        .collect();
    call
}
