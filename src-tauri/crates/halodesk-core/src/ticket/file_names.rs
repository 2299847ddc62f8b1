//! The name a saved attachment gets: the one the instance sent when it keeps the listed
//! extension, stripped of anything that could leave the folder, name a device or disguise
//! what the file is.

/// The name the instance sent, when it keeps the extension of the name the technician saw in
/// the list: the extension decides which program opens the file, so it must be the one shown.
pub(super) fn chosen_name<'a>(sent: Option<&'a str>, listed: &'a str) -> &'a str {
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
pub(super) fn safe_file_name(name: &str, attachment_id: i32) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
