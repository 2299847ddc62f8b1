//! The part of openapi.json this test needs: for each (method, path) the client uses, the query
//! parameter names and the request body's field names. The full file (3.6 MB) lives outside the
//! repository, so a small extract is committed beside this file; it is generated from the full
//! file by the code below, and checked against it whenever the full file is at hand.
//!
//! `UPDATE_OPENAPI=1 cargo test -p halopsa --test openapi` rewrites the extract.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Every (method, path) the client sends to the resource server, in openapi.json's spelling:
/// without the `/api` prefix (its server url) and with `{id}` for an ID in the path.
///
/// Not here: `/api/authinfo`, `/auth/token` and `/auth/authorize`. They belong to the auth
/// server, which is not part of "Halo API v2", so openapi.json does not describe them.
pub(crate) const CLIENT_ENDPOINTS: &[(&str, &str)] = &[
    ("get", "/Tickets"),
    ("post", "/Tickets"),
    ("get", "/Tickets/{id}"),
    ("delete", "/Tickets/{id}"),
    ("get", "/Actions"),
    ("post", "/Actions"),
    ("get", "/Actions/{id}"),
    ("get", "/Attachment"),
    ("post", "/Attachment"),
    ("post", "/Attachment/image"),
    ("get", "/Attachment/{id}"),
    ("delete", "/Attachment/{id}"),
    ("get", "/Status"),
    ("get", "/Priority"),
    ("get", "/SLA"),
    ("get", "/TicketType"),
    ("get", "/Agent"),
    ("get", "/Agent/me"),
    ("get", "/Team"),
    ("get", "/Client"),
    ("get", "/Site"),
    ("get", "/Users"),
    ("get", "/Outcome"),
];

/// The body media types the client sends. openapi.json also offers `text/json` and
/// `application/json-patch+json` with the same schemas; the client uses neither.
pub(crate) const JSON: &str = "application/json";
pub(crate) const MULTIPART: &str = "multipart/form-data";

/// What openapi.json allows the client to name, by path and then by (lower-case) method.
/// Every collection is a `BTreeMap`/`BTreeSet`, so the rendered file is sorted and stable.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Extract {
    /// Says what the file is, since JSON has no comments.
    about: String,
    pub(crate) paths: BTreeMap<String, BTreeMap<String, Operation>>,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Operation {
    /// `parameters[].name`, path parameters left out: they are the `{id}`, not a name sent.
    pub(crate) query: BTreeSet<String>,
    /// Body field names by media type: for JSON the properties of the array's item schema,
    /// for multipart the form's part names. Empty for operations without a body.
    pub(crate) body: BTreeMap<String, BTreeSet<String>>,
}

const ABOUT: &str = "Generated from openapi.json (Halo API v2) by \
    src-tauri/crates/halopsa/tests/openapi/extract.rs: the query parameter and request body \
    field names of each path the client uses. Do not edit; regenerate with \
    UPDATE_OPENAPI=1 cargo test -p halopsa --test openapi";

impl Extract {
    /// Cuts the extract out of the full openapi.json. Panics on a shape it cannot read, so a
    /// change in the file's structure stops the test instead of emptying an allow-list.
    pub(crate) fn from_openapi(openapi: &Value) -> Self {
        let mut paths: BTreeMap<String, BTreeMap<String, Operation>> = BTreeMap::new();
        for &(method, path) in CLIENT_ENDPOINTS {
            let at = format!("{} {path}", method.to_uppercase());
            let operation = openapi["paths"][path]
                .get(method)
                .unwrap_or_else(|| panic!("openapi.json has no {at}"));
            paths
                .entry(path.to_owned())
                .or_default()
                .insert(method.to_owned(), Operation::read(openapi, operation, &at));
        }
        Self {
            about: ABOUT.to_owned(),
            paths,
        }
    }

    /// The committed extract, which the conformance test always uses (CI has no full file).
    pub(crate) fn committed() -> Self {
        let path = committed_path();
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub(crate) fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        self.paths.get(path)?.get(&method.to_ascii_lowercase())
    }

