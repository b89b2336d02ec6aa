//! `memoria bench web`: the documentation workspace's figures of BENCHMARKS.md on the
//! demonstration collection scaled up (1,000,000 incidents by default).
//!
//! - building the search index from the store (`memoria reindex`'s work);
//! - the incident list page with two filters, and the search page, timed server side:
//!   each request goes through the whole router (session, permissions, index, store,
//!   template) in process, without a socket; the health check through the same path is
//!   the baseline;
//! - `GET /api/v1/incidents/{id}` with a bearer token from a load generator (`wrk`) on
//!   loopback against the real server, with `GET /healthz` as the baseline and wrk's own
//!   CPU time reported, since it shares the machine's two cores with the server.
//!
//! The store and index are kept in `--work` and reused by later runs.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_store::{Actor, ApiToken, ListQuery, Session, Store, Timestamp};
use tower::ServiceExt;

use crate::ui;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Incidents in the generated collection (with its acts, persons, sources…).
    #[arg(long, default_value_t = 1_000_000)]
    pub incidents: usize,
    /// Where the store and index live between runs (default: ./memoria-bench).
    #[arg(long, value_name = "DIR", default_value = "memoria-bench")]
    pub work: PathBuf,
    /// Requests timed per page benchmark.
    #[arg(long, default_value_t = 400)]
    pub requests: usize,
    /// Rebuild the index even if one exists (to time the rebuild).
    #[arg(long)]
    pub rebuild: bool,
    /// Seconds each load-generator run lasts.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Connections the load generator keeps open.
    #[arg(long, default_value_t = 32)]
    pub connections: usize,
}

