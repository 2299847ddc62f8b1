//! Upload bodies that stream a file from disk: multipart for `/api/Attachment/image`, and
//! JSON with `data_base64` for `/api/Attachment`, base64-encoded chunk by chunk as the body
//! goes out. Neither holds the file in memory; both are rebuilt, file reopened, on a retry.

use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::{BufMut, Bytes, BytesMut};
use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::Serialize;
use tokio::io::AsyncReadExt;

use crate::error::Error;
use crate::transport::{Upload, UploadBody, UploadSource, UploadState};

/// Bytes read from the file at a time: large, because each read of a `tokio::fs::File` is a
/// trip to the blocking pool.
const CHUNK: usize = 8 * SLICE;

/// Bytes handed to the connection at a time: small enough that progress moves smoothly and
/// that an upload cut short is seen as such; a multiple of 3, so every slice but the last
/// encodes to base64 without padding and the slices join into one valid string.
const SLICE: usize = 3 * 64 * 1024;

/// Which of Halo's two upload endpoints to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UploadMode {
    /// `multipart/form-data` to `/api/Attachment/image`: the file's own bytes on the wire.
    #[default]
    Multipart,
    /// JSON with `data_base64` to `/api/Attachment`, which every instance accepts.
    Json,
}

/// A file to attach to a ticket, or to one of its actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadRequest {
    pub path: PathBuf,
    pub ticket_id: i32,
    pub action_id: Option<i32>,
    /// The name Halo shows; the file's own name when `None`.
    pub filename: Option<String>,
    pub note: Option<String>,
    /// Whether Halo shows it as an image; guessed from the filename's extension when `None`.
    pub is_image: Option<bool>,
    /// Whether the end user sees it in the portal.
    pub show_for_users: Option<bool>,
    pub mode: UploadMode,
}

impl UploadRequest {
    pub fn new(path: impl Into<PathBuf>, ticket_id: i32, mode: UploadMode) -> Self {
        Self {
            path: path.into(),
            ticket_id,
            action_id: None,
            filename: None,
            note: None,
            is_image: None,
            show_for_users: None,
            mode,
        }
    }

    pub(crate) fn filename(&self) -> String {
        self.filename.clone().unwrap_or_else(|| {
            self.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "attachment".to_owned())
        })
    }

    pub(crate) fn is_image(&self) -> bool {
        self.is_image
            .unwrap_or_else(|| looks_like_image(&self.filename()))
    }
}

/// Whether Halo should show a file of this name as an image, from its extension.
pub fn looks_like_image(filename: &str) -> bool {
    let extension = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        extension.as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "bmp"
    )
}

/// How far an upload has got: file bytes handed to the connection, of the file's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadProgress {
    pub sent: u64,
    pub total: u64,
}

pub(crate) type ProgressSink = Arc<dyn Fn(UploadProgress) + Send + Sync>;

/// The metadata of a JSON upload, everything but the data.
#[derive(Debug, Serialize)]
struct JsonMeta<'a> {
    ticket_id: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    action_id: Option<i32>,
    filename: &'a str,
    isimage: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    showforusers: Option<bool>,
}

/// The body of one upload, built anew for each attempt.
pub(crate) fn source(request: &UploadRequest, progress: ProgressSink) -> UploadSource {
    let request = Arc::new(request.clone());
    Arc::new(move || {
        let (request, progress) = (request.clone(), progress.clone());
        Box::pin(async move {
            let file = tokio::fs::File::open(&request.path)
                .await
                .map_err(|e| Error::file(&request.path, &e))?;
            let total = file
                .metadata()
                .await
                .map_err(|e| Error::file(&request.path, &e))?
                .len();
            progress(UploadProgress { sent: 0, total });
            let state = Arc::new(UploadState::default());
            let mut sent = 0;
            let chunks = file_slices(file, total).inspect({
                let (state, path) = (state.clone(), request.path.clone());
                move |chunk| match chunk {
                    Ok(chunk) => {
                        sent += chunk.len() as u64;
                        progress(UploadProgress { sent, total });
                    }
                    Err(error) => state.fail(Error::file(&path, error)),
                }
            });
            let chunks = marking_the_end(chunks, state.clone());
            let body = match request.mode {
                UploadMode::Multipart => multipart(&request, chunks, total),
                UploadMode::Json => json(&request, chunks, total),
            };
            Ok(Upload {
                body,
                state,
                size: total,
            })
        })
    })
}

fn multipart(
    request: &UploadRequest,
    chunks: impl Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static,
    total: u64,
) -> UploadBody {
    let part =
        reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(chunks), total)
            .file_name(request.filename());
    UploadBody::Multipart(reqwest::multipart::Form::new().part("file", part))
}

fn json(
    request: &UploadRequest,
    chunks: impl Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static,
    total: u64,
) -> UploadBody {
    let filename = request.filename();
    let meta = JsonMeta {
        ticket_id: request.ticket_id,
        action_id: request.action_id,
        filename: &filename,
        isimage: request.is_image(),
        note: request.note.as_deref(),
        showforusers: request.show_for_users,
    };
    // `{"ticket_id":..}` becomes `[{"ticket_id":..,"data_base64":"` + data + `"}]`.
    let meta = serde_json::to_string(&meta).unwrap_or_else(|_| "{}".to_owned());
    let fields = meta.strip_suffix('}').unwrap_or(&meta);
    let separator = if fields.len() > 1 { "," } else { "" };
    let prefix = Bytes::from(format!("[{fields}{separator}\"data_base64\":\""));
    let suffix = Bytes::from_static(b"\"}]");
    let length = prefix.len() as u64 + total.div_ceil(3) * 4 + suffix.len() as u64;
    let encoded = chunks.map(|chunk| chunk.map(|raw| Bytes::from(STANDARD.encode(&raw))));
    let body = stream::iter([Ok(prefix)])
        .chain(encoded)
        .chain(stream::iter([Ok(suffix)]));
    UploadBody::Stream {
        body: reqwest::Body::wrap_stream(body),
        length,
        content_type: "application/json",
    }
}

