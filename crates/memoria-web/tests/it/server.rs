//! A real server on a loopback port, and two servers sharing one PostgreSQL database.

use std::time::{Duration, Instant};

use memoria_core::entity::{Entity, Incident, Sensitivity, Status};
use memoria_store::StoreExt;

use crate::harness::{Backend, PASSWORD, World, start, text};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

#[test]
fn a_real_server_signs_in_over_loopback() {
    let w = World::new(Backend::Sqlite);
    let (base, stop, handle) = start(w.state.clone());
    let agent = agent();
    let r = agent.get(&format!("{base}/healthz")).call().unwrap();
    assert_eq!(r.status(), 200);
    let mut r = agent.get(&format!("{base}/sign-in")).call().unwrap();
    let pre = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("; ");
    let page = r.body_mut().read_to_string().unwrap();
    let csrf = {
        let s = page.find("name=\"csrf\" value=\"").unwrap() + 19;
        page[s..s + page[s..].find('"').unwrap()].to_string()
    };
    let r = agent
        .post(&format!("{base}/sign-in"))
        .header("cookie", &pre)
        .content_type("application/x-www-form-urlencoded")
        .send(format!(
            "csrf={csrf}&name=viewer&password={}",
            crate::harness::enc(PASSWORD)
        ))
        .unwrap();
    assert_eq!(r.status(), 303);
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("memoria_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let r = agent
        .get(&format!("{base}/incidents"))
        .header("cookie", &session)
        .call()
        .unwrap();
    assert_eq!(r.status(), 200);
    stop.send(()).unwrap();
    handle.join().unwrap();
}

/// Two `memoria serve` processes on one PostgreSQL database: a record saved through one
/// is found through the other's search within a second, by its follower alone.
#[test]
fn two_servers_on_one_postgres_database_see_each_others_writes() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let w = World::new(Backend::Postgres);
    let url = w._pg_url();
    let second_store: std::sync::Arc<dyn memoria_store::Store> =
        std::sync::Arc::from(memoria_store::open(&url).unwrap());
    let second_index = memoria_search::Index::in_ram().unwrap();
    second_index
        .rebuild(second_store.as_ref(), &mut |_, _| {})
        .unwrap();
    let second = memoria_web::AppState::new(
        second_store,
        std::sync::Arc::new(second_index),
        Default::default(),
        // Processes on one database share the log key.
        w.state.log_signer.as_deref().cloned(),
        w.state.vault.as_deref().cloned(),
    );
    let (base, stop, handle) = start(second.clone());
    // Write through the first process's store (as its pages would).
    let admin = w.store().account_by_name("root").unwrap().unwrap();
    let stored = w
        .store()
        .create(
            &memoria_store::Actor::from(&admin),
            Entity::Incident(Incident {
                collection: w.collection,
                title: text("Shelling of the Ostravel bridge"),
                narrative: text(""),
                public_narrative: memoria_core::text::MultiText::new(),
                date: None,
                place: None,
                point: None,
                status: Status::Draft,
                confidentiality: Sensitivity::Internal,
                external_id: None,
            }),
        )
        .unwrap();
    let token = {
        let (plain, digest) = memoria_auth::token::generate("mat_");
        let t = memoria_store::ApiToken {
            id: uuid::Uuid::new_v4(),
            account: admin.id,
            label: "t".into(),
            created_at: memoria_store::Timestamp::now(),
            last_used_at: None,
            revoked_at: None,
        };
        let mut tx = w
            .store()
            .begin(&memoria_store::Actor::from(&admin))
            .unwrap();
        tx.add_api_token(&t, &digest).unwrap();
        tx.commit().unwrap();
        plain
    };
    let started = Instant::now();
    let agent = agent();
    loop {
        let mut r = agent
            .get(&format!("{base}/api/v1/incidents?q=Ostravel"))
            .header("authorization", &format!("Bearer {token}"))
            .call()
            .unwrap();
        let body = r.body_mut().read_to_string().unwrap();
        if body.contains(&stored.id.to_string()) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "not found through the second server within a second: {body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.send(()).unwrap();
    handle.join().unwrap();
}