pub fn run(args: Args) -> Result<()> {
    let dir = args.work.join(format!("web-{}", args.incidents));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("memoria.sqlite");
    let fresh = !db.exists();
    let store: Arc<dyn Store> =
        Arc::from(memoria_store::open(db.to_str().context("a UTF-8 path")?)?);
    crate::config::ensure_local_admin(store.as_ref())?;
    let admin = store
        .account_by_name(crate::config::LOCAL_ADMIN)?
        .context("the local administrator")?;
    if fresh {
        ui::say(format!(
            "Generating {} demonstration incidents into {} …",
            args.incidents,
            db.display()
        ));
        let started = Instant::now();
        let summary =
            crate::commands::demo::create(store.as_ref(), &Actor::from(&admin), 1, args.incidents)?;
        ui::say(format!(
            "  {} records in {:.0} s",
            summary.total(),
            started.elapsed().as_secs_f64()
        ));
    }
    let index_dir = dir.join("search");
    std::fs::create_dir_all(&index_dir)?;
    let index = memoria_search::Index::open(&index_dir)?;
    let mut rebuild_secs = None;
    if args.rebuild || index.needs_rebuild() {
        ui::say("Building the search index from the store …");
        let started = Instant::now();
        let n = crate::commands::serve::rebuild(&index, store.as_ref())?;
        let secs = started.elapsed().as_secs_f64();
        ui::say(format!("  {n} records indexed in {secs:.1} s"));
        rebuild_secs = Some(secs);
    }

    // A documentalist of the collection: queries run through the permission scope.
    let collection = store
        .list(&ListQuery {
            kind: Some(EntityKind::Collection),
            limit: 1,
            ..Default::default()
        })?
        .into_iter()
        .next()
        .context("the store holds no collection")?
        .id;
    let (session_cookie, token) = bench_account(store.as_ref(), &admin, collection)?;
    let samples = Samples::collect(store.as_ref(), &index)?;
    // No log key: the benchmark times pages and the API, and leaves no key file behind.
    // No vault either: the benchmark downloads no evidence.
    let state = memoria_web::AppState::new(
        store.clone(),
        Arc::new(index),
        Default::default(),
        None,
        None,
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;

    let time_pages = |paths: &[String]| -> Result<Vec<Duration>> {
        let app = memoria_web::router(state.clone());
        runtime.block_on(async {
            let mut times = Vec::with_capacity(paths.len());
            for path in paths {
                let request = axum::http::Request::get(path.as_str())
                    .header("cookie", format!("memoria_session={session_cookie}"))
                    .body(axum::body::Body::empty())?;
                let started = Instant::now();
                let response = app.clone().oneshot(request).await?;
                let status = response.status();
                let _ = axum::body::to_bytes(response.into_body(), 64 << 20).await?;
                times.push(started.elapsed());
                if !status.is_success() {
                    bail!("{path} answered {status}");
                }
            }
            Ok(times)
        })
    };
    let n = args.requests;
    // Warm the caches the way a server that has run for a while has them.
    time_pages(&samples.list_paths(50))?;
    let health = time_pages(&vec!["/healthz".to_string(); n])?;
    let lists = time_pages(&samples.list_paths(n))?;
    let searches = time_pages(&samples.search_paths(n))?;

    ui::say(String::new());
    ui::say(format!(
        "Web benchmarks, {} incidents ({} records in the store):",
        args.incidents,
        store.count(&ListQuery::default())?
    ));
    if let Some(secs) = rebuild_secs {
        ui::say(format!(
            "  index rebuild from the store                {secs:.1} s   (target ≤ 180 s)"
        ));
    }
    ui::say(format!(
        "  baseline: GET /healthz through the router   p50 {}  p99 {}",
        ms(&health, 50),
        ms(&health, 99)
    ));
    ui::say(format!(
        "  incident list, two filters ({n} requests)  p50 {}  p99 {}  max {}   (target p50 ≤ 20 ms, p99 ≤ 100 ms)",
        ms(&lists, 50),
        ms(&lists, 99),
        ms(&lists, 100)
    ));
    ui::say(format!(
        "  search page ({n} requests)                 p50 {}  p99 {}  max {}   (target p50 ≤ 20 ms, p99 ≤ 100 ms)",
        ms(&searches, 50),
        ms(&searches, 99),
        ms(&searches, 100)
    ));

    // The API under load, from wrk on loopback.
    let server = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = server.local_addr()?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = runtime.spawn(memoria_web::serve(server, state.clone(), async {
        let _ = stop_rx.await;
    }));
    let script = dir.join("ids.lua");
    std::fs::write(&script, samples.wrk_script(&token, &samples.incidents))?;
    let audited_script = dir.join("audited-ids.lua");
    std::fs::write(
        &audited_script,
        samples.wrk_script(&token, &samples.audited),
    )?;
    let base = format!("http://{addr}");
    let baseline = wrk(&args, &format!("{base}/healthz"), None);
    let api = wrk(&args, &format!("{base}/api/v1/incidents/"), Some(&script));
    let audited = wrk(
        &args,
        &format!("{base}/api/v1/incidents/"),
        Some(&audited_script),
    );
    let _ = stop_tx.send(());
    let _ = runtime.block_on(serving);
    match (baseline, api) {
        (Ok(b), Ok(a)) => {
            ui::say(format!(
                "  baseline: GET /healthz under wrk            {:.0} requests/s, p50 {} p99 {}",
                b.rps, b.p50, b.p99
            ));
            ui::say(format!(
                "  GET /api/v1/incidents/{{id}} with a token     {:.0} requests/s, p50 {} p99 {} ({:.0}% of baseline; wrk used {:.1} s CPU of {} s)   (target ≥ 5,000/s at p99 ≤ 20 ms)",
                a.rps,
                a.p50,
                a.p99,
                100.0 * a.rps / b.rps,
                a.cpu_secs,
                args.seconds
            ));
        }
        (Err(e), _) | (_, Err(e)) => ui::say(format!("  API load test skipped: {e:#}")),
    }
    match audited {
        Ok(a) => ui::say(format!(
            "  … of restricted incidents (each read audited) {:.0} requests/s, p50 {} p99 {}",
            a.rps, a.p50, a.p99
        )),
        Err(e) => ui::say(format!("  audited API load test skipped: {e:#}")),
    }
    Ok(())
}

fn ms(times: &[Duration], pct: usize) -> String {
    let mut v: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * pct as f64 / 100.0).round() as usize;
    format!("{:6.1} ms", v[i.min(v.len() - 1)])
}

