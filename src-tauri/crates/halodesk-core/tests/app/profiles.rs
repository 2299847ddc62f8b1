use halodesk_core::ErrorCode;
use halodesk_core::ipc::{
    BrowserSignInCancelRequest, BrowserSignInFinishRequest, BrowserSignInRequest,
    ProfileListRequest, ProfileSwitchRequest, QueueRefreshRequest, QueueSnapshotRequest,
    SessionResumeRequest, SignInMethod, SignOutRequest,
};

use crate::support::{SECRET, TestApp, connect_request, files_contain, simulator};

#[tokio::test]
async fn a_connection_is_tested_and_saved_with_its_secret_only_in_the_keyring() {
    let sim = simulator(50).await;
    let test = TestApp::new();
    let session = test.connect(&sim).await;
    assert_eq!(session.agent.name, "Alex Morgan");
    assert_eq!(session.profile.method, SignInMethod::ClientSecret);
    assert_eq!(
        test.secrets.names(),
        [format!("profile-{}/client-secret", session.profile.id)]
    );

    let test = test.restart().await;
    assert!(files_contain(test.dir.path(), SECRET).is_empty());
    let resumed = test
        .app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap()
        .session
        .unwrap();
    assert_eq!(resumed.profile, session.profile);
}

#[tokio::test]
async fn a_refused_secret_saves_nothing_and_says_what_to_check() {
    let sim = simulator(10).await;
    let test = TestApp::new();
    let error = test
        .app
        .connect_client_secret(connect_request(&sim, "wrong"))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::BadCredentials);
    assert!(
        error.message.contains("client ID and secret"),
        "{}",
        error.message
    );
    assert!(
        test.app
            .profile_list(ProfileListRequest {})
            .await
            .unwrap()
            .profiles
            .is_empty()
    );
    assert!(test.secrets.names().is_empty());
}

#[tokio::test]
async fn an_address_that_is_not_usable_is_refused_before_anything_is_sent() {
    let test = TestApp::new();
    let mut request = connect_request_for("http://acme.example", SECRET);
    let error = test
        .app
        .connect_client_secret(request.clone())
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidUrl);
    assert!(error.message.contains("https"), "{}", error.message);

    request.instance_url = "https://127.0.0.1:1".into();
    request.client_secret = "  ".into();
    let error = test.app.connect_client_secret(request).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Invalid);
}

fn connect_request_for(url: &str, secret: &str) -> halodesk_core::ipc::ConnectRequest {
    halodesk_core::ipc::ConnectRequest {
        instance_url: url.into(),
        tenant: None,
        client_id: "demo".into(),
        client_secret: secret.into(),
        name: Some("Acme".into()),
    }
}

#[tokio::test]
async fn connecting_the_same_application_again_updates_its_profile() {
    let sim = simulator(10).await;
    let test = TestApp::new();
    let first = test.connect(&sim).await;
    let second = test.connect(&sim).await;
    assert_eq!(first.profile.id, second.profile.id);
    assert_eq!(
        test.app
            .profile_list(ProfileListRequest {})
            .await
            .unwrap()
            .profiles
            .len(),
        1
    );
}

#[tokio::test]
async fn signing_out_removes_the_keyring_entries_the_profile_and_its_cache() {
    let sim = simulator(30).await;
    let other = simulator(10).await;
    let test = TestApp::new();
    let first = test.connect(&sim).await;
    test.app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap();
    let second = test.connect(&other).await;

    let list = test
        .app
        .sign_out(SignOutRequest {
            profile_id: second.profile.id,
        })
        .await
        .unwrap();
    assert_eq!(list.profiles.len(), 1);
    assert_eq!(list.active_id, Some(first.profile.id));
    assert_eq!(
        test.secrets.names(),
        [format!("profile-{}/client-secret", first.profile.id)]
    );
    let snapshot = test
        .app
        .queue_snapshot(QueueSnapshotRequest {})
        .await
        .unwrap();
    assert!(
        !snapshot.rows.is_empty(),
        "the remaining profile's cache is in use"
    );

    let list = test
        .app
        .sign_out(SignOutRequest {
            profile_id: first.profile.id,
        })
        .await
        .unwrap();
    assert!(list.profiles.is_empty());
    assert_eq!(list.active_id, None);
    assert!(test.secrets.names().is_empty());
    assert_eq!(
        test.app
            .queue_snapshot(QueueSnapshotRequest {})
            .await
            .unwrap_err()
            .code,
        ErrorCode::NoSession
    );
}

