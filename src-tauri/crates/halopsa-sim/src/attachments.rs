//! `/api/Attachment`: JSON uploads with `data_base64`, multipart uploads to `/image` read as a
//! stream, the list envelope, downloads with `Content-Disposition`, and delete.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use crate::auth;
use crate::batch;
use crate::errors;
use crate::model::Attachment;
use crate::query::{Params, truthy};
use crate::render::{self, AttachmentView};
use crate::state::Sim;

#[derive(Debug, Serialize)]
struct AttachmentList<'a> {
    record_count: usize,
    attachments: Vec<AttachmentView<'a>>,
}

pub(crate) async fn list(State(sim): State<Arc<Sim>>, params: Params) -> Response {
    let store = sim.read();
    // Filtering by action needs the ticket too, as on real instances.
    let ticket = params.int("ticket_id");
    let action = ticket.and(params.int("action_id"));
    let attachments: Vec<AttachmentView<'_>> = store
        .attachments
        .values()
        .filter(|a| ticket.is_some_and(|t| a.ticket_id == t))
        .filter(|a| action.is_none_or(|x| a.action_id == x))
        .map(render::attachment)
        .collect();
    Json(AttachmentList {
        record_count: attachments.len(),
        attachments,
    })
    .into_response()
}

pub(crate) async fn get(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<i32>,
    params: Params,
) -> Response {
    let store = sim.read();
    let Some(attachment) = store.attachments.get(&id) else {
        return errors::not_found(&format!("Attachment {id}"));
    };
    if params.flag("includedetails") {
        return Json(render::attachment(attachment)).into_response();
    }
    // An ASCII name for every client, and the real one (RFC 6266) for those that read it.
    let fallback: String = attachment
        .filename
        .chars()
        .map(|c| {
            if c == ' ' || (c.is_ascii_graphic() && c != '"' && c != '\\') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        auth::percent_encode(&attachment.filename)
    );
    let mut response = attachment.data.clone().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&attachment.filename)),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

