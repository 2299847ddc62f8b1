//! Attachments that Halodesk saves but does not open: a customer's file (or one forged in a
//! customer's name) that runs code the moment the OS opens it. The types are those browsers
//! hold back as dangerous downloads (Chromium's `download_file_types` list and Mozilla's
//! executable list, where a type is dangerous on any of Windows, macOS and Linux): programs,
//! scripts, shortcuts, installers and system settings, and disk images that mount without the
//! mark of the internet. Documents with macros are opened: Office keeps them in Protected View
//! because the file carries that mark ([`crate::files::mark_from_internet`]).

use crate::files::is_invisible;

/// Why a type runs code, in the words the technician reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RunsCode {
    Program,
    Script,
    Shortcut,
    Installer,
    DiskImage,
}

impl RunsCode {
    fn why(self) -> &'static str {
        match self {
            Self::Program => "it is a program, which runs as soon as it is opened",
            Self::Script => "it is a script, which runs as soon as it is opened",
            Self::Shortcut => "it is a shortcut, which opens another program, file or address",
            Self::Installer => "it installs software or changes this computer's settings",
            Self::DiskImage => {
                "it opens as a drive whose files no longer say they came from the internet"
            }
        }
    }
}

/// Windows, macOS and Linux programs and the libraries, plug-ins and databases that run their
/// own code.
const PROGRAMS: &[&str] = &[
    "exe",
    "com",
    "scr",
    "pif",
    "cpl",
    "msc",
    "gadget",
    "xbap",
    "dll",
    "ocx",
    "sys",
    "drv",
    "xll",
    "xla",
    "xlam",
    "ppa",
    "ppam",
    "accda",
    "accde",
    "accdr",
    "ade",
    "adp",
    "mda",
    "mdb",
    "mde",
    "mdt",
    "mdw",
    "mdz",
    "chm",
    "hlp",
    "app",
    "action",
    "workflow",
    "bundle",
    "plugin",
    "prefpane",
    "osax",
    "kext",
    "dylib",
    "saver",
    "qlgenerator",
    "xpc",
    "appimage",
    "run",
    "bin",
    "elf",
    "so",
    "ko",
    "out",
];

/// Scripts their interpreter runs when the file is opened.
const SCRIPTS: &[&str] = &[
    "bat",
    "cmd",
    "btm",
    "ps1",
    "ps1xml",
    "ps2",
    "ps2xml",
    "psc1",
    "psc2",
    "psd1",
    "psm1",
    "pssc",
    "cdxml",
    "msh",
    "msh1",
    "msh2",
    "mshxml",
    "msh1xml",
    "msh2xml",
    "vb",
    "vbe",
    "vbs",
    "vbscript",
    "js",
    "jse",
    "ws",
    "wsc",
    "wsf",
    "wsh",
    "hta",
    "sct",
    "au3",
    "ahk",
    "jar",
    "jnlp",
    "class",
    "py",
    "pyc",
    "pyo",
    "pyw",
    "pyz",
    "pyzw",
    "pl",
    "rb",
    "tcl",
    "sh",
    "bash",
    "csh",
    "ksh",
    "zsh",
    "fish",
    "command",
    "tool",
    "terminal",
    "term",
    "scpt",
    "scptd",
    "applescript",
    "shortcut",
];

/// Files that only point at something else, which then opens with no further question.
const SHORTCUTS: &[&str] = &[
    "lnk",
    "url",
    "website",
    "scf",
    "shb",
    "shs",
    "glk",
    "appref-ms",
    "application",
    "settingcontent-ms",
    "library-ms",
    "search-ms",
    "searchconnector-ms",
    "mad",
    "maf",
    "mag",
    "mam",
    "maq",
    "mar",
    "mas",
    "mat",
    "mav",
    "maw",
    "rdp",
    "fileloc",
    "inetloc",
    "webloc",
    "desktop",
];

/// Installers, and files that change the system's settings when opened.
const INSTALLERS: &[&str] = &[
    "msi",
    "msp",
    "mst",
    "msu",
    "msix",
    "msixbundle",
    "appx",
    "appxbundle",
    "appinstaller",
    "reg",
    "inf",
    "ins",
    "isp",
    "diagcab",
    "diagcfg",
    "diagpkg",
    "wsb",
    "vsix",
    "xpi",
    "crx",
    "pkg",
    "mpkg",
    "mobileconfig",
    "configprofile",
    "deb",
    "rpm",
    "snap",
    "flatpak",
    "flatpakref",
    "flatpakrepo",
    "apk",
];

