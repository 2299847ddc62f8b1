//! The simulator answers over real HTTP, the way a client meets a real instance.

use halopsa_sim::{SimConfig, Simulator};
use serde_json::{Value, json};

#[tokio::test]
async fn authinfo_points_a_self_hosted_instance_at_its_own_auth_server() {
    let sim = Simulator::start_on_loopback(SimConfig::default())
        .await
        .unwrap();
    let body: Value = reqwest::get(format!("{}/api/authinfo", sim.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        body,
        json!({ "auth_url": format!("{}/auth", sim.base_url()), "tenant_id": "" })
    );
    sim.shutdown().await.unwrap();
}

#[tokio::test]
async fn authinfo_names_the_tenant_of_a_hosted_instance() {
    let config = SimConfig {
        tenant: Some("acme".into()),
    };
    let sim = Simulator::start_on_loopback(config).await.unwrap();
    let body: Value = reqwest::get(format!("{}/api/authinfo", sim.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["tenant_id"], "acme");
    sim.shutdown().await.unwrap();
}

#[tokio::test]
async fn unknown_paths_answer_404_and_shutdown_closes_the_port() {
    let sim = Simulator::start_on_loopback(SimConfig::default())
        .await
        .unwrap();
    let base = sim.base_url();
    let status = reqwest::get(format!("{base}/api/NoSuchThing"))
        .await
        .unwrap()
        .status();
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
    sim.shutdown().await.unwrap();
    assert!(reqwest::get(format!("{base}/api/authinfo")).await.is_err());
}
