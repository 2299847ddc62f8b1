//! Addresses that are not a HaloPSA instance fail at connect with an error that says so.

use axum::Router;
use axum::response::Html;
use halopsa::Error;
use tokio::net::TcpListener;

use crate::support::{connect_as, quiet, service_credentials, start};

async fn connect_to(base: &str) -> Error {
    connect_as(base, service_credentials()).await.unwrap_err()
}

/// Serves `router` on loopback: a web server that is not Halo.
async fn serve(router: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

#[tokio::test]
async fn a_login_page_is_not_a_halo_instance() {
    let base = serve(Router::new().fallback(|| async {
        Html("<!DOCTYPE html><html><body><form>Sign in</form></body></html>")
    }))
    .await;
    let error = connect_to(&base).await;
    assert!(matches!(error, Error::NotHalo { .. }), "{error:?}");
    assert!(error.to_string().contains("web page"), "{error}");
}

#[tokio::test]
async fn a_site_that_answers_404_everywhere_is_not_a_halo_instance() {
    let base = serve(Router::new()).await;
    let error = connect_to(&base).await;
    assert!(matches!(error, Error::NotHalo { .. }), "{error:?}");
    assert!(
        error.to_string().contains("no HaloPSA sign-in service"),
        "{error}"
    );
}

#[tokio::test]
async fn tls_to_a_server_that_does_not_speak_it_is_a_tls_error() {
    let sim = start(quiet()).await;
    let https = sim.base_url().replace("http://", "https://");
    let error = connect_to(&https).await;
    assert!(matches!(error, Error::Tls { .. }), "{error:?}");
}

#[tokio::test]
async fn a_port_nobody_listens_on_is_unreachable() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = connect_to(&base).await;
    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
    assert!(error.to_string().contains("could not be reached"));
}

#[tokio::test]
async fn a_pasted_api_address_connects_to_the_instance() {
    let sim = start(quiet()).await;
    let pasted = format!("{}/api/", sim.base_url());
    let client = connect_as(&pasted, service_credentials()).await.unwrap();
    assert_eq!(client.instance().to_string(), sim.base_url());
}

#[tokio::test]
async fn an_instance_answering_503_is_unwell_not_something_else() {
    let sim = start(quiet()).await;
    sim.control(
        "faults",
        serde_json::json!({ "error_rate": 1.0, "error_status": 503 }),
    )
    .await
    .unwrap();
    let error = connect_to(&sim.base_url()).await;
    assert!(
        matches!(error, Error::Server { status: 503, .. }),
        "{error:?}"
    );
}
