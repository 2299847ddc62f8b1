//! The About panel: which build this is and where it keeps its data, for a bug report.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppError, Halodesk, Launch};

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

impl Halodesk {
    /// Answers the About panel from what the shell said about its build at launch.
    pub async fn about(&self, request: AboutRequest) -> Result<AboutResponse, AppError> {
        let AboutRequest {} = request;
        let Launch {
            version,
            build,
            started_at_ms,
            ..
        } = self.launch.clone();
        Ok(AboutResponse {
            version,
            build,
            data_dir: self.data_dir.display().to_string(),
            platform: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
            started_at_ms,
        })
    }
}