/// The benchmark's own account: a documentalist of the collection, with a session and
/// an API token made directly in the store.
fn bench_account(
    store: &dyn Store,
    admin: &memoria_store::Account,
    collection: RecordId,
) -> Result<(String, String)> {
    let actor = Actor::from(admin);
    let account = match store.account_by_name("bench")? {
        Some(a) => a,
        None => {
            let hash = memoria_auth::password::hash(&memoria_auth::token::generate("").0)?;
            let mut tx = store.begin(&actor)?;
            let a = tx.add_account("bench", Some(&hash), false)?;
            tx.set_membership(a.id, collection, Some("documentalist"))?;
            tx.commit()?;
            a
        }
    };
    let (plain, digest) = memoria_auth::token::generate("mst_");
    let (token, token_digest) = memoria_auth::token::generate("mat_");
    let now = Timestamp::now();
    let mut tx = store.begin(&Actor::from(&account))?;
    tx.start_session(&Session {
        digest,
        account: account.id,
        created_at: now,
        last_seen_at: now,
        ended_at: None,
        second_factor_done: true,
        csrf_key: memoria_auth::token::random_key().to_vec(),
    })?;
    tx.add_api_token(
        &ApiToken {
            id: uuid::Uuid::new_v4(),
            account: account.id,
            label: "bench".into(),
            created_at: now,
            last_used_at: None,
            revoked_at: None,
        },
        &token_digest,
    )?;
    tx.commit()?;
    Ok((plain, token))
}

/// Realistic requests, drawn from the data: incident ids, names, title words, places.
struct Samples {
    /// Public and internal incidents: reading them writes nothing.
    incidents: Vec<RecordId>,
    /// Restricted incidents: each read is audited, a write transaction of its own.
    audited: Vec<RecordId>,
    names: Vec<String>,
    words: Vec<String>,
    regions: Vec<RecordId>,
    violations: Vec<String>,
}

impl Samples {
    fn collect(store: &dyn Store, index: &memoria_search::Index) -> Result<Samples> {
        let page = index.incidents(
            &memoria_search::IncidentFilter {
                limit: 2000,
                offset: 0,
                ..Default::default()
            },
            &memoria_search::Scope::everything(),
        )?;
        // Incidents a documentalist may read (confidential ones would answer 404), split
        // by whether reading them is audited (restricted ones are: a write per read).
        let mut incidents = Vec::new();
        let mut audited = Vec::new();
        for row in &page.rows {
            if let Some(s) = store.get(row.id)?
                && let Entity::Incident(i) = &s.entity
            {
                use memoria_core::entity::Sensitivity;
                match i.confidentiality {
                    Sensitivity::Public | Sensitivity::Internal => incidents.push(row.id),
                    Sensitivity::Restricted => audited.push(row.id),
                    Sensitivity::Confidential => {}
                }
            }
        }
        let violations = page
            .facets
            .violation
            .iter()
            .map(|(v, _)| v.clone())
            .collect();
        let regions = page.facets.place.iter().map(|(p, _)| *p).collect();
        let mut names = Vec::new();
        let mut words = Vec::new();
        for p in store.list(&ListQuery {
            kind: Some(EntityKind::Person),
            limit: 500,
            ..Default::default()
        })? {
            if let Entity::Person(person) = p.entity
                && let Some(n) = person.names.first()
                && person.group_size.is_none()
            {
                names.push(n.text.clone());
            }
        }
        for id in incidents.iter().take(300) {
            if let Some(s) = store.get(*id)?
                && let Entity::Incident(i) = s.entity
            {
                let title = i.title.best("en").unwrap_or_default().to_string();
                words.extend(
                    title
                        .split_whitespace()
                        .filter(|w| w.len() > 5)
                        .map(str::to_string),
                );
            }
        }
        if incidents.is_empty() || audited.is_empty() || names.is_empty() || words.is_empty() {
            bail!("the store is too small to benchmark; generate more incidents");
        }
        Ok(Samples {
            incidents,
            audited,
            names,
            words,
            regions,
            violations,
        })
    }

