//! The check: the client, pointed at the recording proxy, calls every endpoint; then every
//! recorded request must use a path, query parameter names and body field names that the
//! extract of openapi.json lists for it, and the requests must cover every endpoint the client
//! has, so the test cannot pass by sending nothing.

use std::collections::BTreeSet;

use halopsa::{ClientOptions, Credentials, HaloClient, InstanceUrl, Secret};
use halopsa_sim::{SimConfig, Simulator};

use crate::drive;
use crate::extract::{CLIENT_ENDPOINTS, Extract};
use crate::proxy::{Exchange, Proxy, SentBody};

/// Requests the check leaves out. They still pass through the proxy.
/// - `/_sim/`: the simulator's test controls, not Halo's.
/// - `/auth/`: the auth server (token, browser sign-in), which is not part of "Halo API v2".
///   With the simulator its requests go straight to it anyway, since `/api/authinfo` names
///   the simulator's own address.
/// - `/api/authinfo`: where the auth server is announced; it too belongs to the auth server
///   and openapi.json does not describe it.
fn exempt(raw_path: &str) -> bool {
    raw_path.starts_with("/_sim/") || raw_path.starts_with("/auth/") || raw_path == "/api/authinfo"
}

/// Names in `allowed` that look like `name`: the same once case and underscores are ignored,
/// or one containing the other. Said in a failure, to point at what Halo calls it.
fn similar<'a>(name: &str, allowed: &'a BTreeSet<String>) -> Vec<&'a str> {
    let squash = |s: &str| s.replace('_', "").to_ascii_lowercase();
    let wanted = squash(name);
    allowed
        .iter()
        .filter(|a| {
            let a = squash(a);
            a == wanted || (wanted.len() > 2 && (a.contains(&wanted) || wanted.contains(&a)))
        })
        .map(String::as_str)
        .take(8)
        .collect()
}

fn unlisted(
    exchange: &Exchange,
    kind: &str,
    names: &BTreeSet<String>,
    allowed: &BTreeSet<String>,
) -> Vec<String> {
    names
        .difference(allowed)
        .map(|name| {
            format!(
                "{} {} {kind} `{name}`: openapi.json does not list it (similar: {:?}; sent to {})",
                exchange.method,
                exchange.path,
                similar(name, allowed),
                exchange.raw_path
            )
        })
        .collect()
}

/// Every way one request departs from the extract.
fn violations(extract: &Extract, exchange: &Exchange) -> Vec<String> {
    let Some(operation) = extract.operation(&exchange.method, &exchange.path) else {
        return vec![format!(
            "{} {}: not an operation openapi.json's extract lists (sent to {})",
            exchange.method, exchange.path, exchange.raw_path
        )];
    };
    let mut found = unlisted(
        exchange,
        "query parameter",
        &exchange.query,
        &operation.query,
    );
    match &exchange.body {
        SentBody::None => {}
        SentBody::Fields { media_type, names } => match operation.body.get(*media_type) {
            Some(allowed) => found.extend(unlisted(
                exchange,
                &format!("{media_type} body field"),
                names,
                allowed,
            )),
            None => found.push(format!(
                "{} {}: a {media_type} body, which openapi.json does not offer for it",
                exchange.method, exchange.path
            )),
        },
        SentBody::Unreadable(why) => found.push(format!(
            "{} {}: the body is {why}",
            exchange.method, exchange.path
        )),
    }
    found
}

#[tokio::test]
async fn every_request_names_only_what_openapi_json_lists() {
    let extract = Extract::committed();
    let sim = Simulator::start_on_loopback(SimConfig {
        rate_limit: None,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts");
    let proxy = Proxy::start(&sim.base_url()).await;
    let client = HaloClient::connect(
        InstanceUrl::parse(proxy.base_url()).expect("the proxy's address"),
        Credentials::ClientSecret {
            client_id: "demo".into(),
            client_secret: Secret::new("demo"),
        },
        ClientOptions::default(),
    )
    .await
    .expect("the client connects through the proxy");
    let scratch = tempfile::tempdir().expect("a scratch directory");

    drive::every_endpoint(&client, scratch.path()).await;

    let exchanges = proxy.exchanges();
    let checked: Vec<&Exchange> = exchanges.iter().filter(|e| !exempt(&e.raw_path)).collect();
    let problems: Vec<String> = checked
        .iter()
        .flat_map(|e| violations(&extract, e))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(
        problems.is_empty(),
        "{} requests name something openapi.json does not list:\n{}",
        problems.len(),
        problems.join("\n")
    );

    let seen: BTreeSet<(String, String)> = checked
        .iter()
        .map(|e| (e.method.to_ascii_lowercase(), e.path.clone()))
        .collect();
    let expected: BTreeSet<(String, String)> = CLIENT_ENDPOINTS
        .iter()
        .map(|&(m, p)| (m.to_owned(), p.to_owned()))
        .collect();
    assert!(
        seen == expected,
        "the requests must cover exactly the client's endpoints; never sent: {:?}; not expected: {:?}",
        expected.difference(&seen).collect::<Vec<_>>(),
        seen.difference(&expected).collect::<Vec<_>>()
    );
    eprintln!(
        "{} requests recorded, {} checked against openapi.json, {} distinct (method, path)",
        exchanges.len(),
        checked.len(),
        seen.len()
    );
}

#[test]
fn the_extract_names_exactly_the_clients_endpoints() {
    let extract = Extract::committed();
    for &(method, path) in CLIENT_ENDPOINTS {
        assert!(
            extract.operation(method, path).is_some(),
            "the extract has no {method} {path}"
        );
    }
    let operations: usize = extract.paths.values().map(|methods| methods.len()).sum();
    assert_eq!(operations, CLIENT_ENDPOINTS.len());
}
