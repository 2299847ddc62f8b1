//! The worker as the conductor sees it: a child process started on the run's folder, what it
//! reports line by line on stdout, and the SIGKILL.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};

use tokio::sync::mpsc;

use crate::worker::RUN_FOLDER;

/// One line of the worker's stdout. A line is written (and flushed, stdout being line
/// buffered) before the worker goes on, so what it reported before a kill is read after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Report {
    /// Signed in, with the picklists and the queue loaded.
    Ready,
    /// The command queueing this marker was called.
    Start(String),
    /// The command returned: the write or upload is stored and the core answers for it.
    Queued(String),
    /// The command refused it, with the reason; nothing was stored, it is tried again.
    Refused(String, String),
    /// Refused too often: never queued.
    GaveUp(String),
    /// Everything of this run is queued (or given up).
    AllQueued,
    /// The outbox or the uploads still hold work: how much, by state.
    Waiting(String),
    /// Nothing left to send; what stays (failed uploads, refused writes), by state.
    Drained(String),
}

impl Report {
    pub(crate) fn line(&self) -> String {
        match self {
            Self::Ready => "ready".to_owned(),
            Self::Start(marker) => format!("start {marker}"),
            Self::Queued(marker) => format!("queued {marker}"),
            Self::Refused(marker, reason) => format!("refused {marker} {reason}"),
            Self::GaveUp(marker) => format!("gave-up {marker}"),
            Self::AllQueued => "all-queued".to_owned(),
            Self::Waiting(states) => format!("waiting {states}"),
            Self::Drained(states) => format!("drained {states}"),
        }
    }

    fn parse(line: &str) -> Option<Self> {
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let rest = rest.to_owned();
        Some(match word {
            "ready" => Self::Ready,
            "start" => Self::Start(rest),
            "queued" => Self::Queued(rest),
            "refused" => {
                let (marker, reason) = rest.split_once(' ').unwrap_or((&rest, ""));
                Self::Refused(marker.to_owned(), reason.to_owned())
            }
            "gave-up" => Self::GaveUp(rest),
            "all-queued" => Self::AllQueued,
            "waiting" => Self::Waiting(rest),
            "drained" => Self::Drained(rest),
            _ => return None,
        })
    }
}

/// A running worker.
#[derive(Debug)]
pub(crate) struct Worker {
    child: Child,
    /// Closed to ask the worker to stop in order.
    stdin: Option<ChildStdin>,
    reports: mpsc::UnboundedReceiver<Report>,
}

impl Worker {
    /// Starts this executable as the worker on `folder`.
    pub(crate) fn start(folder: &Path) -> Self {
        let mut child = Command::new(std::env::current_exe().expect("this executable's path"))
            .env(RUN_FOLDER, folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the worker starts");
        let stdout = child.stdout.take().expect("the worker's stdout");
        let (send, reports) = mpsc::unbounded_channel();
        // A thread of its own: the pipe is read with blocking reads until the worker is gone.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                match Report::parse(&line) {
                    Some(report) => {
                        if send.send(report).is_err() {
                            break;
                        }
                    }
                    None => println!("worker: {line}"),
                }
            }
        });
        Self {
            stdin: child.stdin.take(),
            child,
            reports,
        }
    }

    /// The next report; `None` once the worker is gone and all it wrote has been read.
    pub(crate) async fn next(&mut self) -> Option<Report> {
        self.reports.recv().await
    }

    /// SIGKILL (what `Child::kill` sends on Unix): no destructor, no flush, no shutdown.
    /// Answers what the worker had reported and not yet been read.
    pub(crate) async fn kill(mut self) -> Vec<Report> {
        self.child.kill().expect("the worker is killed");
        self.child.wait().expect("the killed worker is reaped");
        let mut rest = Vec::new();
        while let Some(report) = self.reports.recv().await {
            rest.push(report);
        }
        rest
    }

    /// Closes the worker's stdin, which it takes as the signal to shut down in order.
    pub(crate) fn stop(mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
