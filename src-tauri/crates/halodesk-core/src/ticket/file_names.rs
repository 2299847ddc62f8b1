//! The name a saved attachment gets: the one the instance sent when it keeps the listed
//! extension, stripped of anything that could leave the folder, name a device or disguise
//! what the file is.

use crate::files::is_invisible;

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
        .filter(|c| !is_invisible(*c))
        .map(|c| {
            if c.is_control() || "<>:\"|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Windows drops trailing dots and spaces: the name kept is the name the file will have.
    let cleaned = shortened(cleaned.trim().trim_matches(['.', ' ']));
    let reserved = is_reserved_on_windows(&cleaned);
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

/// Whether Windows takes `name` for a device rather than a file: the device names, with any
/// extension and with the spaces Windows drops before it (`nul .txt`), and the serial and
/// parallel ports numbered 0 to 9 or with a superscript digit (`COM¹`), as Windows 11 still
/// treats them. `CONIN$` and `CONOUT$` are the console.
fn is_reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().trim_end();
    let stem = stem.to_uppercase();
    if matches!(
        stem.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let port = stem
        .strip_prefix("COM")
        .or_else(|| stem.strip_prefix("LPT"));
    let mut digits = port.unwrap_or_default().chars();
    matches!(
        (digits.next(), digits.next()),
        (Some('0'..='9' | '¹' | '²' | '³'), None)
    )
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
        for device in [
            "COM\u{B9}.txt",
            "com\u{B2}",
            "LPT\u{B3}.log",
            "lpt0",
            "CONIN$",
            "conout$.txt",
            "nul .txt",
            "Aux.tar.gz",
        ] {
            assert_eq!(
                safe_file_name(device, 7),
                format!("attachment-7-{device}"),
                "{device:?}"
            );
        }
        for file in [
            "COM10.txt",
            "LPT\u{B9}0",
            "CONINS.txt",
            "console.log",
            "nullable.txt",
        ] {
            assert_eq!(safe_file_name(file, 7), file, "{file:?}");
        }
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
