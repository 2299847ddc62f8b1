//! The Halodesk process: the core opened on the run's data folder, its outbox and upload
//! workers running as the shell runs them, and the technician's commands called as the window
//! calls them, several at a time. Started again after every kill; what the conductor has seen
//! started is never queued twice (see `SKIP_FILE`).

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use halodesk_core::ipc::{
    ActionAddRequest, ActionKind, ClientDetailsRequest, ConnectRequest, NewTicketForm,
    OutboxListRequest, OutboxState, QueueRefreshRequest, SessionResumeRequest, TicketChangeRequest,
    TicketCreateRequest, UploadDropRequest, UploadListRequest, UploadOptions, UploadState,
    WorkflowChoicesRequest,
};
use halodesk_core::{AppError, Halodesk, Parts};
use halopsa::{ClientOptions, RateBudget, RetryPolicy};
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

use crate::plan::{Item, Plan, Work};
use crate::process::Report;
use crate::secrets::FileSecrets;
use crate::support::TestDesktop;

/// Set to the run's folder, this executable is the worker.
pub(crate) const RUN_FOLDER: &str = "HALODESK_SOAK_WORKER";
/// The plan, written once by the conductor.
pub(crate) const PLAN_FILE: &str = "plan.json";
/// What this start queues ([`Orders`]), rewritten by the conductor before each start.
pub(crate) const ORDERS_FILE: &str = "orders.json";
/// The data folder every worker opens.
const DATA_FOLDER: &str = "data";

/// Commands in flight at once: a technician working fast across several tickets.
const LANES: usize = 16;
/// A refused command is tried again this many times, as a technician clicks again.
const TRIES: u32 = 20;
const PAUSE: Duration = Duration::from_millis(300);
/// How often the worker says what still waits.
const WAITING_EVERY: Duration = Duration::from_secs(5);

/// What one start of the worker queues.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Orders {
    /// The plan's items before this index.
    pub upto: usize,
    /// The markers not to queue: those an earlier worker queued or gave up, and those whose
    /// command was under way when it was killed (queued or not, the technician clicked once).
    pub skip: HashSet<String>,
}

pub(crate) async fn run(folder: PathBuf) {
    let plan: Plan = read_json(&folder.join(PLAN_FILE)).expect("the plan");
    let orders: Orders = read_json(&folder.join(ORDERS_FILE)).expect("the orders");
    let parts = Parts {
        options: options(),
        ..Parts::new(
            Arc::new(FileSecrets::new(folder.join("secrets.json"))),
            Arc::new(TestDesktop::new()),
        )
    };
    let app = Arc::new(Halodesk::open(&folder.join(DATA_FOLDER), parts).expect("Halodesk opens"));
    tokio::spawn(app.clone().run_outbox());
    tokio::spawn(app.clone().run_uploads());
    let work = async {
        sign_in(&app, &plan).await;
        let ticket_type = prepare(&app, &plan).await;
        say(&Report::Ready);
        let todo: VecDeque<(Item, u32)> = plan
            .items
            .iter()
            .take(orders.upto)
            .filter(|item| !orders.skip.contains(&item.marker))
            .map(|item| (item.clone(), 0))
            .collect();
        queue_all(&app, todo, ticket_type).await;
        say(&Report::AllQueued);
        watch_drain(&app).await;
    };
    tokio::select! {
        () = work => {}
        () = stdin_closed() => {}
    }
    app.shutdown();
}

