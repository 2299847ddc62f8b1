use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use halopsa_sim::SimConfig;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::support::{quiet, start};

#[tokio::test]
async fn json_upload_with_or_without_a_data_uri_prefix_round_trips() {
    let s = start(quiet()).await;
    let bytes = b"\x89PNG\r\n\x1a\nnot really a png";
    let encoded = STANDARD.encode(bytes);
    for data in [encoded.clone(), format!("data:image/png;base64,{encoded}")] {
        let response = s
            .post("/api/Attachment", &json!([{ "ticket_id": 3, "filename": "shot.png", "data_base64": data, "isimage": true }]))
            .await;
        assert_eq!(response.status(), 201);
        let created: Value = response.json().await.unwrap();
        assert_eq!(created["filesize"], bytes.len());
        let download = s.get(&format!("/api/Attachment/{}", created["id"])).await;
        assert_eq!(download.status(), 200);
        let disposition = download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.contains("filename=\"shot.png\""),
            "{disposition}"
        );
        assert_eq!(download.headers()["content-type"], "image/png");
        assert_eq!(&download.bytes().await.unwrap()[..], bytes);
    }
}

#[tokio::test]
async fn multipart_upload_takes_the_metadata_from_the_query_string() {
    let s = start(quiet()).await;
    let body = vec![7_u8; 300_000];
    let form = Form::new().part("file", Part::bytes(body.clone()).file_name("capture.log"));
    let response = s
        .http
        .post(s.url("/api/Attachment/image?ticket_id=3&note=From%20the%20desk"))
        .bearer_auth(&s.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["filename"], "capture.log");
    assert_eq!(created["filesize"], 300_000);
    assert_eq!(created["isimage"], false);

    let list = s.json("/api/Attachment?ticket_id=3").await;
    assert_eq!(
        list["record_count"].as_u64().unwrap() as usize,
        list["attachments"].as_array().unwrap().len()
    );
    let listed = list["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == created["id"])
        .unwrap();
    assert_eq!(listed["note"], "From the desk");
    assert!(
        listed.get("contenttype").is_none(),
        "the list has no contenttype field"
    );

    let details = s
        .json(&format!(
            "/api/Attachment/{}?includedetails=true",
            created["id"]
        ))
        .await;
    assert_eq!(details["filesize"], 300_000);
    let bytes = s
        .get(&format!("/api/Attachment/{}", created["id"]))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.len(), body.len());
    assert_eq!(
        s.json("/api/Tickets/3").await["attachment_count"]
            .as_u64()
            .unwrap() as usize,
        list["record_count"].as_u64().unwrap() as usize
    );
}

#[tokio::test]
async fn uploads_over_the_limit_answer_413_in_both_modes() {
    let config = SimConfig {
        max_upload_bytes: 100_000,
        ..quiet()
    };
    let s = start(config).await;
    let form = Form::new().part(
        "file",
        Part::bytes(vec![0_u8; 150_000]).file_name("big.bin"),
    );
    let multipart = s
        .http
        .post(s.url("/api/Attachment/image?ticket_id=3"))
        .bearer_auth(&s.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(multipart.status(), 413);
    let encoded = STANDARD.encode(vec![0_u8; 150_000]);
    let json_upload = s
        .post(
            "/api/Attachment",
            &json!([{ "ticket_id": 3, "filename": "big.bin", "data_base64": encoded }]),
        )
        .await;
    assert_eq!(json_upload.status(), 413);
    assert_eq!(
        s.json("/api/Attachment?ticket_id=3").await["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["filename"] == "big.bin")
            .count(),
        0
    );
}

#[tokio::test]
async fn delete_removes_the_attachment_and_unknown_tickets_are_refused() {
    let s = start(quiet()).await;
    let created: Value = s
        .post(
            "/api/Attachment",
            &json!([{ "ticket_id": 3, "filename": "a.txt", "data_base64": STANDARD.encode("hi") }]),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/Attachment/{}", created["id"]);
    let deleted = s
        .http
        .delete(s.url(&path))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 200);
    assert_eq!(s.get(&path).await.status(), 404);

    let orphan = s
        .post(
            "/api/Attachment",
            &json!([{ "ticket_id": 999999, "filename": "a.txt", "data_base64": "aGk=" }]),
        )
        .await;
    assert_eq!(orphan.status(), 400);
}

#[tokio::test]
async fn a_download_names_a_non_ascii_file_both_ways() {
    let s = start(quiet()).await;
    let created: Value = s
        .post("/api/Attachment", &json!([{ "ticket_id": 3, "filename": "Übersicht \"Q3\".txt", "data_base64": STANDARD.encode("x") }]))
        .await
        .json()
        .await
        .unwrap();
    let download = s.get(&format!("/api/Attachment/{}", created["id"])).await;
    let disposition = download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("filename=\"_bersicht _Q3_.txt\""),
        "{disposition}"
    );
    assert!(
        disposition.contains("filename*=UTF-8''%C3%9Cbersicht%20%22Q3%22.txt"),
        "{disposition}"
    );
}

#[tokio::test]
async fn a_slowed_uplink_reads_a_multipart_upload_no_faster_than_its_rate() {
    let s = start(quiet()).await;
    s.sim
        .control("faults", json!({ "upload_bytes_per_sec": 2_000_000 }))
        .await
        .unwrap();
    let form = Form::new().part(
        "file",
        Part::bytes(vec![1_u8; 1_000_000]).file_name("a.bin"),
    );
    let started = std::time::Instant::now();
    let response = s
        .http
        .post(s.url("/api/Attachment/image?ticket_id=3"))
        .bearer_auth(&s.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    // A lower bound only: the last chunk is due after 1 MB at 2 MB/s, minus that chunk.
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
}
