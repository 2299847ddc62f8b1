// Read by build.rs (for the AppManifest) and by the shell's tests, which check that it lists
// exactly halodesk-core's command table.
/// The commands the webview may invoke.
pub(crate) const ALLOWED_COMMANDS: &[&str] = &["about"];