    /// The committed file's exact text: pretty JSON, one name a line so a diff reads well.
    pub(crate) fn render(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the extract serialises");
        text.push('\n');
        text
    }
}

impl Operation {
    fn read(openapi: &Value, operation: &Value, at: &str) -> Self {
        let query = operation
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|p| p["in"] != "path")
            .map(|p| {
                p["name"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{at}: a parameter without a name: {p}"))
                    .to_owned()
            })
            .collect();
        let mut body = BTreeMap::new();
        let content = &operation["requestBody"]["content"];
        if let Some(media) = content.get(JSON) {
            // Halo's writes take an array of records; the proxy holds bodies to that too.
            let schema = &media["schema"];
            assert!(
                schema["type"] == "array",
                "{at}: a JSON body that is not an array: {schema}"
            );
            body.insert(
                JSON.to_owned(),
                property_names(openapi, &schema["items"], at),
            );
        }
        if let Some(media) = content.get(MULTIPART) {
            body.insert(
                MULTIPART.to_owned(),
                property_names(openapi, &media["schema"], at),
            );
        }
        Self { query, body }
    }
}

/// The property names of an object schema, following a `$ref` into `components.schemas`.
fn property_names(openapi: &Value, schema: &Value, at: &str) -> BTreeSet<String> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{at}: a $ref outside components.schemas: {reference}"));
        let target = openapi["components"]["schemas"]
            .get(name)
            .unwrap_or_else(|| panic!("{at}: {reference} does not exist"));
        return property_names(openapi, target, at);
    }
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("{at}: a body schema without properties: {schema}"));
    properties.keys().cloned().collect()
}

/// `tests/openapi/halo-requests.json`.
fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/openapi/halo-requests.json")
}

/// The full file sits beside the workspace, in `<workspace root>/../shared/halopsa/`; a clone
/// of the repository alone (CI) does not have it.
fn full_openapi_path() -> PathBuf {
    let workspace_root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    workspace_root.join("../shared/halopsa/openapi.json")
}

/// Writes through a temporary file and a rename, so the conformance test, running alongside,
/// never reads half a file.
fn write_committed(text: &str) {
    let path = committed_path();
    let partial = path.with_extension("json.part");
    std::fs::write(&partial, text).unwrap_or_else(|e| panic!("{}: {e}", partial.display()));
    std::fs::rename(&partial, &path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The first line where two texts differ, to say where the extract drifted.
fn first_difference(committed: &str, generated: &str) -> String {
    let mut committed_lines = committed.lines();
    let mut generated_lines = generated.lines();
    for number in 1.. {
        match (committed_lines.next(), generated_lines.next()) {
            (None, None) => break,
            (a, b) if a == b => {}
            (a, b) => {
                return format!(
                    "line {number}: committed {:?}, openapi.json gives {:?}",
                    a.unwrap_or("<end>"),
                    b.unwrap_or("<end>")
                );
            }
        }
    }
    "no line differs".to_owned()
}

#[test]
fn the_committed_extract_is_what_openapi_json_gives() {
    let update = std::env::var("UPDATE_OPENAPI").as_deref() == Ok("1");
    let full = full_openapi_path();
    if !full.exists() {
        assert!(
            !update,
            "UPDATE_OPENAPI=1, but {} is not there to generate from",
            full.display()
        );
        eprintln!(
            "note: {} is absent (a clone of the repository alone), so the committed extract \
             is not compared with it; the conformance test still runs from the extract",
            full.display()
        );
        return;
    }
    let openapi: Value = serde_json::from_slice(
        &std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    let generated = Extract::from_openapi(&openapi).render();
    if update {
        write_committed(&generated);
        eprintln!("rewrote {}", committed_path().display());
        return;
    }
    let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is not what {} gives ({}). Regenerate it with \
         `UPDATE_OPENAPI=1 cargo test -p halopsa --test openapi` and review the diff.",
        committed_path().display(),
        full.display(),
        first_difference(&committed, &generated)
    );
}
