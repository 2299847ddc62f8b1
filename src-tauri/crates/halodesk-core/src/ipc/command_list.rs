// The one list of commands. Kept free of `use` lines and inner attributes, so that the shell's
// build script can `include!` it as well and read the names without depending on this crate.

/// Calls `$callback!` with every command the app exposes, as `name: Request => Response`.
///
/// Each command is a `Halodesk` method of the same name taking its request. halodesk-core
/// derives the command names and the TypeScript `Commands` map from this list; the shell
/// expands it into its Tauri handlers, and its build script into the commands the window may
/// invoke. The request and response types are named as `halodesk_core::ipc` exports them.
#[macro_export]
macro_rules! for_each_command {
    ($callback:ident) => {
        $callback! {
            about: AboutRequest => AboutResponse,
            log_folder_open: LogFolderOpenRequest => Done,
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
    };
}
