//! The TypeScript bindings committed under `ui/src/lib/bindings/` must be exactly what the Rust
//! types generate. Run `npm run bindings` (or this test with `UPDATE_BINDINGS=1`) after
//! changing a type that crosses IPC.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../ui/src/lib/bindings")
}

fn read_all(dir: &Path) -> std::io::Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        files.insert(name, std::fs::read_to_string(entry.path())?);
    }
    Ok(files)
}

#[test]
fn committed_bindings_match_the_rust_types() {
    let fresh = tempfile::tempdir().unwrap();
    halodesk_core::ipc::bindings::generate(fresh.path()).unwrap();
    let generated = read_all(fresh.path()).unwrap();
    let committed_dir = committed_dir();

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        if committed_dir.exists() {
            std::fs::remove_dir_all(&committed_dir).unwrap();
        }
        std::fs::create_dir_all(&committed_dir).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed_dir.join(name), text).unwrap();
        }
        return;
    }

    let committed = read_all(&committed_dir).unwrap();
    let stale: Vec<_> = committed
        .keys()
        .filter(|k| !generated.contains_key(*k))
        .collect();
    let missing: Vec<_> = generated
        .keys()
        .filter(|k| !committed.contains_key(*k))
        .collect();
    let changed: Vec<_> = generated
        .iter()
        .filter(|(name, text)| committed.get(*name).is_some_and(|c| c != *text))
        .map(|(name, _)| name)
        .collect();
    assert!(
        stale.is_empty() && missing.is_empty() && changed.is_empty(),
        "ui/src/lib/bindings is out of date (run `npm run bindings`):\n  \
         stale: {stale:?}\n  missing: {missing:?}\n  changed: {changed:?}"
    );
}
