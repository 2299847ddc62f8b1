use crate::support::session;

#[tokio::test]
async fn every_lookup_reads_the_instances_configuration() {
    let (_sim, client) = session().await;
    let statuses = client.statuses().await.unwrap();
    assert!(statuses.iter().any(|s| s.id == 1 && s.name == "New"));
    assert!(
        statuses.iter().any(|s| s.pauses_sla),
        "some status holds the SLA"
    );

    let slas = client.slas().await.unwrap();
    let standard = slas.iter().find(|s| s.name == "Standard SLA").unwrap();
    assert!(
        !standard.policies.is_empty(),
        "SLAs come with their priorities"
    );
    let priorities = client.priorities(standard.id).await.unwrap();
    assert_eq!(priorities.len(), standard.policies.len());
    assert!(priorities.iter().all(|p| p.fix.is_some()));

    assert!(!client.ticket_types().await.unwrap().is_empty());
    let agents = client.agents().await.unwrap();
    assert!(agents.iter().any(|a| a.id == 1 && a.name == "Alex Morgan"));
    assert!(!client.teams().await.unwrap().is_empty());

    let clients = client.clients(None).await.unwrap();
    let first = &clients[0];
    let sites = client.sites(Some(first.id)).await.unwrap();
    assert!(sites.iter().all(|s| s.client_id == Some(first.id)));
    let users = client.users(Some(first.id), None).await.unwrap();
    assert!(!users.is_empty());
    assert!(users.iter().all(|u| u.client_id == Some(first.id)));

    let outcomes = client.outcomes().await.unwrap();
    assert!(outcomes.iter().any(|o| o.name == "Private Note"));
}