pub(crate) async fn delete(State(sim): State<Arc<Sim>>, Path(id): Path<i32>) -> Response {
    match sim.write().remove_attachment(id) {
        Some(_) => StatusCode::OK.into_response(),
        None => errors::not_found(&format!("Attachment {id}")),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct JsonUpload {
    ticket_id: Option<i32>,
    #[serde(default)]
    action_id: i32,
    filename: Option<String>,
    data_base64: Option<String>,
    #[serde(default)]
    isimage: bool,
    #[serde(default)]
    note: String,
    #[serde(default = "visible")]
    showforusers: bool,
}

fn visible() -> bool {
    true
}

/// `POST /api/Attachment`: a JSON array whose files travel as base64, with or without a
/// `data:` URI prefix.
pub(crate) async fn upload_json(State(sim): State<Arc<Sim>>, body: Bytes) -> Response {
    let uploads: Vec<JsonUpload> = match batch::parse(&body, "attachments") {
        Ok(items) => items,
        Err(response) => return *response,
    };
    drop(body);
    let mut problems = Vec::new();
    let mut files = Vec::with_capacity(uploads.len());
    for (i, upload) in uploads.iter().enumerate() {
        let encoded = upload.data_base64.as_deref().unwrap_or_default();
        let encoded = encoded
            .split_once(";base64,")
            .map_or(encoded, |(_, data)| data);
        match STANDARD.decode(encoded.trim()) {
            Ok(bytes) if bytes.len() > sim.config.max_upload_bytes => {
                return errors::too_large(sim.config.max_upload_bytes);
            }
            Ok(bytes) => files.push(Bytes::from(bytes)),
            Err(_) => problems.push((
                format!("[{i}].data_base64"),
                "The file data is not valid base64.".into(),
            )),
        }
        check_target(
            &sim,
            i,
            upload.ticket_id,
            upload.filename.as_deref(),
            &mut problems,
        );
    }
    if !problems.is_empty() {
        return errors::validation(problems);
    }
    let items = uploads
        .into_iter()
        .zip(files)
        .map(|(u, data)| {
            let meta = Meta {
                ticket_id: u.ticket_id.unwrap_or_default(),
                action_id: u.action_id,
                filename: u.filename.unwrap_or_default(),
                isimage: u.isimage,
                note: u.note,
                showforusers: u.showforusers,
            };
            (meta, data)
        })
        .collect();
    store_attachments(&sim, items)
}

/// `POST /api/Attachment/image`: one multipart `file` part, the metadata in the query string
/// (`atnote`, `atisimage`, `atshowforusers` as Halo's schema names them, or without `at`).
/// The part is read chunk by chunk; past the limit the rest is read and dropped, up to a cap,
/// before the 413, as servers with a lingering close do: a client still sending would
/// otherwise meet a broken pipe instead of the answer.
/// How much of an upload past the limit, or of a refused one, is still read before answering.
const LINGER_BYTES: usize = 64 * 1024 * 1024;

/// Reads and drops the rest of a refused part (up to [`LINGER_BYTES`]), so the client gets to
/// read the refusal instead of meeting a closed connection mid-send.
async fn linger(field: &mut axum::extract::multipart::Field<'_>) {
    let mut dropped = 0usize;
    while let Ok(Some(chunk)) = field.chunk().await {
        dropped += chunk.len();
        if dropped > LINGER_BYTES {
            return;
        }
    }
}

pub(crate) async fn upload_multipart(
    State(sim): State<Arc<Sim>>,
    params: Params,
    mut multipart: Multipart,
) -> Response {
    let limit = sim.config.max_upload_bytes;
    if !sim.config.multipart_uploads {
        if let Ok(Some(mut field)) = multipart.next_field().await {
            linger(&mut field).await;
        }
        return errors::not_found("The resource");
    }
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                return errors::bad_body(format!("The multipart body could not be read ({e})."));
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let filename = params
            .get("filename")
            .map(str::to_owned)
            .or_else(|| field.file_name().map(str::to_owned));
        let mut problems = Vec::new();
        check_target(
            &sim,
            0,
            params.int("ticket_id"),
            filename.as_deref(),
            &mut problems,
        );
        let mut field = field;
        if !problems.is_empty() {
            linger(&mut field).await;
            return errors::validation(problems);
        }
        let mut data = Vec::new();
        let mut dropped = 0usize;
        let uplink = sim
            .faults()
            .upload_rate()
            .map(|rate| (rate, tokio::time::Instant::now()));
        loop {
            if let Some((rate, started)) = uplink {
                // Read no faster than the uplink would deliver: wait until the bytes so far are due.
                let due = Duration::from_secs_f64((data.len() + dropped) as f64 / rate as f64);
                tokio::time::sleep_until(started + due).await;
            }
            match field.chunk().await {
                Ok(Some(chunk)) if dropped > 0 || data.len() + chunk.len() > limit => {
                    dropped += chunk.len();
                    if dropped > LINGER_BYTES {
                        return errors::too_large(limit);
                    }
                }
                Ok(Some(chunk)) => data.extend_from_slice(&chunk),
                Ok(None) if dropped > 0 => return errors::too_large(limit),
                Ok(None) => break,
                Err(e) => return errors::bad_body(format!("The upload was interrupted ({e}).")),
            }
        }
        let filename = filename.unwrap_or_default();
        let meta = Meta {
            ticket_id: params.int("ticket_id").unwrap_or_default(),
            action_id: params.int("action_id").unwrap_or_default(),
            isimage: params
                .either(&["atisimage", "isimage"])
                .map_or_else(|| content_type(&filename).starts_with("image/"), truthy),
            note: params
                .either(&["atnote", "note"])
                .unwrap_or_default()
                .to_owned(),
            showforusers: params
                .either(&["atshowforusers", "showforusers"])
                .is_none_or(truthy),
            filename,
        };
        return store_attachments(&sim, vec![(meta, Bytes::from(data))]);
    }
    errors::validation(vec![(
        "file".into(),
        "A file part named 'file' is required.".into(),
    )])
}

fn check_target(
    sim: &Sim,
    i: usize,
    ticket_id: Option<i32>,
    filename: Option<&str>,
    problems: &mut Vec<(String, String)>,
) {
    match ticket_id {
        Some(id) if sim.read().tickets.contains(id) => {}
        Some(id) => problems.push((
            format!("[{i}].ticket_id"),
            format!("Ticket {id} does not exist."),
        )),
        None => problems.push((
            format!("[{i}].ticket_id"),
            "A Ticket must be given for this Attachment.".into(),
        )),
    }
    if filename.is_none_or(|f| f.trim().is_empty()) {
        problems.push((
            format!("[{i}].filename"),
            "The filename is required.".into(),
        ));
    }
}

struct Meta {
    ticket_id: i32,
    action_id: i32,
    filename: String,
    isimage: bool,
    note: String,
    showforusers: bool,
}

/// Stores a batch under one write lock, so it is written whole or not at all; the tickets are
/// checked again there, since one may have gone while an upload streamed in.
fn store_attachments(sim: &Sim, items: Vec<(Meta, Bytes)>) -> Response {
    let now = sim.now();
    let mut store = sim.write();
    let gone: Vec<(String, String)> = items
        .iter()
        .enumerate()
        .filter(|(_, (meta, _))| !store.tickets.contains(meta.ticket_id))
        .map(|(i, (meta, _))| {
            (
                format!("[{i}].ticket_id"),
                format!("Ticket {} does not exist.", meta.ticket_id),
            )
        })
        .collect();
    if !gone.is_empty() {
        return errors::validation(gone);
    }
    let mut created = Vec::with_capacity(items.len());
    for (meta, data) in items {
        let id = store.take_attachment_id();
        let attachment = Attachment {
            id,
            ticket_id: meta.ticket_id,
            action_id: meta.action_id,
            filename: meta.filename,
            note: meta.note,
            isimage: meta.isimage,
            showforusers: meta.showforusers,
            unique_id: format!("{:08x}-0000-4000-8000-{:012x}", meta.ticket_id, id),
            datecreated: now,
            data,
        };
        store.add_attachment(attachment.clone());
        if let Some(ticket) = store.tickets.get_mut(meta.ticket_id) {
            ticket.last_update = now;
        }
        created.push(attachment);
    }
    batch::created(created.iter().map(render::attachment).collect())
}

/// The content type a download is served with, from the file's extension.
fn content_type(filename: &str) -> &'static str {
    let extension = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain; charset=utf-8",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}
