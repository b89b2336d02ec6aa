//! The published site in real headless Chromium, driven over WebDriver (chromedriver),
//! opened from disk as `file://` pages the way a reader opens a copy on a USB stick:
//! the search under the pages' own Content-Security-Policy, the list without
//! JavaScript, axe-core's accessibility rules on every main page, and screenshots.
//!
//! The site is built from [`crate::browser_fixture`] in memory and written to a fresh
//! folder; no store is involved. Screenshots land in `target/publish-screenshots/` for
//! people to look at. Without Chromium the tests say so and pass, unless
//! `MEMORIA_REQUIRE_BROWSER` is set; without axe-core (installed by `.ci/run` under
//! `target/validators/node`) the accessibility test says so and passes, unless
//! `MEMORIA_REQUIRE_VALIDATORS` is set. CI sets both.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use memoria_core::place::PlaceLevel;
use memoria_publish::Snapshot;
use serde_json::{Value, json};

use crate::browser_fixture::{self, NAMED_VICTIM, SEARCHED, SEARCHED_COUNT, UNNAMED_VICTIM};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// One browser at a time: each is a few hundred megabytes and the machines have two
/// cores, and pages that time out under load would make the tests flaky.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

fn available() -> bool {
    let there = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
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

fn workspace_target() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target")
}

/// axe-core's script, as `.ci/run` installs it (npm, pinned).
fn axe_source() -> Option<String> {
    let path = workspace_target().join("validators/node/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            assert!(
                std::env::var_os("MEMORIA_REQUIRE_VALIDATORS").is_none(),
                "MEMORIA_REQUIRE_VALIDATORS is set but {} is missing",
                path.display()
            );
            eprintln!(
                "accessibility test skipped: run .ci/run, or npm install --prefix \
                 target/validators/node axe-core, to install axe-core"
            );
            None
        }
    }
}

/// The fixture's site, written to a fresh folder as `memoria publish` would.
struct Site {
    snapshot: Snapshot,
    dir: tempfile::TempDir,
}

impl Site {
    fn build() -> Site {
        let snapshot = browser_fixture::snapshot();
        let output = memoria_publish::publish(&snapshot).expect("the fixture publishes");
        let dir = tempfile::tempdir().unwrap();
        for (path, bytes) in &output.files {
            let to = dir.path().join(path);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(to, bytes).unwrap();
        }
        Site { snapshot, dir }
    }

    fn url(&self, path: &str) -> String {
        format!("file://{}/{path}", self.dir.path().display())
    }

    /// The path of one incident's page, in English.
    fn incident_page(&self) -> String {
        format!("en/incidents/{}.html", self.snapshot.incidents[0].id)
    }

