//! The SLA watch on the simulator's clock: each transition notifies once, across restarts too,
//! and silences hold notifications back without losing them.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Utc};
use halodesk_core::ipc::{
    Event, QueueRefreshRequest, QuietHours, SessionResumeRequest, SnoozeRequest, WatchSettings,
    WatchSettingsSaveRequest, WatchStatusRequest,
};
use halodesk_core::{Clock, NoteAction, Notifier};
use halodesk_sla::DesktopNote;
use halopsa::NewTicket;
use serde_json::json;

use crate::support::{TestApp, halo, simulator};

/// The simulator's clock and the app's, moved together.
#[derive(Debug)]
struct SharedClock(Mutex<DateTime<Utc>>);

impl Clock for SharedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

type Click = Box<dyn Fn(NoteAction) + Send + Sync>;

/// Keeps what was shown, and the click callbacks, so a test can click.
#[derive(Default)]
struct Recorder {
    shown: Mutex<Vec<DesktopNote>>,
    clicks: Mutex<Vec<Click>>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("shown", &self.shown)
            .finish_non_exhaustive()
    }
}

impl Notifier for Recorder {
    fn show(&self, note: &DesktopNote, clicked: Click) {
        self.shown.lock().unwrap().push(note.clone());
        self.clicks.lock().unwrap().push(clicked);
    }
}

impl Recorder {
    fn take(&self) -> Vec<String> {
        self.shown
            .lock()
            .unwrap()
            .drain(..)
            .map(|n| n.summary)
            .collect()
    }
}

const START: &str = "2026-03-02T09:00:00Z";

struct Watched {
    sim: halopsa_sim::Simulator,
    clock: Arc<SharedClock>,
    test: TestApp,
    ticket: i32,
}

