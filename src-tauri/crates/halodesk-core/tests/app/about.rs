use std::path::Path;
use std::sync::Arc;

use halodesk_core::ipc::{AboutRequest, BuildInfo, BuildProfile};
use halodesk_core::{Halodesk, Launch, MemorySecrets, Parts};

use crate::support::TestDesktop;

/// The app launched as the shell launches it, with `build` stamped in.
fn launched(dir: &Path, build: BuildInfo) -> Halodesk {
    let parts = Parts {
        launch: Launch {
            version: "1.2.3".into(),
            build,
            started_at_ms: 1_700_000_000_000,
            demo_when_new: false,
        },
        ..Parts::new(
            Arc::new(MemorySecrets::default()),
            Arc::new(TestDesktop::new()),
        )
    };
    Halodesk::open(dir, parts).unwrap()
}

#[tokio::test]
async fn reports_the_build_and_data_directory_it_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let build = BuildInfo {
        commit: "abc1234".into(),
        profile: BuildProfile::Release,
        identifier: "app.halodesk".into(),
    };
    let response = launched(dir.path(), build.clone())
        .about(AboutRequest::default())
        .await
        .unwrap();
    assert_eq!(response.version, "1.2.3");
    assert_eq!(response.build, build);
    assert_eq!(response.data_dir, dir.path().display().to_string());
    assert_eq!(response.started_at_ms, 1_700_000_000_000);
    assert!(response.platform.starts_with(std::env::consts::OS));
}

#[tokio::test]
async fn serializes_in_the_shape_the_ui_reads() {
    let dir = tempfile::tempdir().unwrap();
    let build = BuildInfo {
        commit: "abc1234".into(),
        profile: BuildProfile::Debug,
        identifier: "app.halodesk".into(),
    };
    let response = launched(dir.path(), build)
        .about(AboutRequest::default())
        .await
        .unwrap();
    let json = serde_json::to_value(response).unwrap();
    assert_eq!(json["build"]["profile"], "debug");
    assert_eq!(json["dataDir"], dir.path().display().to_string());
}

#[test]
fn accepts_the_empty_request_the_ui_sends() {
    let _: AboutRequest = serde_json::from_str("{}").unwrap();
}

#[tokio::test]
async fn the_log_folder_opens_in_the_file_manager_made_if_missing() {
    let test = crate::support::TestApp::new();
    test.app
        .log_folder_open(halodesk_core::ipc::LogFolderOpenRequest {})
        .await
        .unwrap();
    let folder = test.dir.path().join(halodesk_core::LOG_FOLDER);
    assert!(folder.is_dir());
    assert_eq!(test.desktop.opened(), [folder.display().to_string()]);
}
