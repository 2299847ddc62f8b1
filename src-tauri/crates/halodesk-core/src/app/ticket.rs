//! The ticket view: fields, sanitized details, the timeline and attachments, and the two ways
//! out of the app (opening a link, opening or saving an attachment).

use std::path::{Path, PathBuf};

use halopsa::{Action, ActionQuery, TicketDetail};

use super::Halodesk;
use super::sla_watch::at_risk_rule;
use crate::api::{
    AttachmentAction, AttachmentRequest, AttachmentRow, AttachmentSaved, DownloadFolder,
    TicketView, TimelineEntry, TimelineKind,
};
use crate::queue::{CachedTicket, queue_row};
use crate::sanitize;
use crate::{AppError, ErrorCode};

/// Where opened attachments are kept, inside the app's data folder.
const OPENED_DIR: &str = "opened-attachments";
/// The setting that holds the folder saved attachments go to.
const DOWNLOAD_FOLDER: &str = "download_folder";

impl Halodesk {
    pub async fn ticket_open(&self, ticket_id: i32) -> Result<TicketView, AppError> {
        let (profile, client) = self.client().await?;
        let detail = TicketDetail {
            details: true,
            last_action: false,
        };
        let actions = ActionQuery {
            html_notes: true,
            ..ActionQuery::default()
        };
        let (ticket, mut timeline, attachments) = tokio::try_join!(
            client.ticket(ticket_id, detail),
            client.actions(ticket_id, &actions),
            client.attachments(ticket_id, None),
        )?;
        let cached = CachedTicket::from(&ticket);
        let now = self.clock.now();
        let row = self
            .blocking(move |store, _| {
                store.put_ticket(profile.id, &cached)?;
                let lookups = store.lookups(profile.id)?;
                let rule = at_risk_rule(&store.watch_settings(profile.id)?.0);
                Ok(queue_row(&cached, &lookups, now, &rule))
            })
            .await?;
        timeline.sort_by_key(|action| (action.at, action.id));
        let details_html = match &ticket.details_html {
            Some(html) => sanitize::ticket_html(html),
            None => sanitize::plain_text_html(ticket.details.as_deref().unwrap_or_default()),
        };
        Ok(TicketView {
            row,
            site_name: ticket.site_name,
            user_name: ticket.user_name,
            user_email: ticket.user_email,
            categories: ticket.categories,
            opened_at: ticket
                .opened_at
                .or(ticket.created_at)
                .map(|at| at.to_string()),
            respond_by: ticket.respond_by.map(|at| at.to_string()),
            fix_by: ticket.fix_by.or(ticket.deadline).map(|at| at.to_string()),
            time_taken_hours: ticket.time_taken_hours,
            details_html,
            timeline: timeline.iter().map(timeline_entry).collect(),
            attachments: attachments
                .into_iter()
                .map(|a| AttachmentRow {
                    id: a.id,
                    filename: a.filename,
                    size_bytes: a.size_bytes,
                    created_at: a.created_at.map(|at| at.to_string()),
                    is_image: a.is_image,
                })
                .collect(),
        })
    }

    /// Downloads an attachment: into the app's own folder to open it, or into the chosen
    /// download folder (`downloads` until one is chosen) to keep it, under the name the
    /// instance sent, made safe: it cannot leave the folder or replace another file.
    pub async fn attachment_fetch(
        &self,
        request: AttachmentRequest,
        downloads: &Path,
    ) -> Result<AttachmentSaved, AppError> {
        let (_, client) = self.client().await?;
        let folder = match request.action {
            AttachmentAction::Open => self.data_dir.join(OPENED_DIR),
            AttachmentAction::Save => PathBuf::from(self.download_folder(downloads).await?.path),
        };
        create_folder(&folder).await?;
        let id = request.attachment_id;
        let (path, _) = client
            .download_into(id, |sent_name| {
                let name = chosen_name(sent_name, &request.filename);
                free_path(&folder, &safe_file_name(name, id))
            })
            .await?;
        Ok(AttachmentSaved {
            path: path.display().to_string(),
        })
    }