#[tokio::test]
async fn profiles_switch_without_going_online_and_connect_on_first_use() {
    let sim = simulator(30).await;
    let other = simulator(10).await;
    let test = TestApp::new();
    let first = test.connect(&sim).await;
    let open = test
        .app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap()
        .changed
        .len();
    test.connect(&other).await;

    sim.shutdown().await.unwrap();
    let session = test
        .app
        .profile_switch(ProfileSwitchRequest {
            profile_id: first.profile.id,
        })
        .await
        .unwrap();
    assert_eq!(session.profile.id, first.profile.id);
    assert_eq!(
        test.app
            .queue_snapshot(QueueSnapshotRequest {})
            .await
            .unwrap()
            .rows
            .len(),
        open
    );
    let error = test
        .app
        .queue_refresh(QueueRefreshRequest { full: false })
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Offline, "{}", error.message);
}

#[tokio::test]
async fn a_browser_sign_in_completes_through_the_loopback_redirect() {
    let sim = simulator(10).await;
    let test = TestApp::new();
    let started = test
        .app
        .browser_sign_in_start(browser_sign_in(&sim))
        .await
        .unwrap();
    assert_eq!(
        test.desktop.opened(),
        std::slice::from_ref(&started.authorize_url),
        "the sign-in page opens in the browser"
    );
    // The browser's part: the simulator approves at once and redirects to the app's listener.
    let browser = tokio::spawn(async move {
        reqwest::get(&started.authorize_url)
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    let session = test
        .app
        .browser_sign_in_finish(BrowserSignInFinishRequest {})
        .await
        .unwrap();
    browser.await.unwrap();
    assert_eq!(session.profile.method, SignInMethod::Browser);
    assert_eq!(session.agent.name, "Alex Morgan");
    assert_eq!(
        test.secrets.names(),
        [format!("profile-{}/refresh-token", session.profile.id)]
    );

    // After a restart the profile signs in with the stored refresh token.
    let test = test.restart().await;
    test.app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap()
        .session
        .unwrap();
    assert!(
        !test
            .app
            .queue_refresh(QueueRefreshRequest { full: true })
            .await
            .unwrap()
            .changed
            .is_empty()
    );
}

#[tokio::test]
async fn a_waiting_browser_sign_in_can_be_cancelled() {
    let sim = simulator(10).await;
    let test = TestApp::new();
    test.app
        .browser_sign_in_start(browser_sign_in(&sim))
        .await
        .unwrap();
    let (finished, ()) = tokio::join!(
        test.app
            .browser_sign_in_finish(BrowserSignInFinishRequest {}),
        async {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            test.app
                .browser_sign_in_cancel(BrowserSignInCancelRequest {})
                .await
                .unwrap();
        }
    );
    let error = finished.unwrap_err();
    assert_eq!(error.code, ErrorCode::SignIn);
    assert!(error.message.contains("cancelled"));
    assert!(
        test.app
            .profile_list(ProfileListRequest {})
            .await
            .unwrap()
            .profiles
            .is_empty()
    );
}

#[tokio::test]
async fn shutting_down_leaves_the_database_in_one_file() {
    let sim = simulator(40).await;
    let test = TestApp::new();
    test.connect(&sim).await;
    test.app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap();
    let wal = test
        .dir
        .path()
        .join(format!("{}-wal", halodesk_core::DATABASE_FILE));
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    test.app.shutdown();
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
}

/// The simulator's native application, as the connect form would send it.
fn browser_sign_in(sim: &halopsa_sim::Simulator) -> BrowserSignInRequest {
    BrowserSignInRequest {
        instance_url: sim.base_url(),
        tenant: None,
        client_id: "halodesk".into(),
        name: None,
    }
}

#[tokio::test]
async fn an_instance_that_never_answers_does_not_hold_up_switching_profiles() {
    let stuck = simulator(10).await;
    let other = simulator(10).await;
    let test = TestApp::new();
    let first = test.connect(&stuck).await;
    let second = test.connect(&other).await;
    let test = test.restart().await;
    test.app
        .profile_switch(ProfileSwitchRequest {
            profile_id: first.profile.id,
        })
        .await
        .unwrap();

    // The first instance now accepts connections and never answers.
    let addr = stuck.addr();
    stuck.shutdown().await.unwrap();
    let silent = tokio::net::TcpListener::bind(addr).await.unwrap();
    let _held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            open.push(socket);
        }
    });

    let app = std::sync::Arc::new(test.app);
    let refreshing = tokio::spawn({
        let app = app.clone();
        async move { app.queue_refresh(QueueRefreshRequest { full: false }).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let switched = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        app.profile_switch(ProfileSwitchRequest {
            profile_id: second.profile.id,
        }),
    )
    .await
    .expect("switching waited for the silent instance")
    .unwrap();
    assert_eq!(switched.profile.id, second.profile.id);
    refreshing.abort();
}

#[tokio::test]
async fn the_demo_simulator_takes_only_this_runs_credentials_and_serves_no_controls() {
    let test = TestApp::new();
    test.app
        .demo_start(halodesk_core::ipc::DemoStartRequest {})
        .await
        .unwrap();
    let base = test.app.demo_address().await.expect("the demo runs");
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let http = reqwest::Client::new();

    let stats = http.get(format!("{base}/_sim/stats")).send().await.unwrap();
    assert_eq!(stats.status(), 404);
    let reset = http
        .post(format!("{base}/_sim/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 404);

    let old = http
        .post(format!("{base}/auth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo"),
            ("client_secret", "demo"),
            ("scope", "all"),
        ])
        .send()
        .await
        .unwrap();
    let status = old.status();
    let body = old.text().await.unwrap();
    assert!(status == 400 || status == 401, "{status} {body}");
    assert!(body.contains("invalid_client"), "{body}");
    assert!(!body.contains("access_token"), "{body}");

    // The app itself still works the demo, and a reset (a new simulator) still answers.
    test.app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap();
    test.app
        .demo_reset(halodesk_core::ipc::DemoResetRequest {})
        .await
        .unwrap();
    let after = test.app.demo_address().await.expect("the demo runs again");
    let stats = http
        .get(format!("{after}/_sim/stats"))
        .send()
        .await
        .unwrap();
    assert_eq!(stats.status(), 404);
    assert!(
        test.secrets.names().is_empty(),
        "the demo keeps nothing in the keyring"
    );
}

/// Signs in through the browser, playing the browser's part against the simulator.
async fn sign_in_through_the_browser(
    test: &TestApp,
    sim: &halopsa_sim::Simulator,
) -> halodesk_core::ipc::Session {
    let started = test
        .app
        .browser_sign_in_start(browser_sign_in(sim))
        .await
        .unwrap();
    let browser = tokio::spawn(reqwest::get(started.authorize_url));
    let session = test
        .app
        .browser_sign_in_finish(BrowserSignInFinishRequest {})
        .await
        .unwrap();
    browser.await.unwrap().unwrap();
    session
}

async fn token_requests(sim: &halopsa_sim::Simulator) -> u64 {
    sim.stats().await.unwrap()["by_route"]["POST /auth/token"]
        .as_u64()
        .unwrap_or(0)
}

#[tokio::test]
async fn a_refresh_token_rotated_as_the_app_connects_reaches_the_keyring() {
    use halodesk_core::SecretStore;

    let sim = crate::support::simulator_with(halopsa_sim::SimConfig {
        tickets: 10,
        rotate_refresh_tokens: true,
        ..halopsa_sim::SimConfig::default()
    })
    .await;
    let test = TestApp::new();
    let session = sign_in_through_the_browser(&test, &sim).await;
    let entry = format!("profile-{}/refresh-token", session.profile.id);
    let issued = test.secrets.get(&entry).unwrap().unwrap();

    // After a restart the first request connects, and that renewal rotates the token: the
    // old one is dead from then on, so the new one must reach the keyring.
    let test = test.restart().await;
    test.app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap();
    test.app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let kept = loop {
        let kept = test.secrets.get(&entry).unwrap().unwrap();
        if kept != issued {
            break kept;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the token rotated at connect never reached the keyring"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };

    // And it is the one that works: the next start signs in with it.
    let test = test.restart().await;
    test.app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap();
    test.app
        .queue_refresh(QueueRefreshRequest { full: false })
        .await
        .unwrap();
    assert_ne!(
        test.secrets.get(&entry).unwrap().unwrap(),
        kept,
        "rotated again"
    );
}

#[tokio::test]
async fn a_revoked_sign_in_is_asked_for_once_then_waits_for_a_new_sign_in() {
    let sim = simulator(10).await;
    let test = TestApp::new();
    sign_in_through_the_browser(&test, &sim).await;
    test.app
        .queue_refresh(QueueRefreshRequest { full: true })
        .await
        .unwrap();

    sim.control("revoke-tokens", serde_json::json!({}))
        .await
        .unwrap();
    let error = test
        .app
        .queue_refresh(QueueRefreshRequest { full: false })
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized, "{error:?}");
    let asked = token_requests(&sim).await;
    for _ in 0..5 {
        let error = test
            .app
            .queue_refresh(QueueRefreshRequest { full: false })
            .await
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::Unauthorized);
    }
    assert_eq!(token_requests(&sim).await, asked, "no token request storm");

    // After a restart the kept token is refused once, and that is remembered too.
    let test = test.restart().await;
    test.app
        .session_resume(SessionResumeRequest {})
        .await
        .unwrap();
    for _ in 0..5 {
        let error = test
            .app
            .queue_refresh(QueueRefreshRequest { full: false })
            .await
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::Unauthorized);
        assert!(error.message.contains("Sign in again"), "{}", error.message);
    }
    assert_eq!(token_requests(&sim).await, asked + 1, "asked once this run");

    // Signing in again ends it.
    sign_in_through_the_browser(&test, &sim).await;
    test.app
        .queue_refresh(QueueRefreshRequest { full: false })
        .await
        .unwrap();
}
