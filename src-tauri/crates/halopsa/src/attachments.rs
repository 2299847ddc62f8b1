//! `/api/Attachment`: list, upload (confirmed in the ticket's list afterwards), download to a
//! path, delete.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures_util::StreamExt;
use reqwest::Method;
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use crate::client::HaloClient;
use crate::error::{Error, Result};
use crate::models::{Attachment, WireAttachment};
use crate::transport::{Payload, root_cause};
use crate::upload::{self, UploadMode, UploadProgress, UploadRequest};
use crate::wire;

/// Downloads restart from scratch when the connection drops; this many tries in all.
const DOWNLOAD_ATTEMPTS: u32 = 3;

impl HaloClient {
    /// The attachments of a ticket, or of one of its actions.
    pub async fn attachments(
        &self,
        ticket_id: i32,
        action_id: Option<i32>,
    ) -> Result<Vec<Attachment>> {
        let mut query = vec![("ticket_id", ticket_id.to_string())];
        if let Some(action_id) = action_id {
            query.push(("action_id", action_id.to_string()));
        }
        let what = format!("Ticket {ticket_id}");
        let body = self
            .fetch(
                Method::GET,
                self.url("Attachment", &query),
                &Payload::Empty,
                &what,
            )
            .await?;
        let listing: wire::Listing<WireAttachment> = wire::listing(
            &body,
            "attachments",
            &format!("the attachments of ticket {ticket_id}"),
        )?;
        Ok(listing.items.into_iter().map(Attachment::from).collect())
    }

    /// Uploads a file, streaming it from disk, and confirms it appears on the ticket.
    /// `progress` hears how many of the file's bytes have gone out; after a retry it starts
    /// again from 0.
    pub async fn upload(
        &self,
        request: &UploadRequest,
        progress: impl Fn(UploadProgress) + Send + Sync + 'static,
    ) -> Result<Attachment> {
        let metadata = tokio::fs::metadata(&request.path)
            .await
            .map_err(|e| Error::file(&request.path, &e))?;
        if metadata.is_dir() {
            return Err(Error::File {
                path: request.path.clone(),
                detail: "it is a folder, not a file".to_owned(),
            });
        }
        let size = metadata.len();
        let payload = Payload::Upload(upload::source(request, Arc::new(progress)));
        let url = match request.mode {
            UploadMode::Json => self.url("Attachment", &[]),
            UploadMode::Multipart => self.url("Attachment/image", &multipart_query(request)),
        };
        let what = format!("Ticket {}", request.ticket_id);
        let body = self.fetch(Method::POST, url, &payload, &what).await?;
        // From here the file is on the instance: nothing below may report an error that would
        // invite sending it again, except a list that shows it is not there.
        let uploaded = wire::single::<WireAttachment>(&body, "the uploaded attachment")
            .map(Attachment::from)
            .ok()
            .filter(|a| a.id > 0);
        let filename = request.filename();
        let not_confirmed = || Error::UploadNotConfirmed {
            filename: filename.clone(),
            ticket_id: request.ticket_id,
        };
        let listed = match self.attachments(request.ticket_id, None).await {
            Ok(listed) => listed,
            Err(error) => {
                tracing::warn!(%error, "an upload went through but the ticket's list could not be read");
                return uploaded.ok_or_else(not_confirmed);
            }
        };
        let found = match &uploaded {
            Some(uploaded) => listed.into_iter().find(|a| a.id == uploaded.id),
            // Without an ID in the answer, the newest file of this name and size is this one.
            None => listed
                .into_iter()
                .filter(|a| a.filename == filename && a.size_bytes == size)
                .max_by_key(|a| a.id),
        };
        found.ok_or_else(not_confirmed)
    }

    /// An attachment's details, without its bytes.
    pub async fn attachment(&self, id: i32) -> Result<Attachment> {
        let url = self.url(
            &format!("Attachment/{id}"),
            &[("includedetails", "true".to_owned())],
        );
        let what = format!("Attachment {id}");
        let body = self.fetch(Method::GET, url, &Payload::Empty, &what).await?;
        wire::single::<WireAttachment>(&body, &what).map(Attachment::from)
    }

    /// Saves an attachment's bytes at `to`, streamed through a `.part` file beside it that is
    /// renamed into place only when complete. Answers the number of bytes written.
    pub async fn download(&self, id: i32, to: &Path) -> Result<u64> {
        let partial = partial_path(to);
        let downloaded = self
            .download_to(id, |_| {
                let file = std::fs::File::create(&partial)?;
                Ok((partial.clone(), tokio::fs::File::from_std(file)))
            })
            .await;
        let written = match downloaded {
            Ok(written) => written,
            Err(error) => {
                let _ = tokio::fs::remove_file(&partial).await;
                return Err(error);
            }
        };
        tokio::fs::rename(&partial, to)
            .await
            .map_err(|e| Error::save(to, &e))?;
        Ok(written)
    }