/// The product's retries and backoffs; a budget for a large instance, since the 429s here
/// come in storms the conductor starts.
fn options() -> ClientOptions {
    ClientOptions {
        budget: RateBudget {
            requests: 10_000,
            window: Duration::from_secs(300),
            share: 1.0,
        },
        retry: RetryPolicy::default(),
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

fn say(report: &Report) {
    println!("{}", report.line());
}

/// Resumes the saved session, or connects with the client secret on the first start; until
/// the instance answers.
async fn sign_in(app: &Halodesk, plan: &Plan) {
    loop {
        let signed_in = match app.session_resume(SessionResumeRequest {}).await {
            Ok(resumed) if resumed.session.is_some() => Ok(()),
            Ok(_) => app
                .connect_client_secret(ConnectRequest {
                    instance_url: plan.instance_url.clone(),
                    tenant: None,
                    client_id: plan.client_id.clone(),
                    client_secret: plan.client_secret.clone().into(),
                    name: None,
                })
                .await
                .map(drop),
            Err(error) => Err(error),
        };
        if signed_in.is_ok() {
            return;
        }
        tokio::time::sleep(PAUSE).await;
    }
}

/// What the window loads before the technician works: the picklists, the clients new tickets
/// are logged for, and the queue. Answers the ticket type new tickets get.
async fn prepare(app: &Halodesk, plan: &Plan) -> Option<i32> {
    let choices = until_ok(|| app.workflow_choices(WorkflowChoicesRequest {})).await;
    for &client_id in &plan.clients {
        until_ok(|| app.client_details(ClientDetailsRequest { client_id })).await;
    }
    until_ok(|| app.queue_refresh(QueueRefreshRequest { full: false })).await;
    choices.ticket_types.first().map(|t| t.id)
}

async fn until_ok<T, F, Fut>(mut call: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    loop {
        match call().await {
            Ok(value) => return value,
            Err(_) => tokio::time::sleep(PAUSE).await,
        }
    }
}

/// Queues every item, `LANES` commands at a time; a refused one goes to the back of the line.
async fn queue_all(app: &Arc<Halodesk>, todo: VecDeque<(Item, u32)>, ticket_type: Option<i32>) {
    let todo = Arc::new(Mutex::new(todo));
    let mut lanes = tokio::task::JoinSet::new();
    for _ in 0..LANES {
        let (app, todo) = (app.clone(), todo.clone());
        lanes.spawn(async move {
            loop {
                let next = todo
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .pop_front();
                let Some((item, tries)) = next else { break };
                say(&Report::Start(item.marker.clone()));
                match queue(&app, &item, ticket_type).await {
                    Ok(()) => say(&Report::Queued(item.marker)),
                    Err(reason) => {
                        let reason = reason.replace('\n', " ");
                        say(&Report::Refused(item.marker.clone(), reason));
                        if tries + 1 < TRIES {
                            tokio::time::sleep(PAUSE).await;
                            todo.lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .push_back((item, tries + 1));
                        } else {
                            say(&Report::GaveUp(item.marker));
                        }
                    }
                }
            }
        });
    }
    while lanes.join_next().await.is_some() {}
}

/// Calls the command the window calls for this piece of work. `Ok` means the command returned
/// it queued: the definition of a queued write or upload.
async fn queue(app: &Halodesk, item: &Item, ticket_type: Option<i32>) -> Result<(), String> {
    let marker = &item.marker;
    let queued = match &item.work {
        Work::Note { ticket_id } => app
            .action_add(action(
                *ticket_id,
                ActionKind::InternalNote,
                format!("{marker} note from the soak"),
                0,
            ))
            .await
            .map(drop),
        Work::TimeEntry { ticket_id, minutes } => app
            .action_add(action(
                *ticket_id,
                ActionKind::PhoneCall,
                format!("{marker} call with the end user"),
                *minutes,
            ))
            .await
            .map(drop),
        Work::Resolve {
            ticket_id,
            status_id,
        } => app
            .ticket_change(TicketChangeRequest {
                ticket_id: *ticket_id,
                status_id: Some(*status_id),
                resolution: format!("{marker} fixed by the soak"),
                confirmed: true,
                ..TicketChangeRequest::default()
            })
            .await
            .map(drop),
        Work::Hold {
            ticket_id,
            status_id,
        } => app
            .ticket_change(TicketChangeRequest {
                ticket_id: *ticket_id,
                status_id: Some(*status_id),
                confirmed: true,
                ..TicketChangeRequest::default()
            })
            .await
            .map(drop),
        Work::NewTicket { client_id } => app
            .ticket_create(TicketCreateRequest {
                form: NewTicketForm {
                    client_id: Some(*client_id),
                    ticket_type_id: ticket_type,
                    summary: format!("{marker} printer offline on the second floor"),
                    details: "Logged by the soak benchmark.".to_owned(),
                    ..NewTicketForm::default()
                },
                draft_key: None,
            })
            .await
            .map(drop),
        Work::Upload { ticket_id, path } => return upload(app, *ticket_id, path).await,
    };
    queued.map_err(|error| error.message)
}

fn action(ticket_id: i32, kind: ActionKind, note: String, minutes: u32) -> ActionAddRequest {
    ActionAddRequest {
        ticket_id,
        kind,
        note,
        email_user: false,
        minutes,
        billable: minutes > 0,
        from_timer: false,
        draft_key: None,
    }
}

/// Drops the file on the ticket, as the window does: the shell hands the paths to the core,
/// the page names the ticket.
async fn upload(app: &Halodesk, ticket_id: i32, path: &Path) -> Result<(), String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let drop_id = app.drop_received(vec![path.to_owned()]);
    let list = app
        .upload_drop(UploadDropRequest {
            drop_id,
            ticket_id,
            options: UploadOptions::default(),
        })
        .await
        .map_err(|error| error.message)?;
    let row = list
        .items
        .iter()
        .rev()
        .find(|item| Some(&item.filename) == name.as_ref())
        .ok_or("the upload is not in the list the command answered")?;
    match row.state {
        UploadState::Failed => Err(row.error.clone().unwrap_or_default()),
        _ => Ok(()),
    }
}

/// Says what still waits every few seconds, and `drained` once nothing does.
async fn watch_drain(app: &Halodesk) {
    let mut said_at = None::<tokio::time::Instant>;
    loop {
        if let (Ok(outbox), Ok(uploads)) = (
            app.outbox_list(OutboxListRequest {}).await,
            app.upload_list(UploadListRequest { ticket_id: None }).await,
        ) {
            // Refused writes and failed uploads wait for the technician: they are left over,
            // not waiting.
            let mut waiting = 0;
            let mut states = BTreeMap::<String, usize>::new();
            for item in &outbox.items {
                waiting += usize::from(!matches!(
                    item.state,
                    OutboxState::Delivered | OutboxState::Rejected
                ));
                let what = match item.state {
                    OutboxState::Delivered => continue,
                    // Refused for good: which write, and why, for the report.
                    OutboxState::Rejected => format!(
                        "outbox Rejected ({} \"{}\": {})",
                        item.label,
                        item.excerpt,
                        item.last_error.as_deref().unwrap_or_default()
                    ),
                    state => format!("outbox {state:?}"),
                };
                *states.entry(what).or_default() += 1;
            }
            for item in &uploads.items {
                waiting += usize::from(item.state.is_pending());
                if item.state != UploadState::Done {
                    *states
                        .entry(format!("upload {:?}", item.state))
                        .or_default() += 1;
                }
            }
            let text = states
                .iter()
                .map(|(state, n)| format!("{state}={n}"))
                .collect::<Vec<_>>()
                .join(", ");
            if waiting == 0 {
                say(&Report::Drained(text.clone()));
                std::future::pending::<()>().await;
            }
            if said_at.is_none_or(|at| at.elapsed() >= WAITING_EVERY) {
                say(&Report::Waiting(text));
                said_at = Some(tokio::time::Instant::now());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Resolves when the conductor closes the worker's stdin.
async fn stdin_closed() {
    let (closed, on_close) = oneshot::channel();
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        let _ = closed.send(());
    });
    let _ = on_close.await;
}
