use halodesk_core::commands::{self, AboutRequest, AboutResponse, BuildInfo, BuildProfile};
use halodesk_core::{AppError, ErrorCode};
use tauri::{AppHandle, Manager, Runtime};

#[tauri::command]
pub(crate) async fn about<R: Runtime>(
    app: AppHandle<R>,
    request: AboutRequest,
) -> Result<AboutResponse, AppError> {
    let data_dir = app.path().app_data_dir().map_err(|error| {
        AppError::new(
            ErrorCode::DataDir,
            format!("Halodesk cannot find its data folder ({error}). Check that your home folder is available."),
        )
    })?;
    let build = BuildInfo {
        commit: env!("HALODESK_COMMIT").to_owned(),
        profile: if cfg!(debug_assertions) {
            BuildProfile::Debug
        } else {
            BuildProfile::Release
        },
        identifier: app.config().identifier.clone(),
    };
    let version = app.package_info().version.to_string();
    Ok(commands::about(
        request,
        &version,
        build,
        &data_dir,
        crate::started_at_ms(),
    ))
}
