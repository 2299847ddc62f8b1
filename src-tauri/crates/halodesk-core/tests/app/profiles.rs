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
