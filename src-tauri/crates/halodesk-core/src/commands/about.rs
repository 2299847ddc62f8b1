use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The About panel asks for nothing.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct AboutRequest {}

/// What the About panel shows: which build this is and where it keeps its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutResponse {
    pub version: String,
    pub build: BuildInfo,
    /// Where profiles, the ticket cache and the outbox live; shown so support can find them.
    pub data_dir: String,
    /// Operating system and architecture, e.g. `linux x86_64`.
    pub platform: String,
    /// When this process started, in milliseconds since the Unix epoch: the zero of the
    /// start-up timings the UI records with the Performance API.
    #[ts(type = "number")]
    pub started_at_ms: u64,
}

/// Identifies a build precisely enough for a bug report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BuildInfo {
    /// The short commit hash the app was built from, or `unknown` outside a git checkout.
    pub commit: String,
    pub profile: BuildProfile,
    /// The app identifier, which differs between a real installation and a test build.
    pub identifier: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BuildProfile {
    Debug,
    Release,
}

/// Answers the About panel from facts the shell knows about its own build.
pub fn about(
    _request: AboutRequest,
    version: &str,
    build: BuildInfo,
    data_dir: &Path,
    started_at_ms: u64,
) -> AboutResponse {
    AboutResponse {
        version: version.to_owned(),
        build,
        data_dir: data_dir.display().to_string(),
        platform: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        started_at_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_build_and_data_directory_it_was_given() {
        let build = BuildInfo {
            commit: "abc1234".into(),
            profile: BuildProfile::Release,
            identifier: "app.halodesk".into(),
        };
        let response = about(
            AboutRequest::default(),
            "1.2.3",
            build.clone(),
            Path::new("/data/app.halodesk"),
            1_700_000_000_000,
        );
        assert_eq!(response.version, "1.2.3");
        assert_eq!(response.build, build);
        assert_eq!(response.data_dir, "/data/app.halodesk");
        assert!(response.platform.starts_with(std::env::consts::OS));
    }

    #[test]
    fn serializes_in_the_shape_the_ui_reads() {
        let response = about(
            AboutRequest::default(),
            "1.2.3",
            BuildInfo {
                commit: "abc1234".into(),
                profile: BuildProfile::Debug,
                identifier: "app.halodesk".into(),
            },
            Path::new("/data"),
            1_700_000_000_000,
        );
        let json = serde_json::to_value(response).unwrap();
        assert_eq!(json["build"]["profile"], "debug");
        assert_eq!(json["dataDir"], "/data");
    }

    #[test]
    fn accepts_the_empty_request_the_ui_sends() {
        let _: AboutRequest = serde_json::from_str("{}").unwrap();
    }
}