    /// Where saved attachments go: the technician's choice, else `default` (Downloads).
    pub async fn download_folder(&self, default: &Path) -> Result<DownloadFolder, AppError> {
        let chosen = self
            .blocking(|store, _| Ok(store.app_setting(DOWNLOAD_FOLDER)?))
            .await?;
        Ok(DownloadFolder {
            path: chosen.unwrap_or_else(|| default.display().to_string()),
        })
    }

    /// Remembers the folder the technician chose for saved attachments.
    pub async fn download_folder_set(&self, folder: &Path) -> Result<DownloadFolder, AppError> {
        let path = folder.display().to_string();
        let value = path.clone();
        self.blocking(move |store, _| Ok(store.set_app_setting(DOWNLOAD_FOLDER, &value)?))
            .await?;
        Ok(DownloadFolder { path })
    }
}

/// Only web and mail links leave the app; anything else (`file:`, `javascript:`, custom
/// schemes that launch programs) is refused before the system opener sees it.
pub fn checked_link(url: &str) -> Result<url::Url, AppError> {
    let parsed = url::Url::parse(url.trim()).map_err(|_| {
        AppError::new(
            ErrorCode::Invalid,
            format!("\"{url}\" is not a web address."),
        )
    })?;
    match parsed.scheme() {
        "http" | "https" | "mailto" => Ok(parsed),
        scheme => Err(AppError::new(
            ErrorCode::Invalid,
            format!("Halodesk opens only web and email links, not \"{scheme}:\" links."),
        )),
    }
}

fn timeline_entry(action: &Action) -> TimelineEntry {
    let outcome = action.outcome.to_ascii_lowercase();
    let kind = if outcome.contains("email") {
        TimelineKind::Email
    } else if outcome.contains("phone") || outcome.contains("call") {
        TimelineKind::PhoneCall
    } else if outcome.contains("visit") {
        TimelineKind::SiteVisit
    } else if outcome.contains("time") {
        TimelineKind::TimeEntry
    } else if action.new_status_id.is_some() && action.note.trim().is_empty() {
        TimelineKind::StatusChange
    } else {
        TimelineKind::Note
    };
    let note_html = match &action.note_html {
        Some(html) => sanitize::ticket_html(html),
        None => sanitize::plain_text_html(&action.note),
    };
    TimelineEntry {
        id: action.id,
        kind,
        outcome: action.outcome.clone(),
        who: action.who.clone(),
        at: action.at.map(|at| at.to_string()),
        note_html,
        internal: action.hidden_from_user,
        hours: action.time_taken_hours,
        billable: action.billable,
        new_status: Some(action.new_status_name.clone()).filter(|name| !name.is_empty()),
        email_to: action.email_to.clone(),
    }
}

/// The name the instance sent, when it keeps the extension of the name the technician saw in
/// the list: the extension decides which program opens the file, so it must be the one shown.
fn chosen_name<'a>(sent: Option<&'a str>, listed: &'a str) -> &'a str {
    let extension = |name: &str| {
        name.rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
    };
    sent.filter(|sent| extension(sent) == extension(listed))
        .unwrap_or(listed)
}

/// Longest file name kept, in bytes: file systems stop at 255, and `name (2).ext` needs room.
const MAX_NAME_BYTES: usize = 200;

/// The last path component of a sender's file name, without characters that Windows, macOS or
/// Linux refuse or treat specially, nor the invisible ones that reorder text (a right-to-left
/// override can make `exe.pdf` read as `fdp.exe`); shortened to [`MAX_NAME_BYTES`] keeping its
/// extension, and never a reserved device name.
fn safe_file_name(name: &str, attachment_id: i32) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !is_invisible_format(*c))
        .map(|c| {
            if c.is_control() || "<>:\"|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = shortened(cleaned.trim().trim_matches('.'));
    let stem = cleaned
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.ends_with(|c: char| c.is_ascii_digit()));
    if cleaned.is_empty() || reserved {
        format!(
            "attachment-{attachment_id}{}",
            if reserved {
                format!("-{cleaned}")
            } else {
                String::new()
            }
        )
    } else {
        cleaned
    }
}

