//! Every command the app exposes, declared once: its name, request type and response type.
//!
//! The shell registers exactly these names with Tauri (and its build script allows only them),
//! and `ui/src/lib/bindings/Commands.ts` is generated from the same list, so the UI cannot call
//! a command that does not exist or pass it the wrong shape.

mod about;

pub use about::{AboutRequest, AboutResponse, BuildInfo, BuildProfile, about};

/// Declares the command table once and derives the name list and the TypeScript map from it.
macro_rules! command_table {
    ($($name:ident: $request:ty => $response:ty),+ $(,)?) => {
        /// The name of every command, as the UI invokes it.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),+];

        /// Exports the request and response types of every command, with their dependencies.
        pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
            use ts_rs::TS;
            $(
                <$request>::export_all(cfg)?;
                <$response>::export_all(cfg)?;
            )+
            Ok(())
        }

        /// The `Commands` type mapping each command name to its request and response.
        pub(crate) fn commands_module(cfg: &ts_rs::Config) -> String {
            let entries: &[(&str, String, String)] = &[
                $((stringify!($name), <$request as ts_rs::TS>::ident(cfg), <$response as ts_rs::TS>::ident(cfg))),+
            ];
            crate::bindings::render_commands(entries)
        }
    };
}

use crate::api::*;

command_table! {
    about: AboutRequest => AboutResponse,
    profile_list: ProfileListRequest => ProfileList,
    session_resume: SessionResumeRequest => SessionResume,
    demo_start: DemoStartRequest => Session,
    demo_reset: DemoResetRequest => Session,
    connect_client_secret: ConnectRequest => Session,
    browser_sign_in_start: BrowserSignInRequest => BrowserSignInStarted,
    browser_sign_in_finish: BrowserSignInFinishRequest => Session,
    browser_sign_in_cancel: BrowserSignInCancelRequest => Done,
    profile_switch: ProfileSwitchRequest => Session,
    sign_out: SignOutRequest => ProfileList,
    queue_snapshot: QueueSnapshotRequest => QueueSnapshot,
    queue_refresh: QueueRefreshRequest => QueueDelta,
    filter_save: SaveFilterRequest => SavedFilters,
    filter_delete: DeleteFilterRequest => SavedFilters,
    ticket_open: TicketOpenRequest => TicketView,
    attachment_fetch: AttachmentRequest => AttachmentSaved,
    link_open: OpenLinkRequest => Done,
    workflow_choices: WorkflowChoicesRequest => WorkflowChoices,
    client_search: ClientSearchRequest => ClientMatches,
    client_details: ClientDetailsRequest => ClientDetails,
    ticket_validate: TicketValidateRequest => TicketValidation,
    ticket_duplicates: DuplicateCheckRequest => DuplicateCandidates,
    ticket_create: TicketCreateRequest => OutboxItem,
    ticket_change: TicketChangeRequest => TicketChangeResponse,
    action_add: ActionAddRequest => OutboxItem,
    ticket_escalate: EscalateRequest => OutboxItem,
    outbox_list: OutboxListRequest => OutboxList,
    outbox_retry: OutboxRetryRequest => OutboxList,
    outbox_discard: OutboxDiscardRequest => OutboxList,
    draft_save: DraftSaveRequest => Done,
    draft_get: DraftGetRequest => DraftFound,
    draft_clear: DraftClearRequest => Done,
    timer_update: TimerRequest => TimerList,
    timer_list: TimerListRequest => TimerList,
    watch_settings: WatchSettingsRequest => WatchSettings,
    watch_settings_save: WatchSettingsSaveRequest => WatchSettings,
    watch_status: WatchStatusRequest => WatchStatus,
    watch_snooze: SnoozeRequest => WatchStatus,
    watch_pause: PauseNotificationsRequest => WatchStatus,
    download_folder: DownloadFolderRequest => DownloadFolder,
    download_folder_choose: DownloadFolderChooseRequest => DownloadFolder,
    upload_drop: UploadDropRequest => UploadList,
    upload_paste: UploadPasteRequest => UploadList,
    upload_pick: UploadPickRequest => UploadList,
    upload_list: UploadListRequest => UploadList,
    upload_cancel: UploadCancelRequest => UploadList,
    upload_retry: UploadRetryRequest => UploadList,
    upload_clear: UploadClearRequest => UploadList,
}