impl Watched {
    /// A quiet instance, one High ticket of mine (respond within 1 h), the watch warning 15
    /// minutes ahead.
    async fn start() -> Self {
        let sim = simulator(0).await;
        sim.control("clock", json!({ "set": START, "freeze": true }))
            .await
            .unwrap();
        let clock = Arc::new(SharedClock(Mutex::new(START.parse().unwrap())));
        let test = TestApp::with_clock(clock.clone());
        let session = test.connect(&sim).await;
        let ticket = halo(&sim)
            .await
            .create_ticket(&NewTicket {
                summary: "Payroll export fails".into(),
                client_id: 1,
                priority_id: Some(2),
                agent_id: Some(session.agent.id),
                ..NewTicket::default()
            })
            .await
            .unwrap()
            .id;
        test.app
            .watch_settings_save(WatchSettingsSaveRequest {
                settings: WatchSettings {
                    at_risk_minutes: 15,
                    ..WatchSettings::default()
                },
            })
            .await
            .unwrap();
        test.app
            .queue_refresh(QueueRefreshRequest { full: true })
            .await
            .unwrap();
        Self {
            sim,
            clock,
            test,
            ticket,
        }
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

#[tokio::test]
async fn each_transition_notifies_exactly_once_also_across_a_restart() {
    let mut watched = Watched::start().await;
    let shown = Recorder::default();
    let ticket = watched.ticket;

    watched.test.app.watch_tick(&shown).await.unwrap();
    assert_eq!(shown.take(), Vec::<String>::new(), "on track at the start");

    watched.advance_to(50).await;
    let counted = watched
        .test
        .app
        .watch_status(WatchStatusRequest {})
        .await
        .unwrap();
    assert_eq!(counted.at_risk, 1, "the status counts it");
    let status = watched.test.app.watch_tick(&shown).await.unwrap();
    assert_eq!(
        shown.take(),
        [format!("At risk: #{ticket} Payroll export fails")],
        "and reading the status did not use the alert up"
    );
    assert_eq!((status.watched, status.at_risk, status.breached), (1, 1, 0));
    watched.advance_to(52).await;
    watched.test.app.watch_tick(&shown).await.unwrap();
    assert!(shown.take().is_empty(), "at risk was already said");

    watched.advance_to(61).await;
    let status = watched.test.app.watch_tick(&shown).await.unwrap();
    assert_eq!(
        shown.take(),
        [format!("SLA breached: #{ticket} Payroll export fails")]
    );
    assert_eq!(status.breached, 1);

    watched.test = watched.test.restart().await;
    watched
        .test
        .app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap();
    watched.advance_to(70).await;
    watched.test.app.watch_tick(&shown).await.unwrap();
    assert!(
        shown.take().is_empty(),
        "nothing is said twice after a restart"
    );
}

#[tokio::test]
async fn a_click_opens_the_ticket_and_the_escalate_button_its_escalation() {
    let watched = Watched::start().await;
    let shown = Recorder::default();
    let mut events = watched.test.app.events();
    watched.advance_to(50).await;
    watched.test.app.watch_tick(&shown).await.unwrap();
    {
        let clicks = shown.clicks.lock().unwrap();
        assert_eq!(clicks.len(), 1);
        clicks[0](NoteAction::Escalate);
    }
    loop {
        if let Event::SlaOpenTicket(open) = events.recv().await.unwrap() {
            assert_eq!(open.ticket_id, watched.ticket);
            assert!(open.escalate);
            break;
        }
    }
}

#[tokio::test]
async fn silenced_alerts_are_held_back_and_shown_when_the_silence_ends() {
    let watched = Watched::start().await;
    let shown = Recorder::default();
    watched
        .test
        .app
        .watch_settings_save(WatchSettingsSaveRequest {
            settings: WatchSettings {
                at_risk_minutes: 15,
                quiet_hours: Some(QuietHours {
                    start: "00:00".into(),
                    end: "23:59".into(),
                }),
                ..WatchSettings::default()
            },
        })
        .await
        .unwrap();
    watched.advance_to(50).await;
    watched.test.app.watch_tick(&shown).await.unwrap();
    assert!(shown.take().is_empty(), "quiet hours");

    watched
        .test
        .app
        .watch_settings_save(WatchSettingsSaveRequest {
            settings: WatchSettings {
                at_risk_minutes: 15,
                ..WatchSettings::default()
            },
        })
        .await
        .unwrap();
    watched
        .test
        .app
        .watch_snooze(SnoozeRequest {
            ticket_id: watched.ticket,
            minutes: 5,
        })
        .await
        .unwrap();
    watched.test.app.watch_tick(&shown).await.unwrap();
    assert!(shown.take().is_empty(), "snoozed for 5 minutes");

    watched.advance_to(56).await;
    watched.test.app.watch_tick(&shown).await.unwrap();
    assert_eq!(shown.take().len(), 1, "shown once the snooze is over");
}

#[tokio::test]
async fn at_steady_state_the_watch_asks_at_most_once_a_minute() {
    let watched = Watched::start().await;
    let shown = Recorder::default();
    let before = requests(&watched.sim).await;
    for minute in 1..=10 {
        watched.advance_to(minute).await;
        watched.test.app.watch_tick(&shown).await.unwrap();
        // A second look within the same minute (the window's own refresh, a status read).
        watched.test.app.watch_tick(&shown).await.unwrap();
    }
    let made = requests(&watched.sim).await - before;
    assert!(made <= 10, "{made} requests in 10 minutes");
    assert!(made >= 9, "it did poll: {made}");
}

/// Requests the simulator answered on Halo's paths.
async fn requests(sim: &halopsa_sim::Simulator) -> u64 {
    sim.stats().await.unwrap()["by_route"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(route, _)| route.contains(" /api/"))
        .map(|(_, n)| n.as_u64().unwrap())
        .sum()
}

#[tokio::test]
async fn a_busy_or_missing_instance_is_asked_less_often() {
    let watched = Watched::start().await;
    let shown = Recorder::default();
    watched
        .sim
        .control("faults", json!({ "force_429": 1000 }))
        .await
        .unwrap();
    let mut asked = Vec::new();
    for minute in 1..=8 {
        watched.advance_to(minute).await;
        let before = requests(&watched.sim).await;
        // The cached deadlines are still checked while the instance pushes back.
        let status = watched.test.app.watch_tick(&shown).await.unwrap();
        assert_eq!(status.watched, 1);
        if requests(&watched.sim).await > before {
            asked.push(minute);
        }
    }
    // Refused at 1, then a pause of 2 minutes, then 4.
    assert_eq!(asked, [1, 3, 7]);
}
