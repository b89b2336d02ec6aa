//! End to end in real headless Chromium, driven over WebDriver (chromedriver), against a
//! real server on a loopback port: the flows a documentalist goes through, with
//! JavaScript on and off, and the Arabic interface laid out right to left.
//!
//! Screenshots of the main pages are kept in `target/screenshots/` for people to look at.
//! Without Chromium the tests say so and pass, unless `MEMORIA_REQUIRE_BROWSER` is set
//! (CI sets it, and installs Chromium first).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{Backend, PASSWORD, World, start};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn available() -> bool {
    let there =
        std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists();
    if !there {
        assert!(
            std::env::var_os("MEMORIA_REQUIRE_BROWSER").is_none(),
            "MEMORIA_REQUIRE_BROWSER is set but Chromium or chromedriver is missing"
        );
        eprintln!(
            "browser tests skipped: install the Debian packages chromium and chromium-driver"
        );
    }
    there
}

/// One browser, driven through chromedriver's WebDriver endpoint.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(javascript: bool) -> Browser {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let started = Instant::now();
        while agent.get(&format!("{base}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let mut options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        });
        if !javascript {
            options["prefs"] = json!({"profile.managed_default_content_settings.javascript": 2});
        }
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
            agent,
            _profile: profile,
        };
        let v = b.call("POST", "/session", json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}}));
        b.session = v["sessionId"]
            .as_str()
            .expect("a WebDriver session")
            .to_string();
        b
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = if path == "/session" {
            format!("{}/session", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let mut r = match method {
            "GET" => self.agent.get(&url).call().unwrap(),
            "DELETE" => self.agent.delete(&url).call().unwrap(),
            _ => self.agent.post(&url).send_json(&body).unwrap(),
        };
        let v: Value = r.body_mut().read_json().unwrap();
        assert!(
            v["value"].get("error").is_none(),
            "WebDriver {method} {path}: {v}"
        );
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", json!({"url": url}));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        v.as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }

    fn fill(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/clear"), json!({}));
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            json!({"text": text}),
        );
    }

    /// Clicks the first element matching `css` (a checkbox, say) where nothing is
    /// submitted.
    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), json!({}));
    }

    fn select(&self, css: &str, value: &str) {
        let e = self.find(&format!("{css} option[value=\"{value}\"]"));
        self.call("POST", &format!("/element/{e}/click"), json!({}));
    }

    /// Clicks a submit button and waits until the page it was on has been replaced:
    /// a click returns before the navigation it starts, and a form may come back to the
    /// same URL, so the sign is the old button going stale.
    fn submit(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), json!({}));
        let started = Instant::now();
        loop {
            let url = format!("{}/session/{}/element/{e}/name", self.base, self.session);
            let mut r = self.agent.get(&url).call().unwrap();
            let v: Value = r.body_mut().read_json().unwrap();
            if v["value"].get("error").is_some() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the form {css} did not submit"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        self.find("body");
    }

    fn source(&self) -> String {
        self.call("GET", "/source", json!(null))
            .as_str()
            .unwrap()
            .to_string()
    }

    fn url(&self) -> String {
        self.call("GET", "/url", json!(null))
            .as_str()
            .unwrap()
            .to_string()
    }

    fn rect(&self, css: &str) -> (f64, f64) {
        let e = self.find(css);
        let r = self.call("GET", &format!("/element/{e}/rect"), json!(null));
        (r["x"].as_f64().unwrap(), r["width"].as_f64().unwrap())
    }

    /// Scrolls the first element matching `css` to the top of the window.
    fn scroll_to(&self, css: &str) {
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": "document.querySelector(arguments[0]).scrollIntoView(true)", "args": [css]}),
        );
    }

    fn screenshot(&self, name: &str) {
        let png = self.call("GET", "/screenshot", json!(null));
        let bytes = data_encoding::BASE64
            .decode(png.as_str().unwrap().as_bytes())
            .unwrap();
        let dir = screenshots();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .agent
                .delete(&format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn screenshots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots")
}

/// Sign in, record an incident with two acts, a victim and a source, find the victim by
/// a misspelled name, and see the changes in the incident's history.
fn documentalist_flow(javascript: bool) {
    let w = World::new(Backend::Sqlite);
    let (base, stop, server) = start(w.state.clone());
    let b = Browser::launch(javascript);
    let tag = if javascript { "js" } else { "nojs" };
    b.go(&format!("{base}/sign-in"));
    if javascript {
        b.screenshot("sign-in");
    }
    b.fill("#name", "documentalist");
    b.fill("#password", PASSWORD);
    b.submit("button[type=submit]");
    assert!(b.url().ends_with('/'), "signed in: {}", b.url());
    if javascript {
        b.screenshot("dashboard");
    }

    b.go(&format!("{base}/incidents/new"));
    b.fill("#title_en", "Night raid on the Ostrel tannery");
    b.fill(
        "#narrative_en",
        "Armed men entered the tannery at night and took two workers.",
    );
    b.fill("#date", "2023-02-XX");
    b.select("#status", "under_review");
    b.submit("form.form button[type=submit]");
    let incident_url = b.url();
    assert!(
        incident_url.contains("/incidents/"),
        "created: {incident_url}"
    );

    // Two acts, the first with a named victim.
    b.select("#violation", "arbitrary-detention");
    b.fill("#victim_name", "Ilvana Dostrey");
    b.fill("#act-date", "2023-02-14");
    b.submit("form[action$='/acts'] button[type=submit]");
    b.select("#violation", "torture");
    b.submit("form[action$='/acts'] button[type=submit]");
    // A source with a claim about the date.
    b.fill("#source-title", "Statement of a co-worker");
    b.select("#reliability", "B");
    b.select("#credibility", "2");
    b.fill("#claim-field", "date");
    b.fill("#claim-value", "2023-02-14");
    b.submit("form[action$='/sources'] button[type=submit]");
    let page = b.source();
    assert!(
        page.contains("Ilvana Dostrey"),
        "{tag}: the victim is on the incident page"
    );
    assert!(page.contains("Statement of a co-worker") && page.contains("B2"));
    assert_eq!(page.matches("class=\"act\"").count(), 2, "two acts");
    b.screenshot(&format!("incident-{tag}"));

    // Find the victim by a misspelled name.
    b.go(&format!("{base}/search?q=Ilvanna+Dostrei"));
    let results = b.source();
    assert!(
        results.contains("Ilvana Dostrey"),
        "{tag}: misspelled search finds her: {results}"
    );
    if javascript {
        b.screenshot("search");
    }

    // The edit shows in the history.
    b.go(&format!("{incident_url}/edit"));
    b.select("#status", "verified");
    b.submit("form.form button[type=submit]");
    b.go(&format!("{incident_url}/history"));
    let history = b.source();
    assert!(
        history.contains("under_review") && history.contains("verified"),
        "{tag}: history shows the change"
    );
    b.screenshot(&format!("history-{tag}"));
    b.go(&format!("{base}/incidents"));
    if javascript {
        b.screenshot("incidents");
    }
    drop(b);
    stop.send(()).unwrap();
    server.join().unwrap();
}

#[test]
fn a_documentalist_records_and_finds_an_incident_in_chromium() {
    if available() {
        documentalist_flow(true);
    }
}

#[test]
fn the_same_flow_works_with_javascript_disabled() {
    if available() {
        documentalist_flow(false);
    }
}

#[test]
fn the_arabic_interface_is_laid_out_right_to_left() {
    if !available() {
        return;
    }
    let w = World::new(Backend::Sqlite);
    let (base, stop, server) = start(w.state.clone());
    let b = Browser::launch(true);
    b.go(&format!("{base}/sign-in?lang=ar"));
    assert!(b.source().contains("dir=\"rtl\""));
    b.fill("#name", "analyst");
    b.fill("#password", PASSWORD);
    b.submit("button[type=submit]");
    b.go(&format!("{base}/account"));
    b.select("#language", "ar");
    b.submit("form[action='/account/language'] button[type=submit]");
    b.go(&format!("{base}/incidents"));
    let direction = b.call(
        "POST",
        "/execute/sync",
        json!({"script": "return getComputedStyle(document.body).direction", "args": []}),
    );
    assert_eq!(direction, "rtl");
    // The brand sits at the right edge and the filters to the right of the results.
    let (brand_x, _) = b.rect(".brand");
    let (filters_x, _) = b.rect(".filters");
    let (results_x, _) = b.rect(".results");
    assert!(brand_x > 900.0, "brand on the right: x = {brand_x}");
    assert!(
        filters_x > results_x,
        "filters right of results: {filters_x} vs {results_x}"
    );
    b.screenshot("incidents-ar");
    let incident = w.incident(memoria_core::entity::Sensitivity::Internal);
    b.go(&format!("{base}/incidents/{incident}"));
    b.screenshot("incident-ar");
    drop(b);
    stop.send(()).unwrap();
    server.join().unwrap();
}

#[test]
fn a_person_is_recorded_through_the_arabic_form() {
    if !available() {
        return;
    }
    let w = World::new(Backend::Sqlite);
    let (base, stop, server) = start(w.state.clone());
    let b = Browser::launch(true);
    b.go(&format!("{base}/sign-in?lang=ar"));
    b.fill("#name", "documentalist");
    b.fill("#password", PASSWORD);
    b.submit("button[type=submit]");
    b.go(&format!("{base}/account"));
    b.select("#language", "ar");
    b.submit("form[action='/account/language'] button[type=submit]");
    b.go(&format!("{base}/persons/new"));
    // A mistake first: the problem shows beside its field, the typing kept.
    b.fill("#f-names", "سلمى تجربة / Salma Tajriba");
    b.fill("#f-birth_date", "1990-13");
    b.fill("#f-age", "30-35");
    b.submit("form.form button[type=submit]");
    assert!(
        b.source().contains("aria-invalid=\"true\""),
        "the date is marked"
    );
    // The date examples inside the Arabic help read left to right, "?" included: each
    // character of "1999-03?" sits to the right of the one before it.
    let order = b.call(
        "POST",
        "/execute/sync",
        json!({"script": "const t = document.getElementById('f-birth_date-help').firstChild; \
            const i = t.data.indexOf('1999-03?'); const xs = []; \
            for (let k = 0; k < 8; k++) { const r = document.createRange(); \
              r.setStart(t, i + k); r.setEnd(t, i + k + 1); xs.push(r.getBoundingClientRect().left); } \
            return xs;", "args": []}),
    );
    let xs: Vec<f64> = order
        .as_array()
        .expect("positions")
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!(
        xs.windows(2).all(|w| w[1] > w[0]),
        "1999-03? is laid out left to right: {xs:?}"
    );
    b.screenshot("person-form-ar");
    b.fill("#f-birth_date", "1990?");
    b.submit("form.form button[type=submit]");
    assert!(b.url().contains("/records/"), "created: {}", b.url());
    let page = b.source();
    assert!(page.contains("سلمى تجربة"), "the name is on the page");
    b.screenshot("person-ar");
    drop(b);
    stop.send(()).unwrap();
    server.join().unwrap();
}

/// The statistics page in English and Arabic and the analysis page, on the
/// demonstration collection, for people to look at: charts must read at laptop width.
#[test]
fn the_statistics_and_analysis_pages_in_chromium() {
    if !available() {
        return;
    }
    let d = crate::analysis::demo_world(Backend::Sqlite, 300);
    let (base, stop, server) = start(d.world.state.clone());
    let b = Browser::launch(true);
    b.go(&format!("{base}/sign-in"));
    b.fill("#name", "analyst");
    b.fill("#password", PASSWORD);
    b.submit("button[type=submit]");
    b.go(&format!(
        "{base}/statistics?collection={}&by=quarter",
        d.demo
    ));
    let page = b.source();
    assert!(page.contains("<svg"), "charts are drawn");
    // The chart fits the page: no wider than the main column.
    let (_, chart_width) = b.rect("svg.chart");
    let (_, main_width) = b.rect("main");
    assert!(chart_width <= main_width, "{chart_width} in {main_width}");
    b.screenshot("statistics");
    b.scroll_to(".chart-block:nth-of-type(2)");
    b.screenshot("statistics-bars");
    b.scroll_to(".chart-block:nth-of-type(4)");
    b.screenshot("statistics-age");
    // The table behind a chart opens without JavaScript's help (a <details>).
    b.go(&format!("{base}/account"));
    b.select("#language", "ar");
    b.submit("form[action='/account/language'] button[type=submit]");
    b.go(&format!(
        "{base}/statistics?collection={}&by=quarter",
        d.demo
    ));
    assert!(b.source().contains("dir=\"rtl\""));
    b.screenshot("statistics-ar");
    b.scroll_to(".chart-block:nth-of-type(2)");
    b.screenshot("statistics-bars-ar");
    b.go(&format!("{base}/account"));
    b.select("#language", "en");
    b.submit("form[action='/account/language'] button[type=submit]");
    b.go(&format!("{base}/analysis?collection={}", d.demo));
    let page = b.source();
    assert!(page.contains("LCMCR"), "the analysis page");
    b.screenshot("analysis");
    b.scroll_to("#estimates-h");
    b.screenshot("analysis-estimates");
    b.call(
        "POST",
        "/execute/sync",
        json!({"script": "document.querySelector('.pair details').open = true", "args": []}),
    );
    b.scroll_to("#review-h");
    b.screenshot("analysis-review");
    // Keeping the linkage from the page: the page then says the kept one is current.
    b.submit("form[action='/analysis/keep'] button[type=submit]");
    let page = b.source();
    assert!(
        page.contains("matches the lists and the answers"),
        "the kept linkage is current"
    );
    b.scroll_to("#kept");
    b.screenshot("analysis-kept");
    // The people found on several records, and splitting one record off.
    b.go(&format!("{base}/analysis/clusters?collection={}", d.demo));
    assert!(b.source().contains("were found on more than one record"));
    b.screenshot("analysis-clusters");
    // Nothing ticked: the page says what to do and nothing changes.
    b.submit("form[action='/analysis/split'] button[type=submit]");
    assert!(
        b.source()
            .contains("Tick the records that are someone else")
    );
    b.click("form[action='/analysis/split'] input[type=checkbox]");
    b.submit("form[action='/analysis/split'] button[type=submit]");
    assert!(b.source().contains("The ticked record was split off"));
    b.screenshot("analysis-clusters-split");
    // Who else one record may be, with the records to merge it with.
    b.submit("a[href*='&record=']");
    assert!(b.source().contains("Who else may this be?"));
    b.screenshot("analysis-focus");
    // Merging a record's person with a candidate's, and undoing it: the first record
    // of the page's people that has a candidate.
    b.go(&format!("{base}/analysis/clusters?collection={}", d.demo));
    let looks: Vec<String> = b
        .source()
        .split("href=\"/analysis/clusters?collection=")
        .skip(1)
        .filter_map(|rest| {
            let href = &rest[..rest.find('"')?];
            href.contains("record=").then(|| {
                format!(
                    "{base}/analysis/clusters?collection={}",
                    href.replace("&amp;", "&")
                )
            })
        })
        .collect();
    let with_candidate = looks.iter().find(|href| {
        b.go(href);
        b.source().contains("<article class=\"pair candidate\">")
    });
    assert!(
        with_candidate.is_some(),
        "some record of the first page has a candidate"
    );
    b.submit("article.candidate form[action='/analysis/merge'] button[type=submit]");
    assert!(b.source().contains("The two people were merged"));
    b.scroll_to("#focus");
    b.screenshot("analysis-merged");
    b.submit("form[action='/analysis/undo'] button[type=submit]");
    assert!(b.source().contains("back to what"));
    // The review queue in Arabic: each field's comparison in Arabic, right to left.
    b.go(&format!("{base}/account"));
    b.select("#language", "ar");
    b.submit("form[action='/account/language'] button[type=submit]");
    b.go(&format!("{base}/analysis?collection={}", d.demo));
    b.call(
        "POST",
        "/execute/sync",
        json!({"script": "document.querySelector('.pair details').open = true", "args": []}),
    );
    assert!(b.source().contains("الأسماء نفسها") || b.source().contains("متشابه"));
    b.scroll_to("#review-h");
    b.screenshot("analysis-review-ar");
    // The people found on several records, right to left, with their boxes to tick.
    b.go(&format!("{base}/analysis/clusters?collection={}", d.demo));
    assert!(b.source().contains("افصل السجلات المحدّدة"));
    b.screenshot("analysis-clusters-ar");
    drop(b);
    stop.send(()).unwrap();
    server.join().unwrap();
}

/// An incident's evidence and an item's page, for a documentalist (with the position and
/// the original), for a viewer (without them), and in Arabic, for people to look at.
#[test]
fn the_evidence_pages_in_chromium() {
    if !available() {
        return;
    }
    use memoria_core::entity::Sensitivity;
    let w = World::new(Backend::Sqlite);
    let incident = w.incident(Sensitivity::Internal);
    let photo = w.add_evidence(
        incident,
        Sensitivity::Internal,
        include_bytes!("../../../memoria-media/tests/data/photo.jpg"),
        "gate.jpg",
        "The checkpoint gate at dawn, seen from the road",
    );
    w.add_evidence(
        incident,
        Sensitivity::Restricted,
        include_bytes!("../../../memoria-media/tests/data/report.pdf"),
        "report.pdf",
        "Medical report",
    );
    w.add_evidence(
        incident,
        Sensitivity::Internal,
        include_bytes!("../../../memoria-media/tests/data/photo.png"),
        "screen.png",
        "",
    );
    let (base, stop, server) = start(w.state.clone());
    let b = Browser::launch(true);
    let sign_in = |name: &str| {
        b.go(&format!("{base}/sign-in"));
        b.fill("#name", name);
        b.fill("#password", PASSWORD);
        b.submit("button[type=submit]");
    };
    sign_in("documentalist");
    b.go(&format!("{base}/incidents/{incident}"));
    assert!(b.source().contains(&format!("/evidence/{photo}")));
    b.scroll_to("#evidence-h");
    b.screenshot("incident-evidence");
    b.go(&format!("{base}/evidence/{photo}"));
    assert!(b.source().contains("-20.250000"));
    b.screenshot("evidence");
    b.scroll_to("table.custody");
    b.screenshot("evidence-custody");
    b.go(&format!("{base}/account"));
    b.select("#language", "ar");
    b.submit("form[action='/account/language'] button[type=submit]");
    b.go(&format!("{base}/evidence/{photo}"));
    assert!(b.source().contains("dir=\"rtl\""));
    b.screenshot("evidence-ar");
    b.go(&format!("{base}/incidents/{incident}"));
    b.scroll_to("#evidence-h");
    b.screenshot("incident-evidence-ar");
    b.go(&format!("{base}/account"));
    b.select("#language", "en");
    b.submit("form[action='/account/language'] button[type=submit]");
    b.submit("form[action='/sign-out'] button[type=submit]");
    sign_in("viewer");
    b.go(&format!("{base}/evidence/{photo}"));
    assert!(!b.source().contains("-20.250000"));
    b.screenshot("evidence-viewer");
    drop(b);
    stop.send(()).unwrap();
    server.join().unwrap();
}
