use halopsa_sim::{SimConfig, Simulator};
use reqwest::{Client, Response};
use serde_json::Value;

/// A running simulator and a client holding a valid token for it.
pub(crate) struct Session {
    pub(crate) sim: Simulator,
    pub(crate) http: Client,
    pub(crate) token: String,
}

/// An instance without a rate limit, so tests can make as many requests as they need.
pub(crate) fn quiet() -> SimConfig {
    SimConfig {
        tickets: 300,
        rate_limit: None,
        start: Some("2026-06-01T12:00:00Z".parse().unwrap()),
        ..SimConfig::default()
    }
}

pub(crate) async fn start(config: SimConfig) -> Session {
    let sim = Simulator::start_on_loopback(config).await.unwrap();
    let http = Client::new();
    let token = client_credentials(&http, &sim.base_url(), "demo", "demo").await;
    Session { sim, http, token }
}

/// Asks `token_url` for a client-credentials token and returns the raw answer.
pub(crate) async fn request_token(
    http: &Client,
    token_url: &str,
    id: &str,
    secret: &str,
) -> Response {
    http.post(token_url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", secret),
            ("scope", "all"),
        ])
        .send()
        .await
        .unwrap()
}

pub(crate) async fn client_credentials(
    http: &Client,
    base: &str,
    id: &str,
    secret: &str,
) -> String {
    let response = request_token(http, &format!("{base}/auth/token"), id, secret).await;
    assert_eq!(response.status(), 200, "token request failed");
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

impl Session {
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sim.base_url())
    }

    pub(crate) async fn get(&self, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.unwrap()
    }

    pub(crate) async fn post(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Creates one ticket from `fields` and returns it as the server answered.
    pub(crate) async fn create_ticket(&self, fields: Value) -> Value {
        let response = self.post("/api/Tickets", &Value::Array(vec![fields])).await;
        assert_eq!(response.status(), 201, "creating a ticket");
        response.json().await.unwrap()
    }
}