    /// Streams an attachment's bytes into the file `open` gives, once told the file name the
    /// instance sent in `Content-Disposition` (untrusted: `open` must make it safe). `open`
    /// answers the file and the path its errors are reported by. A dropped connection starts
    /// again from the file's start; where the file ends up, and whether it may replace
    /// another, is the caller's to decide. Answers the number of bytes written.
    pub async fn download_to(
        &self,
        id: i32,
        open: impl FnOnce(Option<&str>) -> std::io::Result<(PathBuf, tokio::fs::File)>,
    ) -> Result<u64> {
        let what = format!("Attachment {id}");
        let url = self.url(&format!("Attachment/{id}"), &[]);
        let mut response = self.open(url.clone(), &what).await?;
        let sent_name = response
            .headers()
            .get(reqwest::header::CONTENT_DISPOSITION)
            .and_then(|value| value.to_str().ok())
            .and_then(disposition_filename);
        let (path, mut file) =
            open(sent_name.as_deref()).map_err(|e| Error::save(Path::new(&what), &e))?;
        let mut attempt = 1;
        loop {
            match write_body(response, &mut file).await {
                Ok(written) => return Ok(written),
                Err(Interrupted::Network(detail)) if attempt < DOWNLOAD_ATTEMPTS => {
                    tracing::debug!(id, attempt, %detail, "download interrupted; starting again");
                    attempt += 1;
                    response = self.open(url.clone(), &what).await?;
                }
                Err(Interrupted::Network(detail)) => {
                    return Err(Error::ConnectionLost {
                        detail,
                        may_have_applied: false,
                    });
                }
                Err(Interrupted::Disk(error)) => return Err(Error::save(&path, &error)),
            }
        }
    }

    /// The attachment's address on the instance: where a saved copy says it came from.
    pub fn attachment_url(&self, id: i32) -> url::Url {
        self.url(&format!("Attachment/{id}"), &[])
    }

    pub async fn delete_attachment(&self, id: i32) -> Result<()> {
        let url = self.url(&format!("Attachment/{id}"), &[]);
        self.fetch(
            Method::DELETE,
            url,
            &Payload::Empty,
            &format!("Attachment {id}"),
        )
        .await
        .map(drop)
    }
}

/// The metadata of a multipart upload travels in the query string, in Halo's `at…` names; the
/// file name travels in the part itself.
fn multipart_query(request: &UploadRequest) -> Vec<(&'static str, String)> {
    let mut query = vec![("ticket_id", request.ticket_id.to_string())];
    if let Some(action_id) = request.action_id {
        query.push(("action_id", action_id.to_string()));
    }
    query.push(("atisimage", request.is_image().to_string()));
    if let Some(note) = &request.note {
        query.push(("atnote", note.clone()));
    }
    if let Some(show) = request.show_for_users {
        query.push(("atshowforusers", show.to_string()));
    }
    query
}

/// The file name of a `Content-Disposition` header: the RFC 6266 `filename*` (UTF-8,
/// percent-encoded) when present, else the plain `filename`.
fn disposition_filename(header: &str) -> Option<String> {
    let mut plain = None;
    for parameter in header.split(';').skip(1) {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                let Some((charset, rest)) = value.split_once('\'') else {
                    continue;
                };
                let encoded = rest.split_once('\'').map_or(rest, |(_, encoded)| encoded);
                if charset.eq_ignore_ascii_case("utf-8") {
                    let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8();
                    if let Ok(decoded) = decoded {
                        return Some(decoded.into_owned());
                    }
                }
            }
            "filename" => plain = Some(value.trim_matches('"').replace("\\\"", "\"")),
            _ => {}
        }
    }
    plain.filter(|name| !name.is_empty())
}

enum Interrupted {
    Network(String),
    Disk(std::io::Error),
}

/// Writes the body over whatever an interrupted attempt left in `file`.
async fn write_body(
    response: reqwest::Response,
    file: &mut tokio::fs::File,
) -> Result<u64, Interrupted> {
    file.set_len(0).await.map_err(Interrupted::Disk)?;
    file.seek(std::io::SeekFrom::Start(0))
        .await
        .map_err(Interrupted::Disk)?;
    let mut written = 0;
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| Interrupted::Network(root_cause(&e)))?;
        file.write_all(&chunk).await.map_err(Interrupted::Disk)?;
        written += chunk.len() as u64;
    }
    file.flush().await.map_err(Interrupted::Disk)?;
    file.sync_all().await.map_err(Interrupted::Disk)?;
    Ok(written)
}

fn partial_path(to: &Path) -> PathBuf {
    let mut name = to.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    to.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::disposition_filename;

    #[test]
    fn the_utf8_name_wins_over_the_ascii_fallback() {
        assert_eq!(
            disposition_filename(
                "attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20v2.pdf"
            )
            .as_deref(),
            Some("résumé v2.pdf")
        );
        assert_eq!(
            disposition_filename("attachment; filename=\"log.txt\"").as_deref(),
            Some("log.txt")
        );
        assert_eq!(
            disposition_filename("attachment; filename=\"../../etc/passwd\"").as_deref(),
            Some("../../etc/passwd"),
            "made safe by the caller, not here"
        );
        assert_eq!(disposition_filename("inline"), None);
    }
}