    /// List pages with two filters each, rotating through the combinations people use.
    fn list_paths(&self, n: usize) -> Vec<String> {
        let statuses = ["draft", "under_review", "verified", "closed"];
        (0..n)
            .map(|i| {
                let v = &self.violations[i % self.violations.len().max(1)];
                let year = 2015 + (i % 8);
                let status = statuses[i % 4];
                match i % 4 {
                    0 => format!("/incidents?violation={v}&from={year}&to={year}"),
                    1 if !self.regions.is_empty() => format!(
                        "/incidents?status={status}&place={}",
                        self.regions[i % self.regions.len()]
                    ),
                    2 => format!("/incidents?violation={v}&status={status}"),
                    _ => format!(
                        "/incidents?from={year}-03&to={year}-09&sort=date-asc&status={status}"
                    ),
                }
            })
            .collect()
    }

    /// Searches for names (some misspelled: one letter dropped) and title words.
    fn search_paths(&self, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                let q = if i % 2 == 0 {
                    let name = &self.names[i % self.names.len()];
                    if i % 4 == 0 {
                        // A typo: the second letter of the last word dropped.
                        let mut parts: Vec<String> =
                            name.split_whitespace().map(str::to_string).collect();
                        if let Some(last) = parts.last_mut()
                            && last.chars().count() > 4
                        {
                            let mut cs: Vec<char> = last.chars().collect();
                            cs.remove(1);
                            *last = cs.into_iter().collect();
                        }
                        parts.join(" ")
                    } else {
                        name.clone()
                    }
                } else {
                    self.words[i % self.words.len()].clone()
                };
                format!("/search?q={}", encode(&q))
            })
            .collect()
    }

    /// A wrk script that asks for a different incident on each request.
    fn wrk_script(&self, token: &str, ids: &[RecordId]) -> String {
        let ids: Vec<String> = ids.iter().take(1000).map(|i| format!("\"{i}\"")).collect();
        format!(
            "-- generated by memoria bench web\nlocal ids = {{{}}}\nlocal n = 0\nwrk.headers[\"Authorization\"] = \"Bearer {token}\"\nrequest = function()\n  n = n + 1\n  return wrk.format(\"GET\", wrk.path .. ids[(n % #ids) + 1])\nend\n",
            ids.join(",")
        )
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

struct Load {
    rps: f64,
    p50: String,
    p99: String,
    cpu_secs: f64,
}

/// Runs wrk (one thread, so that the server keeps most of the machine) and reads its
/// figures and its own CPU time.
fn wrk(args: &Args, url: &str, script: Option<&std::path::Path>) -> Result<Load> {
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "wrk-cpu %U %S", "wrk", "-t1"])
        .arg(format!("-c{}", args.connections))
        .arg(format!("-d{}s", args.seconds))
        .arg("--latency");
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    let out = cmd
        .arg(url)
        .output()
        .context("running wrk (Debian package wrk) under /usr/bin/time")?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("wrk failed: {text}");
    }
    let find = |prefix: &str| -> Option<String> {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .map(|l| l[prefix.len()..].trim().to_string())
    };
    if let Some(errors) = find("Non-2xx or 3xx responses:") {
        bail!("{errors} requests failed");
    }
    let rps = find("Requests/sec:")
        .context("wrk printed no Requests/sec")?
        .parse()?;
    let cpu = find("wrk-cpu").context("no CPU time")?;
    let cpu_secs = cpu
        .split_whitespace()
        .filter_map(|x| x.parse::<f64>().ok())
        .sum();
    Ok(Load {
        rps,
        p50: find("50%").unwrap_or_default(),
        p99: find("99%").unwrap_or_default(),
        cpu_secs,
    })
}
