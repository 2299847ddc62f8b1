//! `cargo bench -p halodesk-core --bench soak` (`npm run soak`): whether Halodesk loses or
//! doubles a write or an upload when its process is killed again and again while HaloPSA
//! misbehaves.
//!
//! The conductor (this executable, started by cargo) runs the simulator in process, with 30% of
//! answers dropped after the work was done, storms of 429s, one revocation of every token and
//! two restarts of the instance. It starts the worker (this executable again, with
//! `HALODESK_SOAK_WORKER` naming the run's folder), which opens Halodesk on a data folder that
//! outlives it, signs in with a client secret and queues its share of the writes (notes, time
//! entries, status changes, new tickets) and uploads through the core's commands, as the
//! window would. The conductor SIGKILLs the worker at moments drawn from a seeded generator and
//! starts it again on the same folder. When all is queued it kills it once more, turns the
//! faults off, starts it a last time and times how long the outbox and the uploads take to
//! drain. It then counts every marker in the simulator's records over its HTTP API and prints
//! writes and uploads lost and duplicated. Nothing is asserted: it prints figures, and fails
//! only when it cannot run at all.
//!
//! Smaller runs for iterating: `HALODESK_SOAK_WRITES`, `HALODESK_SOAK_UPLOADS`,
//! `HALODESK_SOAK_KILLS`, `HALODESK_SOAK_SEED` (see `plan.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark reports on stdout and stops when it cannot run at all"
)]

mod conductor;
mod count;
mod ledger;
mod plan;
mod process;
mod report;
mod secrets;
mod worker;

#[path = "../../tests/app/support.rs"]
#[allow(
    dead_code,
    reason = "the app tests' support; the worker uses its test desktop"
)]
mod support;

use std::path::PathBuf;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("the runtime starts");
    match std::env::var_os(worker::RUN_FOLDER) {
        Some(folder) => runtime.block_on(worker::run(PathBuf::from(folder))),
        None => {
            let size = plan::Size::from_env();
            let figures = runtime.block_on(conductor::run(&size));
            report::print(&size, &figures);
        }
    }
}
