// Release builds on Windows open no console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    match halodesk_lib::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            #[expect(
                clippy::print_stderr,
                reason = "no window is left to show the error in"
            )]
            {
                eprintln!("Halodesk could not start: {error}");
            }
            ExitCode::FAILURE
        }
    }
}