/// Creates a folder Halodesk writes files into, and its parents.
pub(super) async fn create_folder(folder: &Path) -> Result<(), AppError> {
    tokio::fs::create_dir_all(folder).await.map_err(|error| {
        AppError::new(
            ErrorCode::File,
            format!(
                "The folder {} could not be created: {error}.",
                folder.display()
            ),
        )
    })
}

/// Bidirectional controls and zero-width characters: invisible, and able to disguise a name.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `name` cut to [`MAX_NAME_BYTES`] on a character boundary, its extension kept.
fn shortened(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_owned();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if ext.len() <= 16 => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let mut end = MAX_NAME_BYTES.saturating_sub(extension.len());
    while !stem.is_char_boundary(end.min(stem.len())) {
        end -= 1;
    }
    format!("{}{extension}", &stem[..end.min(stem.len())])
}

/// `name`, or `name (2).ext`, `name (3).ext`, ... : the first that does not exist yet. A
/// folder that cannot be read counts as holding the name, so nothing is ever replaced; after
/// 10,000 tries the process ID makes one up, and writing there fails with a clear error if the
/// folder is unusable.
pub(super) fn free_path(folder: &Path, name: &str) -> PathBuf {
    let free = |candidate: &Path| candidate.try_exists().ok() == Some(false);
    let candidate = folder.join(name);
    if free(&candidate) {
        return candidate;
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    // Bounded: a folder that answers no question at all (no permission) must not spin.
    (2u64..10_000)
        .map(|n| folder.join(format!("{stem} ({n}){extension}")))
        .find(|candidate| free(candidate))
        .unwrap_or_else(|| folder.join(format!("{stem} ({}){extension}", std::process::id())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_opened() {
        assert!(checked_link("https://acme.example/kb/1").is_ok());
        assert!(checked_link("mailto:help@acme.example").is_ok());
        for hostile in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ms-settings:",
            "not a url",
        ] {
            assert_eq!(
                checked_link(hostile).unwrap_err().code,
                ErrorCode::Invalid,
                "{hostile}"
            );
        }
    }

    #[test]
    fn file_names_stay_in_their_folder_and_avoid_device_names() {
        assert_eq!(safe_file_name("../../etc/passwd", 1), "passwd");
        assert_eq!(safe_file_name("C:\\Windows\\evil.exe", 1), "evil.exe");
        assert_eq!(safe_file_name("a<b>:c?.png", 1), "a_b__c_.png");
        assert_eq!(safe_file_name("..", 7), "attachment-7");
        assert_eq!(safe_file_name("CON.txt", 7), "attachment-7-CON.txt");
        assert_eq!(safe_file_name("com1", 7), "attachment-7-com1");
        assert_eq!(safe_file_name("computer.txt", 7), "computer.txt");
        assert_eq!(
            safe_file_name("invoice\u{202E}fdp.exe", 7),
            "invoicefdp.exe"
        );
        let long = format!("{}.log", "日志".repeat(100));
        let short = safe_file_name(&long, 7);
        assert!(
            short.len() <= MAX_NAME_BYTES && short.ends_with(".log"),
            "{short}"
        );
    }

    #[test]
    fn the_sent_name_is_used_only_with_the_listed_extension() {
        assert_eq!(
            chosen_name(Some("Report v2.PDF"), "report.pdf"),
            "Report v2.PDF"
        );
        assert_eq!(
            chosen_name(Some("report.pdf.desktop"), "report.pdf"),
            "report.pdf"
        );
        assert_eq!(chosen_name(None, "report.pdf"), "report.pdf");
    }

    #[test]
    fn an_existing_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("log.txt"), "first").unwrap();
        std::fs::write(dir.path().join("log (2).txt"), "second").unwrap();
        assert_eq!(
            free_path(dir.path(), "log.txt"),
            dir.path().join("log (3).txt")
        );
        assert_eq!(free_path(dir.path(), "new.txt"), dir.path().join("new.txt"));
    }
}