/// Disk images: opening one mounts it, and the files inside lose the mark of the internet.
const DISK_IMAGES: &[&str] = &["iso", "img", "vhd", "vhdx", "dmg", "udf"];

/// What `name`'s type does when opened, if it runs code. The last extension counts, matched
/// without regard to case, after the invisible characters and the trailing dots and spaces
/// that Windows ignores (`setup.EXE. ` opens as `setup.exe`).
pub(super) fn runs_code(name: &str) -> Option<RunsCode> {
    let visible: String = name.chars().filter(|c| !is_invisible(*c)).collect();
    let trimmed = visible.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let (_, extension) = trimmed.rsplit_once('.')?;
    let extension = extension.trim().to_lowercase();
    [
        (PROGRAMS, RunsCode::Program),
        (SCRIPTS, RunsCode::Script),
        (SHORTCUTS, RunsCode::Shortcut),
        (INSTALLERS, RunsCode::Installer),
        (DISK_IMAGES, RunsCode::DiskImage),
    ]
    .into_iter()
    .find(|(types, _)| types.contains(&extension.as_str()))
    .map(|(_, kind)| kind)
}

/// Why Halodesk will not open `name`, for the technician; `None` when it may.
pub(super) fn open_refusal(name: &str) -> Option<String> {
    let kind = runs_code(name)?;
    let shown = crate::files::shown_file_name(name);
    Some(format!(
        "Halodesk does not open {shown}: {}. Save it instead, and check it before you run it.",
        kind.why()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_that_run_code_are_refused_whatever_their_case_or_disguise() {
        for (name, kind) in [
            ("setup.exe", RunsCode::Program),
            ("SETUP.EXE", RunsCode::Program),
            ("invoice\u{202E}fdp.exe", RunsCode::Program),
            ("invoice.pdf.exe", RunsCode::Program),
            ("update.exe.", RunsCode::Program),
            ("update.exe . .", RunsCode::Program),
            ("update.ex\u{200B}e", RunsCode::Program),
            ("Photos.app", RunsCode::Program),
            ("tool.AppImage", RunsCode::Program),
            ("installer.run", RunsCode::Program),
            ("fix.bat", RunsCode::Script),
            ("fix.cmd", RunsCode::Script),
            ("fix.ps1", RunsCode::Script),
            ("fix.vbs", RunsCode::Script),
            ("fix.js", RunsCode::Script),
            ("fix.jse", RunsCode::Script),
            ("fix.wsf", RunsCode::Script),
            ("fix.hta", RunsCode::Script),
            ("fix.jar", RunsCode::Script),
            ("fix.sh", RunsCode::Script),
            ("Fix.command", RunsCode::Script),
            ("Fix.terminal", RunsCode::Script),
            ("report.lnk", RunsCode::Shortcut),
            ("report.url", RunsCode::Shortcut),
            ("report.fileloc", RunsCode::Shortcut),
            ("report.desktop", RunsCode::Shortcut),
            ("office.rdp", RunsCode::Shortcut),
            ("agent.msi", RunsCode::Installer),
            ("agent.msix", RunsCode::Installer),
            ("settings.reg", RunsCode::Installer),
            ("wifi.mobileconfig", RunsCode::Installer),
            ("agent.pkg", RunsCode::Installer),
            ("drivers.iso", RunsCode::DiskImage),
            ("drivers.vhdx", RunsCode::DiskImage),
            ("app.dmg", RunsCode::DiskImage),
            ("screen.scr", RunsCode::Program),
            ("panel.cpl", RunsCode::Program),
        ] {
            assert_eq!(runs_code(name), Some(kind), "{name:?}");
        }
    }

    #[test]
    fn documents_pictures_and_archives_open() {
        for name in [
            "invoice.pdf",
            "photo.JPG",
            "log.txt",
            "budget.xlsm",
            "letter.docx",
            "logs.zip",
            "exe",
            "readme",
            "setup.exe.pdf",
            "notes.js.txt",
        ] {
            assert_eq!(runs_code(name), None, "{name:?}");
        }
    }

    #[test]
    fn the_refusal_names_the_file_as_shown_and_why() {
        assert_eq!(
            open_refusal("invoice\u{202E}fdp.exe").as_deref(),
            Some(
                "Halodesk does not open invoicefdp.exe: it is a program, which runs as soon as \
                 it is opened. Save it instead, and check it before you run it."
            )
        );
        assert_eq!(open_refusal("invoice.pdf"), None);
    }
}
