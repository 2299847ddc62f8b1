//! Allows exactly the app's own commands (the AppManifest), read from halodesk-core's one
//! command list, and stamps the build with its commit.

use std::process::Command;

// The command list, as a macro that hands `name: Request => Response` entries to a callback;
// the types are never looked at here, so the build script needs nothing from halodesk-core.
include!("crates/halodesk-core/src/ipc/command_list.rs");

macro_rules! names {
    ($($name:ident: $request:ty => $response:ty),+ $(,)?) => {
        &[$(stringify!($name)),+]
    };
}

/// The commands the webview may invoke.
const ALLOWED_COMMANDS: &[&str] = for_each_command!(names);

fn main() {
    println!("cargo:rustc-env=HALODESK_COMMIT={}", git_commit());
    for path in ["../.git/HEAD", "../.git/refs/heads", "../.git/packed-refs"] {
        println!("cargo:rerun-if-changed={path}");
    }

    let manifest = tauri_build::AppManifest::new().commands(ALLOWED_COMMANDS);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}

/// The short commit hash, or `unknown` when building outside a git checkout (a source archive).
fn git_commit() -> String {
    Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|hash| hash.trim().to_owned())
        .filter(|hash| !hash.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}
