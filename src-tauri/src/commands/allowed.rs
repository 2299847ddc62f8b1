// Read by build.rs (for the AppManifest) and by the shell's tests, which check that it lists
// exactly halodesk-core's command table.
/// The commands the webview may invoke.
pub(crate) const ALLOWED_COMMANDS: &[&str] = &[
    "about",
    "profile_list",
    "session_resume",
    "demo_start",
    "demo_reset",
    "connect_client_secret",
    "browser_sign_in_start",
    "browser_sign_in_finish",
    "browser_sign_in_cancel",
    "profile_switch",
    "sign_out",
    "queue_snapshot",
    "queue_refresh",
    "filter_save",
    "filter_delete",
    "ticket_open",
    "attachment_fetch",
    "link_open",
];