/// Marks the upload finished once `chunks` has yielded its last item.
fn marking_the_end(
    chunks: impl Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static,
    state: Arc<UploadState>,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static {
    let end = stream::once(async move {
        state.finish();
        None
    });
    chunks.map(Some).chain(end).filter_map(std::future::ready)
}

/// The file in slices of [`SLICE`] bytes, the last one shorter, read [`CHUNK`] at a time.
fn file_slices(
    file: tokio::fs::File,
    expected: u64,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + Sync {
    file_chunks(file, expected)
        .map_ok(|mut chunk| {
            let slices = std::iter::from_fn(move || {
                (!chunk.is_empty()).then(|| chunk.split_to(SLICE.min(chunk.len())))
            });
            stream::iter(slices.map(Ok))
        })
        .try_flatten()
}

/// The file in chunks of exactly [`CHUNK`] bytes, the last one shorter. A file that turns out
/// longer or shorter than `expected` (it changed under the upload) is an error: the body would
/// no longer match its announced length.
fn file_chunks(
    file: tokio::fs::File,
    expected: u64,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + Sync {
    stream::try_unfold((file, 0u64), move |(mut file, read_so_far)| async move {
        if read_so_far == expected {
            // Read one byte more: a file that grew must not pass as complete.
            let mut probe = [0u8; 1];
            return match file.read(&mut probe).await? {
                0 => Ok(None),
                _ => Err(changed()),
            };
        }
        let wanted = usize::try_from(expected - read_so_far).map_or(CHUNK, |left| left.min(CHUNK));
        // Uninitialised capacity: zeroing a buffer only to overwrite it costs a pass over it.
        let mut buffer = BytesMut::with_capacity(wanted);
        while buffer.len() < wanted {
            let left = wanted - buffer.len();
            let mut rest = (&mut buffer).limit(left);
            if file.read_buf(&mut rest).await? == 0 {
                return Err(changed());
            }
        }
        Ok(Some((buffer.freeze(), (file, read_so_far + wanted as u64))))
    })
}

fn changed() -> std::io::Error {
    std::io::Error::other("the file changed while it was being uploaded")
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    async fn collect(upload: Upload) -> Vec<u8> {
        let UploadBody::Stream { body, length, .. } = upload.body else {
            panic!("a JSON upload is a stream");
        };
        assert!(!upload.state.is_finished());
        let bytes = http_body_util::BodyExt::collect(body)
            .await
            .unwrap()
            .to_bytes();
        assert_eq!(
            bytes.len() as u64,
            length,
            "Content-Length matches the body"
        );
        bytes.to_vec()
    }

    #[tokio::test]
    async fn a_json_upload_is_the_whole_file_in_valid_base64_with_progress() {
        for size in [
            0,
            1,
            2,
            3,
            SLICE + 1,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            2 * CHUNK + 2,
        ] {
            let mut file = tempfile::NamedTempFile::new().unwrap();
            let data: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
            file.write_all(&data).unwrap();
            let mut request = UploadRequest::new(file.path(), 42, UploadMode::Json);
            request.filename = Some("shot.png".into());
            let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
            let sink: ProgressSink = {
                let seen = seen.clone();
                Arc::new(move |p| seen.lock().unwrap().push(p))
            };
            let upload = source(&request, sink)().await.unwrap();
            let body = collect(upload).await;
            let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(value[0]["ticket_id"], 42);
            assert_eq!(value[0]["filename"], "shot.png");
            assert_eq!(value[0]["isimage"], true);
            let decoded = STANDARD
                .decode(value[0]["data_base64"].as_str().unwrap())
                .unwrap();
            assert_eq!(decoded, data, "size {size}");
            let last = *seen.lock().unwrap().last().unwrap();
            assert_eq!(
                last,
                UploadProgress {
                    sent: size as u64,
                    total: size as u64
                }
            );
        }
    }

    #[tokio::test]
    async fn a_read_that_fails_midway_ends_the_stream_with_the_error() {
        let folder = tempfile::tempdir().unwrap();
        let file = tokio::fs::File::open(folder.path()).await.unwrap();
        let first = Box::pin(file_slices(file, 4_096)).next().await.unwrap();
        assert_eq!(first.unwrap_err().kind(), std::io::ErrorKind::IsADirectory);
    }

    #[tokio::test]
    async fn a_file_that_grows_or_shrinks_under_the_upload_is_refused() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&[7; 100]).unwrap();
        for announced in [99, 101] {
            let open = tokio::fs::File::open(file.path()).await.unwrap();
            let read: Vec<_> = file_slices(open, announced).collect().await;
            let error = read.last().unwrap().as_ref().unwrap_err();
            assert!(
                error
                    .to_string()
                    .contains("changed while it was being uploaded")
            );
        }
    }

    #[tokio::test]
    async fn a_vanished_file_is_a_file_error() {
        let request = UploadRequest::new("/nonexistent/shot.png", 1, UploadMode::Multipart);
        let sink: ProgressSink = Arc::new(|_| {});
        let error = source(&request, sink)().await.err().unwrap();
        assert!(error.to_string().contains("no longer exists"), "{error}");
    }
}