    /// The English name of the region an incident happened in.
    fn region_of(&self, incident: &memoria_core::entity::Incident) -> String {
        let mut at = &self.snapshot.places[&incident.place.expect("a place")];
        while at.level != PlaceLevel::Region {
            at = &self.snapshot.places[&at.parent.expect("a region above")];
        }
        at.name.best("en").unwrap().to_string()
    }
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
            .timeout_global(Some(Duration::from_secs(120)))
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
                // Whole-page screenshots lay the page out again at the capture's size,
                // which a scrollbar would make narrower than the window.
                "--window-size=1280,1000", "--hide-scrollbars",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        });
        if !javascript {
            // The content setting a reader gets from "Don't allow sites to use
            // JavaScript"; WebDriver's own scripts still run, the page's do not.
            options["prefs"] = json!({"profile.managed_default_content_settings.javascript": 2});
        }
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
            agent,
            _profile: profile,
        };
        let v = b.call(
            "POST",
            "/session",
            json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": options,
                "goog:loggingPrefs": {"browser": "ALL"},
            }}}),
        );
        b.session = v["sessionId"]
            .as_str()
            .expect("a WebDriver session")
            .to_string();
        b.call("POST", "/timeouts", json!({"script": 120_000}));
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

    fn find_by(&self, using: &str, value: &str) -> String {
        let v = self.call("POST", "/element", json!({"using": using, "value": value}));
        v.as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }

    fn find(&self, css: &str) -> String {
        self.find_by("css selector", css)
    }

    fn displayed(&self, css: &str) -> bool {
        let e = self.find(css);
        self.call("GET", &format!("/element/{e}/displayed"), json!(null))
            .as_bool()
            .unwrap()
    }

    /// The text the reader sees in the first element matching `css`.
    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.call("GET", &format!("/element/{e}/text"), json!(null))
            .as_str()
            .unwrap()
            .to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/clear"), json!({}));
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            json!({"text": text}),
        );
    }

    /// Chooses the option of the select `id` that reads `label`, as a reader does.
    fn choose(&self, id: &str, label: &str) {
        let e = self.find_by(
            "xpath",
            &format!("//select[@id='{id}']/option[normalize-space()='{label}']"),
        );
        self.call("POST", &format!("/element/{e}/click"), json!({}));
    }

    fn script(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": args}),
        )
    }

    /// Waits until `script` returns true.
    fn wait_for(&self, what: &str, script: &str) {
        let started = Instant::now();
        while self.script(script, json!([])) != json!(true) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the page wrote to the console, CSP reports included.
    fn console(&self) -> Vec<String> {
        self.call("POST", "/se/log", json!({"type": "browser"}))
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// The window as PNG.
    fn screenshot(&self, name: &str) {
        let png = self.call("GET", "/screenshot", json!(null));
        save_png(name, png.as_str().unwrap());
    }

    /// The whole page, not just the window, as PNG: the window is made as tall as the
    /// page for the shot. (Chromium's own whole-page capture shifts right-to-left
    /// pages sideways when they are shorter than the window.)
    fn screenshot_page(&self, name: &str) {
        let window = self.call("GET", "/window/rect", json!(null));
        let v = self.script(
            "return [window.innerHeight, document.documentElement.scrollHeight]",
            json!([]),
        );
        let (inner, page) = (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
        let frame = window["height"].as_f64().unwrap() - inner;
        self.call(
            "POST",
            "/window/rect",
            json!({"width": window["width"], "height": page + frame}),
        );
        self.screenshot(name);
        self.call(
            "POST",
            "/window/rect",
            json!({"width": window["width"], "height": window["height"]}),
        );
    }
}

fn save_png(name: &str, base64: &str) {
    let bytes = data_encoding::BASE64.decode(base64.as_bytes()).unwrap();
    let dir = workspace_target().join("publish-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
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

fn one_browser() -> std::sync::MutexGuard<'static, ()> {
    ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner())
}

/// The search's results as (link text, href), in order.
fn results(b: &Browser) -> Vec<(String, String)> {
    let v = b.script(
        "return Array.from(document.querySelectorAll('#results a'), \
         a => [a.textContent, a.getAttribute('href')])",
        json!([]),
    );
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_search_works_from_disk_under_the_pages_own_policy() {
    if !available() {
        return;
    }
    let _one = one_browser();
    let site = Site::build();
    let b = Browser::launch(true);
    b.go(&site.url("en/incidents/index.html"));
    // The form is hidden in the markup and shown by search.js: visible means the
    // page's own scripts ran under its Content-Security-Policy.
    let shown = b.displayed("#search");
    let console = b.console();
    assert!(
        shown,
        "the search form stays hidden: search.js did not run from disk; console: {console:#?}"
    );
    assert!(
        !console
            .iter()
            .any(|m| m.contains("Content Security Policy")),
        "the policy refused something: {console:#?}"
    );
    // And the policy is in force on a file:// page: an inline script is refused, so
    // the form showing above says that `script-src 'self'` admits the site's files.
    let inline = b.script(
        "const s = document.createElement('script'); \
         s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); \
         return window.inlineRan === true",
        json!([]),
    );
    assert_eq!(
        inline,
        json!(false),
        "an inline script ran despite the policy"
    );
    assert!(
        b.console()
            .iter()
            .any(|m| m.contains("Content Security Policy")),
        "the refusal is reported"
    );

    b.type_into("#q", SEARCHED);
    b.wait_for(
        "the results",
        &format!("return document.querySelectorAll('#results a').length === {SEARCHED_COUNT}"),
    );
    let found = results(&b);
    assert!(
        found
            .iter()
            .all(|(title, _)| title.to_lowercase().contains(SEARCHED)),
        "{found:?}"
    );
    assert_eq!(
        b.text("#count"),
        format!("{SEARCHED_COUNT} incidents match")
    );
    b.screenshot_page("search-en");

    // A region narrows the results to the incidents in it.
    let with_word: Vec<_> = site
        .snapshot
        .incidents
        .iter()
        .filter(|d| d.record.title.best("en").unwrap().contains(SEARCHED))
        .collect();
    let region = site.region_of(&with_word[0].record);
    b.choose("region", &region);
    b.wait_for(
        "the region to filter",
        "return document.querySelectorAll('#results a').length === 1",
    );
    assert_eq!(b.text("#count"), "one incident matches");
    let expected = format!("{}.html", with_word[0].id);
    assert_eq!(results(&b)[0].1, expected);

    // The region alone: every incident in it, and none from elsewhere.
    b.type_into("#q", "");
    let in_region: BTreeSet<String> = site
        .snapshot
        .incidents
        .iter()
        .filter(|d| site.region_of(&d.record) == region)
        .map(|d| format!("{}.html", d.id))
        .collect();
    b.wait_for(
        "the region's incidents",
        &format!(
            "return document.querySelectorAll('#results a').length === {}",
            in_region.len()
        ),
    );
    let shown: BTreeSet<String> = results(&b).into_iter().map(|(_, href)| href).collect();
    assert_eq!(shown, in_region);

    // A result leads to its page, from disk too.
    let link = b.find(&format!("#results a[href='{expected}']"));
    b.call("POST", &format!("/element/{link}/click"), json!({}));
    b.wait_for(
        "the incident page",
        &format!(
            "return location.href.endsWith('{expected}') && document.readyState === 'complete'"
        ),
    );
    assert!(b.text("h1").contains(SEARCHED));
}

#[test]
fn without_javascript_the_list_is_paged_and_the_search_stays_hidden() {
    if !available() {
        return;
    }
    let _one = one_browser();
    let site = Site::build();
    let b = Browser::launch(false);
    b.go(&site.url("en/incidents/index.html"));
    assert!(!b.displayed("#search"), "the search form is hidden");
    // The <noscript> text is rendered only when scripts are really off.
    assert!(
        b.text("main")
            .contains("The search needs JavaScript; without it, browse the pages below."),
        "the page says why there is no search"
    );
    let rows = b
        .script(
            "return document.querySelectorAll('table.list tbody tr').length",
            json!([]),
        )
        .as_u64()
        .unwrap();
    assert_eq!(rows as usize, site.snapshot.incidents.len());
    assert_eq!(b.text("table.list caption"), "Page 1 of 1");
    b.screenshot("incidents-nojs");
}

/// The main pages, one language each way.
fn main_pages(site: &Site) -> Vec<String> {
    vec![
        "en/index.html".into(),
        "en/incidents/index.html".into(),
        site.incident_page(),
        "en/statistics.html".into(),
        "en/map.html".into(),
        "en/methodology.html".into(),
        "en/data.html".into(),
        "ar/index.html".into(),
        "ar/statistics.html".into(),
    ]
}

#[test]
fn axe_finds_no_serious_accessibility_problem_on_the_main_pages() {
    if !available() {
        return;
    }
    let Some(axe) = axe_source() else { return };
    let _one = one_browser();
    let site = Site::build();
    let b = Browser::launch(true);
    let mut serious = Vec::new();
    for page in main_pages(&site) {
        b.go(&site.url(&page));
        b.script(&axe, json!([]));
        let v = b.call(
            "POST",
            "/execute/async",
            json!({"script": "const done = arguments[arguments.length - 1]; \
                axe.run(document, {resultTypes: ['violations']}) \
                  .then(r => done({passed: r.passes.length, \
                     incomplete: r.incomplete.map(i => i.id + ' at ' + i.nodes.slice(0, 3).map(n => n.target.join(' ') + ' (' + (n.any[0] || {message: ''}).message + ')').join(', ')), \
                     violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, \
                       nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))})) \
                  .catch(e => done({error: String(e)}));",
                "args": []}),
        );
        assert!(v.get("error").is_none(), "axe on {page}: {v}");
        let violations = v["violations"].as_array().unwrap();
        eprintln!(
            "axe {page}: {} rules passed, {} violated, to review by hand: {}",
            v["passed"],
            violations.len(),
            v["incomplete"]
        );
        assert!(v["passed"].as_u64().unwrap() > 10, "axe ran on {page}");
        for violation in violations {
            let impact = violation["impact"].as_str().unwrap_or("none");
            eprintln!(
                "axe {page}: {impact} {}: {}\n  {}",
                violation["id"].as_str().unwrap(),
                violation["help"].as_str().unwrap(),
                violation["nodes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_str().unwrap().replace('\n', " "))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            );
            if matches!(impact, "serious" | "critical") {
                serious.push(format!("{page}: {}", violation["id"]));
            }
        }
    }
    assert_eq!(serious, Vec::<String>::new(), "see the details above");
}

/// The window's width in CSS pixels and the widest the page's content reaches: equal
/// when nothing sticks out to either side.
fn widths(b: &Browser) -> (f64, f64) {
    let v = b.script(
        "return [document.documentElement.clientWidth, document.documentElement.scrollWidth]",
        json!([]),
    );
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

#[test]
fn the_main_pages_in_chromium_with_arabic_right_to_left() {
    if !available() {
        return;
    }
    let _one = one_browser();
    let site = Site::build();
    let b = Browser::launch(true);
    for (page, name) in [
        ("en/index.html".to_string(), "home-en"),
        ("en/statistics.html".to_string(), "statistics-en"),
        ("en/map.html".to_string(), "map-en"),
        (site.incident_page(), "incident-en"),
        ("ar/index.html".to_string(), "home-ar"),
        (
            site.incident_page().replacen("en/", "ar/", 1),
            "incident-ar",
        ),
        ("ar/statistics.html".to_string(), "statistics-ar"),
    ] {
        b.go(&site.url(&page));
        let (window, content) = widths(&b);
        assert!(content <= window, "{page} is {content} wide in {window}");
        b.screenshot_page(name);
    }

    // The incident page names the consented victim and no one else.
    b.go(&site.url(&site.incident_page()));
    let page = b.text("main");
    assert!(page.contains(NAMED_VICTIM), "{page}");
    assert!(!page.contains(UNNAMED_VICTIM));

    b.go(&site.url("ar/index.html"));
    let direction = b.script(
        "return getComputedStyle(document.body).direction",
        json!([]),
    );
    assert_eq!(direction, "rtl");
    // The site's name starts the header at the right, the languages end it at the left.
    let left = |css: &str| {
        b.script(
            "return document.querySelector(arguments[0]).getBoundingClientRect().left",
            json!([css]),
        )
        .as_f64()
        .unwrap()
    };
    assert!(
        left(".brand") > left("nav.langs"),
        "the brand is right of the languages"
    );

    // A phone's width: nothing is cut off or pushes the page sideways.
    b.call("POST", "/window/rect", json!({"width": 400, "height": 900}));
    for (page, name) in [
        ("ar/index.html", "home-ar-narrow"),
        ("ar/statistics.html", "statistics-ar-narrow"),
        ("en/incidents/index.html", "incidents-en-narrow"),
    ] {
        b.go(&site.url(page));
        let (window, content) = widths(&b);
        b.screenshot(name);
        assert!(content <= window, "{page} is {content} wide in {window}");
    }
}
