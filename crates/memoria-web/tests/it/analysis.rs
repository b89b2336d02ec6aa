//! The statistics page (counts that respect sensitivity and uncertain dates, SVG charts)
//! and the analysis page (linkage of the source lists, estimates with their intervals,
//! pairs to review), on the harness world and on a small demonstration collection.

use std::collections::HashMap;
use std::time::Instant;

use axum::http::StatusCode;
use memoria_core::edtf::Edtf;
use memoria_core::entity::{Act, Entity, EntityKind, Sensitivity};
use memoria_core::id::RecordId;
use memoria_store::{Actor, ListQuery, Store, StoreExt};

use crate::harness::{Backend, World};

/// A world holding, besides the harness collection, the demonstration collection
/// (fictional Valdoria), which every role account also belongs to.
pub struct DemoWorld {
    pub world: World,
    pub demo: RecordId,
}

pub fn demo_world(backend: Backend, incidents: usize) -> DemoWorld {
    let world = World::new(backend);
    let store = world.store();
    let mut tx = store.begin(&Actor::system()).unwrap();
    let mut demo = None;
    memoria_demo::generate(
        &memoria_demo::DemoConfig { seed: 5, incidents },
        &mut |id, e| {
            if matches!(e, Entity::Collection(_)) {
                demo = Some(id);
            }
            tx.create_with_id(id, e).unwrap();
        },
    );
    let demo = demo.unwrap();
    for role in ["analyst", "viewer", "documentalist", "field_researcher"] {
        let account = store.account_by_name(role).unwrap().unwrap();
        tx.set_membership(account.id, demo, Some(role)).unwrap();
    }
    tx.commit().unwrap();
    DemoWorld { world, demo }
}

/// Set the account's language through its page.
fn speak(c: &mut crate::harness::Client, lang: &str) {
    let csrf = c.csrf();
    let r = c.post_form("/account/language", &[("csrf", &csrf), ("language", lang)]);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

fn add_act(w: &World, incident: RecordId, violation: &str, date: Option<&str>) {
    let admin = w.store().account_by_name("root").unwrap().unwrap();
    w.store()
        .create(
            &Actor::from(&admin),
            Entity::Act(Act {
                incident,
                violation: violation.into(),
                victims: vec![],
                perpetrators: vec![],
                date: date.map(|d| Edtf::parse(d).unwrap()),
                place: None,
                method: None,
                rights_violated: vec![],
            }),
        )
        .unwrap();
}

/// The row of a statistics table: label, value, band.
fn row(label: &str, value: &str, band: &str) -> String {
    format!(
        "<th scope=\"row\" dir=\"auto\">{label}</th><td class=\"num\">{value}</td><td class=\"num\">{band}</td>"
    )
}

#[test]
fn statistics_count_only_the_acts_the_reader_may_see() {
    for backend in Backend::all() {
        let w = World::new(backend);
        // Each incident of the world has one act, all dated 2021-03-05. The table says
        // what each role may see, written out rather than derived.
        for (role, acts) in [
            ("viewer", 2),
            ("field_researcher", 2),
            ("documentalist", 3),
            ("analyst", 3),
            ("coordinator", 4),
        ] {
            let mut c = w.signed_in(role);
            let r = c.get("/statistics");
            assert_eq!(r.status, StatusCode::OK, "{role}: {}", r.text);
            assert!(
                r.text.contains(&format!("{acts} acts in all. Not on the chart: 0 without a date and 0 with an open-ended date.")),
                "{role} sees {acts} acts"
            );
            assert!(
                r.text
                    .contains(&row("2021", &acts.to_string(), &format!("{acts}–{acts}")))
            );
            // Victims: each has no sex or age recorded, and that is said, not hidden.
            assert!(r.text.contains(&format!(
                "{acts} victims, each person once and a group as its size; {acts} without a recorded sex."
            )));
            assert!(r.text.contains("<svg"), "{role}: charts inline");
            assert!(!r.text.contains("Zorava"), "{role}: no names on the page");
        }
        // Someone outside the collection counts nothing of it.
        let r = w.signed_in("outsider").get("/statistics");
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text.contains("You may not read any collection"));
        // A collection the reader may not read is not found.
        let r = w
            .signed_in("viewer")
            .get(&format!("/statistics?collection={}", w.foreign_incident));
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}

#[test]
fn an_uncertain_date_is_shared_out_and_banded_and_a_write_shows_at_once() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.signed_in("viewer");
    let before = c.get("/statistics?by=quarter");
    assert!(before.text.contains(&row("2021-Q1", "2", "2–2")));
    // Loaded again: the same (kept) result.
    let again = c.get("/statistics?by=quarter");
    assert_eq!(before.text, again.text);

    // An act known only as "2021", in the public incident.
    add_act(&w, w.incident(Sensitivity::Public), "torture", Some("2021"));
    let after = c.get("/statistics?by=quarter");
    // Shared out by days (90, 91, 92 and 92 of 365), and in every quarter's band.
    for (quarter, value, band) in [
        ("2021-Q1", "2.2", "2–3"),
        ("2021-Q2", "0.2", "0–1"),
        ("2021-Q3", "0.3", "0–1"),
        ("2021-Q4", "0.3", "0–1"),
    ] {
        assert!(
            after.text.contains(&row(quarter, value, band)),
            "{quarter}: {value} {band}"
        );
    }
    assert!(after.text.contains("3 acts in all"));
    // By year it is whole again.
    let years = c.get("/statistics?by=year");
    assert!(years.text.contains(&row("2021", "3", "3–3")));
    // An undated act is counted apart, and said.
    add_act(&w, w.incident(Sensitivity::Internal), "torture", None);
    let undated = c.get("/statistics");
    assert!(
        undated.text.contains("4 acts in all"),
        "the internal incident's date is the act's"
    );
}

#[test]
fn a_violation_label_holding_markup_stays_escaped_in_the_chart() {
    let w = World::new(Backend::Sqlite);
    // The store does not check codes against vocabularies; a label falls back to its code.
    add_act(
        &w,
        w.incident(Sensitivity::Public),
        "<script>alert(1)</script>",
        Some("2021-04-01"),
    );
    let r = w.signed_in("viewer").get("/statistics");
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.text.contains("<script"), "no markup gets through");
    assert!(
        r.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            || r.text.contains("&lt;script&gt;alert(1)&lt;/scrip"),
        "the label shows as text"
    );
}

#[test]
fn the_arabic_statistics_page_draws_its_charts_right_to_left() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.signed_in("viewer");
    speak(&mut c, "ar");
    let r = c.get("/statistics");
    assert!(r.text.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(r.text.contains("الأفعال في كل سنة"), "translated heading");
    let svg_start = r.text.find("<svg").expect("a chart");
    let svg = &r.text[svg_start..];
    assert!(svg.starts_with("<svg") && svg.contains("lang=\"ar\""));
    // Mirrored: texts are right-to-left isolates.
    assert!(svg.contains('\u{2067}'), "right-to-left text in the chart");
    // Every message the page uses exists in every language (the i18n test checks keys;
    // here the page does not fall back to English).
    assert!(!r.text.contains("acts in all"));
}

fn audited(store: &dyn Store, account: &str, detail: &str) -> usize {
    let id = store.account_by_name(account).unwrap().unwrap().id;
    store
        .audit_log(0, 1_000_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.account == id && e.action == "read-sensitive" && e.detail.contains(detail))
        .count()
}

/// The name of some record of the demonstration lists.
fn some_list_name(store: &dyn Store, collection: RecordId) -> String {
    store
        .list(&ListQuery {
            kind: Some(EntityKind::Record),
            collection: Some(collection),
            limit: 50,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find_map(|s| match s.entity {
            Entity::Record(r) => r.name.filter(|n| n.len() > 6),
            _ => None,
        })
        .expect("named list records")
}

#[test]
fn the_analyst_sees_estimates_with_intervals_and_pairs_to_review() {
    for backend in Backend::all() {
        let d = demo_world(backend, 200);
        let w = &d.world;
        let mut c = w.signed_in("analyst");
        let home = c.get("/");
        assert!(home.text.contains("href=\"/analysis\""), "in the menu");
        let started = Instant::now();
        let r = c.get(&format!("/analysis?collection={}", d.demo));
        let first = started.elapsed();
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let page = &r.text;
        // The lists, blocking, clusters.
        assert_eq!(
            page.matches("<td><a href=\"/records/").count(),
            3,
            "three lists"
        );
        assert!(page.contains("candidate pairs (all rules together)"));
        assert!(page.contains("people (clusters)"));
        // Both methods, each with documented, an estimate and its interval, or none.
        assert!(page.contains("LCMCR, Bayesian latent classes (at most 5)"));
        assert!(page.contains("Log-linear model"));
        assert!(page.contains("Log-linear model chosen by AIC"));
        assert!(
            page.contains("K = 5 latent classes"),
            "the settings are stated"
        );
        let estimates = page.matches("class=\"num estimate\"").count();
        let intervals = page.matches("<td class=\"nowrap\">").count();
        let none = page.matches("class=\"no-estimate\"").count();
        assert_eq!(estimates, intervals, "no estimate without its interval");
        assert_eq!(estimates + none, 2);
        assert!(estimates >= 1, "the demonstration lists give an estimate");
        assert!(page.contains(" to "), "an interval reads lower to upper");
        assert!(page.contains("Assumes:"));
        assert!(page.contains("The population is closed"));
        // Pairs to review, each explained field by field, with both records linked.
        assert!(page.contains("Pairs to review"));
        let pairs = page.matches("<article class=\"pair\">").count();
        assert_eq!(
            page.matches("name=\"verdict\" value=\"same\"").count(),
            pairs,
            "each pair can be answered"
        );
        assert!(pairs > 0, "the demonstration lists have uncertain pairs");
        assert_eq!(page.matches("Why, field by field").count(), pairs);
        assert!(page.matches("<td>Name</td>").count() >= pairs);
        // Reading: each list read, and the page, audited under the analyst.
        let store = w.store();
        assert_eq!(audited(store, "analyst", "linkage read the list"), 3);
        assert_eq!(audited(store, "analyst", "analysis page"), 1);

        // Again: the same numbers, not recomputed (no new list reads), still audited.
        let started = Instant::now();
        let again = c.get(&format!("/analysis?collection={}", d.demo));
        let second = started.elapsed();
        assert_eq!(again.text, r.text, "reloads agree");
        assert_eq!(audited(store, "analyst", "linkage read the list"), 3);
        assert_eq!(audited(store, "analyst", "analysis page"), 2);
        assert!(second < first, "kept: {second:?} against {first:?}");
        eprintln!("analysis page: {first:?} computed, {second:?} kept ({backend:?})");
    }
}

/// The comparison of each field, in the explanation of a pair to review, is worded in
/// the reader's language: an Arabic or French reviewer does not meet the model's English.
#[test]
fn the_review_queue_words_each_comparison_in_the_readers_language() {
    let d = demo_world(Backend::Sqlite, 200);
    let mut c = d.world.signed_in("analyst");
    let english = c.get(&format!("/analysis?collection={}", d.demo)).text;
    let levels = |page: &str| -> Vec<String> {
        // The comparison, after the field and the two records' values.
        explanation_rows(page)
            .into_iter()
            .map(|cells| cells[3].clone())
            .filter(|cell| !cell.is_empty())
            .collect()
    };
    let in_english = levels(&english);
    assert!(
        in_english
            .iter()
            .any(|l| l == "same names" || l.contains("alike")),
        "names compared: {in_english:?}"
    );
    assert!(
        in_english
            .iter()
            .any(|l| l == "missing on one side" || l == "same" || l == "different")
    );
    for (lang, words) in [
        ("fr", ["mêmes noms", "semblable"]),
        ("ar", ["الأسماء نفسها", "متشابه"]),
    ] {
        speak(&mut c, lang);
        let page = c.get(&format!("/analysis?collection={}", d.demo)).text;
        let shown = levels(&page);
        assert_eq!(shown.len(), in_english.len(), "{lang}: the same rows");
        assert!(
            shown.iter().any(|l| words.iter().any(|w| l.contains(w))),
            "{lang}: names compared in the reader's words: {shown:?}"
        );
        for (theirs, ours) in shown.iter().zip(&in_english) {
            assert_ne!(theirs, ours, "{lang}: a level left in English");
        }
    }
}

/// The cells of each row of the explanations on a page: the field, the two records'
/// values, the comparison and its bits.
fn explanation_rows(page: &str) -> Vec<Vec<String>> {
    page.split("<article class=\"pair\">")
        .skip(1)
        .flat_map(rows_of_pair)
        .collect()
}

/// [`explanation_rows`] of one pair's article.
fn rows_of_pair(article: &str) -> Vec<Vec<String>> {
    let article = article.split("</article>").next().unwrap_or_default();
    article
        .split("<tr><td>")
        .skip(1)
        .map(|row| {
            let row = row.split("</tr>").next().unwrap_or_default();
            std::iter::once(row)
                .chain(row.split("<td").skip(1))
                .map(|cell| {
                    let from = if cell == row {
                        0
                    } else {
                        cell.find('>').map_or(0, |i| i + 1)
                    };
                    cell[from..]
                        .split("</td>")
                        .next()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect()
        })
        .collect()
}

/// A reviewer sees the two records side by side: beside each field's comparison, what
/// each record holds, from the right record on the right side.
#[test]
fn the_review_queue_sets_the_two_records_side_by_side() {
    let d = demo_world(Backend::Sqlite, 200);
    let mut c = d.world.signed_in("analyst");
    let page = c.get(&format!("/analysis?collection={}", d.demo)).text;
    let store = d.world.store();
    let record = |id: &str| match store.get(id.parse().unwrap()).unwrap().unwrap().entity {
        Entity::Record(r) => r,
        other => panic!("not a list record: {:?}", other.kind()),
    };
    let articles: Vec<&str> = page.split("<article class=\"pair\">").skip(1).collect();
    assert!(!articles.is_empty(), "pairs to review");
    let mut sexes_shown = 0;
    for article in articles {
        let (a, b) = offered(article)[0].clone();
        let (ra, rb) = (record(&a), record(&b));
        let rows = rows_of_pair(article);
        let row = |field: &str| {
            rows.iter()
                .find(|cells| cells[0] == field)
                .unwrap_or_else(|| panic!("a row for {field}: {rows:?}"))
                .clone()
        };
        assert_eq!(rows[0][1..3], ["", ""], "the prior has no values");
        // The sex as the vocabulary words it ("male" is "Male" in English).
        let sex = row("Sex");
        assert_eq!(sex[1].to_lowercase(), ra.sex.clone().unwrap_or_default());
        assert_eq!(sex[2].to_lowercase(), rb.sex.clone().unwrap_or_default());
        sexes_shown += usize::from(!sex[1].is_empty() && !sex[2].is_empty());
        let age = |r: &memoria_core::entity::Record| r.age.map(|a| a.min.to_string());
        for (cell, r) in [(&row("Age")[1], &ra), (&row("Age")[2], &rb)] {
            match age(r) {
                Some(years) => assert!(cell.starts_with(&years), "{cell} for {years}"),
                None => assert_eq!(cell, ""),
            }
        }
        // The name cell holds the name the list gives (escaped as the page escapes it).
        let name = ra.name.clone().unwrap_or_default();
        if !name.is_empty() && !name.contains(['&', '<', '>', '"', '\'']) {
            assert_eq!(row("Name")[1], name);
        }
    }
    assert!(sexes_shown > 0, "some pairs give both records' sex");
    // In Arabic the sex is worded in Arabic too, not left as the stored code.
    speak(&mut c, "ar");
    let page = c.get(&format!("/analysis?collection={}", d.demo)).text;
    let sexes: Vec<String> = explanation_rows(&page)
        .into_iter()
        .filter(|cells| cells[0] == "الجنس")
        .flat_map(|cells| [cells[1].clone(), cells[2].clone()])
        .filter(|value| !value.is_empty())
        .collect();
    assert!(!sexes.is_empty());
    assert!(
        sexes.iter().all(|v| !v.is_ascii()),
        "the sex in Arabic: {sexes:?}"
    );
}

/// The pairs the page offers for review, as their forms carry them: (a, b).
fn offered(page: &str) -> Vec<(String, String)> {
    let value = |from: &str, name: &str| {
        let needle = format!("name=\"{name}\" value=\"");
        let start = from.find(&needle).unwrap() + needle.len();
        from[start..start + 36].to_string()
    };
    page.split("action=\"/analysis/decisions\"")
        .skip(1)
        .map(|form| (value(form, "a"), value(form, "b")))
        .collect()
}

/// Each list record's cluster when the collection's lists are linked afresh now, with
/// the reviewers' decisions, by record id.
fn fresh_clusters(store: &dyn Store, collection: RecordId) -> HashMap<String, u32> {
    let config = memoria_analysis::record_config();
    let (records, _, config) =
        memoria_analysis::read_lists_decided(store, &Actor::system(), collection, &config).unwrap();
    let linkage = memoria_linkage::link(&records, &config.settings).unwrap();
    linkage
        .clusters()
        .map(|c| (c.id.to_string(), c.cluster))
        .collect()
}

/// The decisions recorded in `collection`: (the pair, the verdict, the version).
fn decisions(store: &dyn Store, collection: RecordId) -> Vec<([RecordId; 2], String, u64)> {
    store
        .list(&ListQuery {
            kind: Some(EntityKind::MatchDecision),
            collection: Some(collection),
            limit: 100,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|s| match s.entity {
            Entity::MatchDecision(d) => (d.records, d.verdict.as_str().to_string(), s.version),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn a_reviewer_answers_pairs_and_the_linkage_follows() {
    for backend in Backend::all() {
        let d = demo_world(backend, 200);
        let w = &d.world;
        let store = w.store();
        let mut c = w.signed_in("analyst");
        let path = format!("/analysis?collection={}", d.demo);
        let page = c.get(&path);
        let pairs = offered(&page.text);
        assert!(!pairs.is_empty());
        assert!(
            page.text
                .contains("Decisions recorded in this collection: 0.")
        );
        let (a, b) = pairs[0].clone();
        let csrf = page.hidden("csrf");
        let answer = |c: &mut crate::harness::Client, verdict: &str| {
            c.post_form(
                "/analysis/decisions",
                &[
                    ("csrf", &csrf),
                    ("collection", &d.demo.to_string()),
                    ("a", &a),
                    ("b", &b),
                    ("verdict", verdict),
                ],
            )
        };
        let linked_together = || {
            let cluster = fresh_clusters(store, d.demo);
            cluster[&a] == cluster[&b]
        };
        let model_said = linked_together();

        // "Same person": recorded under the analyst, the pair leaves the queue, and the
        // linkage joins the two records whatever the model said.
        let r = answer(&mut c, "same");
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        assert_eq!(r.location(), format!("{path}&saved=1"));
        let after = c.get(r.location());
        assert!(after.text.contains("Your answer was recorded"));
        assert!(
            after
                .text
                .contains("Decisions recorded in this collection: 1.")
        );
        assert!(!offered(&after.text).contains(&(a.clone(), b.clone())));
        let recorded = decisions(store, d.demo);
        assert_eq!(recorded.len(), 1);
        assert_eq!((recorded[0].1.as_str(), recorded[0].2), ("same", 1));
        assert!(linked_together());
        let analyst = store.account_by_name("analyst").unwrap().unwrap().id;
        let by_analyst = store
            .audit_log(0, 100_000)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "create" && e.account == analyst && e.record.is_some())
            .filter(|e| {
                store
                    .get(e.record.unwrap())
                    .unwrap()
                    .is_some_and(|s| s.kind == EntityKind::MatchDecision)
            })
            .count();
        assert_eq!(by_analyst, 1, "the decision's creation is in the audit log");

        // A change of mind is a new version of the same decision.
        assert_eq!(answer(&mut c, "different").status, StatusCode::SEE_OTHER);
        let recorded = decisions(store, d.demo);
        assert_eq!(recorded.len(), 1);
        assert_eq!((recorded[0].1.as_str(), recorded[0].2), ("different", 2));
        assert!(!linked_together());
        // "Not sure" gives the pair back to the model and to the queue.
        assert_eq!(answer(&mut c, "unsure").status, StatusCode::SEE_OTHER);
        let back = c.get(&path);
        assert!(
            back.text
                .contains("Decisions recorded in this collection: 0.")
        );
        assert!(offered(&back.text).contains(&(a.clone(), b.clone())));
        assert_eq!(linked_together(), model_said);

        // Refused, with nothing written: a forged token, a verdict that is not one, a
        // record that is not a list record, a reader who may not see the analysis.
        let before = decisions(store, d.demo);
        let forged = c.post_form(
            "/analysis/decisions",
            &[
                ("csrf", "forged"),
                ("collection", &d.demo.to_string()),
                ("a", &a),
                ("b", &b),
                ("verdict", "same"),
            ],
        );
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let r = answer(&mut c, "maybe");
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let incident = w.incident(Sensitivity::Internal).to_string();
        let r = c.post_form(
            "/analysis/decisions",
            &[
                ("csrf", &csrf),
                ("collection", &d.demo.to_string()),
                ("a", &a),
                ("b", &incident),
                ("verdict", "same"),
            ],
        );
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let mut viewer = w.signed_in("viewer");
        let vcsrf = viewer.csrf();
        let r = viewer.post_form(
            "/analysis/decisions",
            &[
                ("csrf", &vcsrf),
                ("collection", &d.demo.to_string()),
                ("a", &a),
                ("b", &b),
                ("verdict", "same"),
            ],
        );
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(decisions(store, d.demo), before, "nothing written");
    }
}

/// The collection's kept linkage: its version and the number of people it makes.
fn kept(store: &dyn Store, collection: RecordId) -> Option<(u64, usize)> {
    let (s, l) = memoria_analysis::kept(store, collection).unwrap()?;
    let people: std::collections::HashSet<u32> = l.clusters.iter().copied().collect();
    Some((s.version, people.len()))
}

#[test]
fn the_analysis_page_keeps_its_linkage_and_says_when_it_is_out_of_date() {
    for backend in Backend::all() {
        let d = demo_world(backend, 500);
        let w = &d.world;
        let store = w.store();
        let mut c = w.signed_in("analyst");
        let path = format!("/analysis?collection={}", d.demo);
        let page = c.get(&path);
        assert!(page.text.contains("No linkage is kept for this collection"));
        assert!(page.text.contains("action=\"/analysis/keep\""));
        let csrf = page.hidden("csrf");
        let keep = |c: &mut crate::harness::Client, csrf: &str| {
            c.post_form(
                "/analysis/keep",
                &[("csrf", csrf), ("collection", &d.demo.to_string())],
            )
        };

        // A forged token and a reader who may not see the analysis keep nothing.
        assert_eq!(keep(&mut c, "forged").status, StatusCode::FORBIDDEN);
        let mut viewer = w.signed_in("viewer");
        let vcsrf = viewer.csrf();
        assert_eq!(keep(&mut viewer, &vcsrf).status, StatusCode::FORBIDDEN);
        assert_eq!(kept(store, d.demo), None);

        let r = keep(&mut c, &csrf);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        assert_eq!(r.location(), format!("{path}&kept=1"));
        let (version, people) = kept(store, d.demo).expect("kept");
        assert_eq!(version, 1);
        let after = c.get(r.location());
        assert!(after.text.contains("The linkage was kept as a new version"));
        assert!(
            after.text.contains(&format!(
                "(version 1, {people} people) matches the lists and the answers"
            )),
            "the page says the kept linkage is current"
        );
        assert!(!after.text.contains("action=\"/analysis/keep\""));
        // Keeping was written under the analyst, and is in the audit log by id.
        let analyst = store.account_by_name("analyst").unwrap().unwrap().id;
        let (kept_id, _) = memoria_analysis::kept(store, d.demo).unwrap().unwrap();
        assert!(
            store
                .audit_log(0, 100_000)
                .unwrap()
                .iter()
                .any(|e| e.record == Some(kept_id.id) && e.account == analyst)
        );

        // A reviewer answers a dozen pairs, one after another as the queue offers them
        // (the first "same", the rest as the model leans): the kept linkage is out of
        // date, and keeping again is version 2 of the same record.
        let (a, b) = offered(&after.text)[0].clone();
        let mut answered = 0;
        let mut page = after;
        while answered < 12 {
            let Some((x, y)) = offered(&page.text).into_iter().next() else {
                break;
            };
            let verdict = if answered % 3 == 2 {
                "different"
            } else {
                "same"
            };
            let r = c.post_form(
                "/analysis/decisions",
                &[
                    ("csrf", &csrf),
                    ("collection", &d.demo.to_string()),
                    ("a", &x),
                    ("b", &y),
                    ("verdict", verdict),
                ],
            );
            assert_eq!(r.status, StatusCode::SEE_OTHER);
            answered += 1;
            page = c.get(&path);
            assert!(
                !offered(&page.text).contains(&(x, y)),
                "an answered pair leaves"
            );
        }
        assert!(
            answered >= 10,
            "the demo offers about a dozen pairs: {answered}"
        );
        let stale = c.get(&path);
        assert!(stale.text.contains("(version 1, "), "{}", stale.text);
        assert!(stale.text.contains("is out of date"));
        assert!(stale.text.contains("action=\"/analysis/keep\""));
        assert_eq!(keep(&mut c, &csrf).status, StatusCode::SEE_OTHER);
        let (version, _) = kept(store, d.demo).unwrap();
        assert_eq!(version, 2);
        let (k, l) = memoria_analysis::kept(store, d.demo).unwrap().unwrap();
        assert_eq!(k.id, kept_id.id, "one kept linkage per collection");
        assert_eq!(l.decisions as usize, answered);
        let at = |id: &str| l.records.iter().position(|r| r.to_string() == id).unwrap();
        assert_eq!(
            l.clusters[at(&a)],
            l.clusters[at(&b)],
            "the answer is in it"
        );
        assert!(c.get(&path).text.contains("(version 2, "));
    }
}

/// The split forms of a clusters page, person by person: each person's record ids.
fn people_on_page(page: &str) -> Vec<Vec<String>> {
    page.split("<article class=\"pair cluster\">")
        .skip(1)
        .map(|person| {
            person
                .split("name=\"record\" value=\"")
                .skip(1)
                .map(|rest| rest[..36].to_string())
                .collect()
        })
        .collect()
}

/// A form post of `fields` followed by a `record` field for each of `ticked`.
fn post_ticked(
    c: &mut crate::harness::Client,
    to: &str,
    fields: &[(&str, &str)],
    ticked: &[&str],
) -> crate::harness::Reply {
    let mut all = fields.to_vec();
    all.extend(ticked.iter().map(|t| ("record", *t)));
    c.post_form(to, &all)
}

/// Each recorded decision as (the pair's ids as text, sorted; its verdict; its version).
fn decided(store: &dyn Store, collection: RecordId) -> Vec<([String; 2], String, u64)> {
    let mut out: Vec<_> = decisions(store, collection)
        .into_iter()
        .map(|(pair, verdict, version)| {
            let mut ids = [pair[0].to_string(), pair[1].to_string()];
            ids.sort();
            (ids, verdict, version)
        })
        .collect();
    out.sort();
    out
}

fn sorted_pair(a: &str, b: &str) -> [String; 2] {
    let mut ids = [a.to_string(), b.to_string()];
    ids.sort();
    ids
}

/// A reviewer splits one record off a person, then two records off as another person,
/// and undoes each: an undo brings every answer the split wrote back to what it said
/// before, an earlier answer included, and deletes those it created.
#[test]
fn a_reviewer_splits_a_person_in_two_and_undoes_it() {
    for backend in Backend::all() {
        let d = demo_world(backend, 300);
        let w = &d.world;
        let store = w.store();
        let mut c = w.signed_in("analyst");
        let analysis = c.get(&format!("/analysis?collection={}", d.demo));
        assert!(
            analysis
                .text
                .contains("people found on more than one record")
        );
        let path = format!("/analysis/clusters?collection={}", d.demo);
        let page = c.get(&path);
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("were found on more than one record"));
        let people = people_on_page(&page.text);
        assert!(!people.is_empty());
        assert!(
            people.windows(2).all(|p| p[0].len() >= p[1].len()),
            "largest first"
        );
        assert_eq!(
            audited(store, "analyst", "analysis clusters page"),
            1,
            "a view that shows names is audited"
        );
        let record = people[0][0].clone();
        let answered = people[0][1].clone();
        // An address of the kind an older version made (the record in `split`) shows
        // the page, not a refusal.
        assert_eq!(
            c.get(&format!("{path}&split={record}")).status,
            StatusCode::OK
        );
        let csrf = page.hidden("csrf");
        let collection = d.demo.to_string();

        // An answer given before: "same person" for the record and the next one. (The
        // person as linked afresh then, since an answer can move others in or out.)
        let before = c.post_form(
            "/analysis/decisions",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("a", &record),
                ("b", &answered),
                ("verdict", "same"),
            ],
        );
        assert_eq!(before.status, StatusCode::SEE_OTHER);
        let people = people_on_page(&c.get(&path).text);
        let mut person = people
            .iter()
            .find(|p| p.contains(&record))
            .expect("the record is still someone's")
            .clone();
        // The record first, the one answered about second (a decided "same" keeps them
        // together), then the others.
        person.retain(|r| *r != record && *r != answered);
        person.insert(0, answered.clone());
        person.insert(0, record.clone());
        assert!(
            person.len() >= 3,
            "the demonstration has people on three lists"
        );
        let split = |c: &mut crate::harness::Client, csrf: &str, ticked: &[&str]| {
            post_ticked(
                c,
                "/analysis/split",
                &[("csrf", csrf), ("collection", &collection)],
                ticked,
            )
        };
        let undo = |c: &mut crate::harness::Client, edit: &str| {
            c.post_form(
                "/analysis/undo",
                &[("csrf", &csrf), ("collection", &collection), ("edit", edit)],
            )
        };
        let cluster_mates = || {
            let cluster = fresh_clusters(store, d.demo);
            person[1..]
                .iter()
                .filter(|o| cluster[*o] == cluster[&record])
                .count()
        };
        assert_eq!(cluster_mates(), person.len() - 1);

        // Refused, with nothing written: a forged token, a reader who may not analyse,
        // nothing ticked, everyone ticked.
        assert_eq!(
            split(&mut c, "forged", &[&record]).status,
            StatusCode::FORBIDDEN
        );
        let mut viewer = w.signed_in("viewer");
        let vcsrf = viewer.csrf();
        assert_eq!(
            split(&mut viewer, &vcsrf, &[&record]).status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(viewer.get(&path).status, StatusCode::FORBIDDEN);
        let none = split(&mut c, &csrf, &[]);
        assert_eq!(none.status, StatusCode::SEE_OTHER);
        assert!(
            c.get(none.location())
                .text
                .contains("Tick the records that are someone else")
        );
        let ticked_all: Vec<&str> = person.iter().map(String::as_str).collect();
        let all = split(&mut c, &csrf, &ticked_all);
        assert_eq!(all.status, StatusCode::SEE_OTHER);
        assert!(
            c.get(all.location())
                .text
                .contains("Leave at least one record")
        );
        let stranger = people
            .iter()
            .find(|p| !p.contains(&record))
            .expect("someone else")[0]
            .clone();
        assert_eq!(
            split(&mut c, &csrf, &[&record, &stranger]).status,
            StatusCode::BAD_REQUEST,
            "ticked records of two people"
        );
        assert_eq!(
            decisions(store, d.demo).len(),
            1,
            "only the answer given before"
        );

        // Split off: "different" from each of the others, the earlier answer among them
        // as a new version, and the linkage follows, the page too though a linkage was
        // kept before the split.
        let kept = c.post_form(
            "/analysis/keep",
            &[("csrf", &csrf), ("collection", &collection)],
        );
        assert_eq!(kept.status, StatusCode::SEE_OTHER);
        let r = split(&mut c, &csrf, &[&record]);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let recorded = decided(store, d.demo);
        assert_eq!(recorded.len(), person.len() - 1);
        for (pair, verdict, version) in &recorded {
            assert!(pair.contains(&record) && verdict == "different");
            let earlier = *pair == sorted_pair(&record, &person[1]);
            assert_eq!(*version, if earlier { 2 } else { 1 });
        }
        assert_eq!(cluster_mates(), 0, "the record is no one else's now");
        let after = c.get(r.location());
        assert!(after.text.contains("The ticked record was split off"));
        assert!(
            !people_on_page(&after.text)
                .iter()
                .any(|p| p.contains(&record)),
            "the page shows the record with no one"
        );
        assert!(after.text.contains("action=\"/analysis/undo\""));

        // Undone: the earlier answer says "same" again (a third version); the answers
        // the split created are deleted (revisions too), and the model decides again.
        let r = undo(&mut c, &after.hidden("edit"));
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            r.location()
                .contains(&format!("undone={}", person.len() - 1))
        );
        assert!(
            c.get(r.location())
                .text
                .contains("back to what they said before")
        );
        assert_eq!(
            decided(store, d.demo),
            vec![(sorted_pair(&record, &person[1]), "same".to_string(), 3)]
        );
        assert_eq!(cluster_mates(), person.len() - 1);
        // Undoing twice takes nothing more back, and says so.
        let again = undo(&mut c, &after.hidden("edit"));
        assert!(again.location().contains("undone=0"));
        assert!(c.get(again.location()).text.contains("Nothing to undo"));

        // Two records ticked are another person: apart from the rest, together.
        let (x, y) = (person[0].as_str(), person[1].as_str());
        let r = split(&mut c, &csrf, &[x, y]);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let cluster = fresh_clusters(store, d.demo);
        assert_eq!(cluster[x], cluster[y]);
        for other in &person[2..] {
            assert_ne!(cluster[x], cluster[other.as_str()]);
        }
        let shown = c.get(r.location());
        assert!(
            shown
                .text
                .contains("ticked records were split off as another person")
        );
        // The pair already answered "same" was left as it was: undo leaves it too.
        let r = undo(&mut c, &shown.hidden("edit"));
        assert!(
            r.location()
                .contains(&format!("undone={}", 2 * (person.len() - 2)))
        );
        assert_eq!(
            decided(store, d.demo),
            vec![(sorted_pair(&record, &person[1]), "same".to_string(), 3)]
        );
        assert_eq!(cluster_mates(), person.len() - 1);

        // A record alone in its cluster has nothing to be split from.
        let linked: std::collections::HashSet<String> = people_on_page(&c.get(&path).text)
            .into_iter()
            .flatten()
            .collect();
        let (records, _) = memoria_analysis::read_lists(
            store,
            &Actor::system(),
            d.demo,
            &memoria_analysis::record_config(),
        )
        .unwrap();
        if let Some(alone) = (0..records.len())
            .map(|r| records.record(r).id.to_string())
            .find(|id| !linked.contains(id))
            .filter(|_| people.len() < 25)
        {
            assert_eq!(
                split(&mut c, &csrf, &[&alone]).status,
                StatusCode::BAD_REQUEST
            );
        }
    }
}

/// The merge forms of a record's candidates: the other record of each (the form where
/// a reviewer types the other record has none).
fn candidates_on_page(page: &str) -> Vec<String> {
    page.split("action=\"/analysis/merge\"")
        .skip(1)
        .filter_map(|form| {
            let form = &form[..form.find("</form>")?];
            let needle = "name=\"other\" value=\"";
            let start = form.find(needle)? + needle.len();
            Some(form[start..start + 36].to_string())
        })
        .collect()
}

/// The records of the people `ids` are part of, in `cluster`.
fn people_of(cluster: &HashMap<String, u32>, ids: &[&str]) -> std::collections::BTreeSet<String> {
    cluster
        .iter()
        .filter(|(_, c)| ids.iter().any(|id| cluster[*id] == **c))
        .map(|(id, _)| id.clone())
        .collect()
}

/// A reviewer merges two people: every record of both is one person from then on, an
/// earlier "different people" between them included, and undoing the merge brings back
/// exactly what was there before.
#[test]
fn a_reviewer_merges_two_people_and_undoes_it() {
    for backend in Backend::all() {
        let d = demo_world(backend, 300);
        let w = &d.world;
        let store = w.store();
        let mut c = w.signed_in("analyst");
        let path = format!("/analysis/clusters?collection={}", d.demo);
        let page = c.get(&path);
        let csrf = page.hidden("csrf");
        let collection = d.demo.to_string();
        // A record of someone found on several records, with someone else it might be.
        let (record, other, focus) = people_on_page(&page.text)
            .into_iter()
            .flatten()
            .find_map(|record| {
                let focus = c.get(&format!("{path}&record={record}"));
                assert_eq!(focus.status, StatusCode::OK);
                let other = candidates_on_page(&focus.text).into_iter().next()?;
                Some((record, other, focus.text))
            })
            .expect("some record has a candidate outside its cluster");
        assert!(focus.contains("Who else may this be?"));
        let post = |c: &mut crate::harness::Client, to: &str, csrf: &str, other: &str| {
            c.post_form(
                to,
                &[
                    ("csrf", csrf),
                    ("collection", &collection),
                    ("record", &record),
                    ("other", other),
                ],
            )
        };

        // Refused, with nothing written.
        assert_eq!(
            post(&mut c, "/analysis/merge", "forged", &other).status,
            StatusCode::FORBIDDEN
        );
        let mut viewer = w.signed_in("viewer");
        let vcsrf = viewer.csrf();
        assert_eq!(
            post(&mut viewer, "/analysis/merge", &vcsrf, &other).status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            post(&mut c, "/analysis/merge", &csrf, &record).status,
            StatusCode::BAD_REQUEST
        );
        assert!(decisions(store, d.demo).is_empty());

        // An earlier answer the merge overrules: "different people" for the two.
        let r = c.post_form(
            "/analysis/decisions",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("a", &record),
                ("b", &other),
                ("verdict", "different"),
            ],
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let before = fresh_clusters(store, d.demo);
        assert_ne!(before[&record], before[&other]);
        let members = people_of(&before, &[&record, &other]);
        assert!(
            members.len() >= 3,
            "at least one of the two has other records"
        );

        // Merged: "same" from the record to each other record of both people, the
        // earlier answer turned (a second version), and they are one person.
        let r = post(&mut c, "/analysis/merge", &csrf, &other);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        assert!(r.location().contains(&format!("merged={}", members.len())));
        assert!(r.location().contains("overruled=1"));
        let recorded = decided(store, d.demo);
        assert_eq!(recorded.len(), members.len() - 1);
        for (pair, verdict, version) in &recorded {
            assert!(pair.contains(&record) && verdict == "same", "{pair:?}");
            let earlier = *pair == sorted_pair(&record, &other);
            assert_eq!(*version, if earlier { 2 } else { 1 });
        }
        let after = fresh_clusters(store, d.demo);
        assert!(
            members.iter().all(|m| after[m] == after[&record]),
            "every record of both people is one person"
        );
        let shown = c.get(r.location());
        assert!(shown.text.contains("The two people were merged"));
        assert!(shown.text.contains("undoing the merge brings it back"));
        assert!(shown.text.contains("action=\"/analysis/undo\""));
        assert!(
            !candidates_on_page(&shown.text).contains(&other),
            "no longer someone else"
        );
        // The audit log holds each answer written, under the analyst.
        let analyst = store.account_by_name("analyst").unwrap().unwrap().id;
        let log = store.audit_log(0, 100_000).unwrap();
        let decision_ids: std::collections::HashSet<RecordId> = store
            .list(&ListQuery {
                kind: Some(EntityKind::MatchDecision),
                collection: Some(d.demo),
                limit: 100,
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        for id in &decision_ids {
            assert!(
                log.iter()
                    .any(|e| e.record == Some(*id) && e.account == analyst),
                "the write of decision {id} is audited"
            );
        }

        // Undone: "different" again (a third version), the rest deleted, and the
        // linkage is what it was before the merge.
        let r = c.post_form(
            "/analysis/undo",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("edit", &shown.hidden("edit")),
            ],
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            c.get(r.location())
                .text
                .contains("back to what they said before")
        );
        assert_eq!(
            decided(store, d.demo),
            vec![(sorted_pair(&record, &other), "different".to_string(), 3)]
        );
        assert_eq!(fresh_clusters(store, d.demo), before);
        // A forged undo changes nothing.
        assert_eq!(
            c.post_form(
                "/analysis/undo",
                &[
                    ("csrf", "forged"),
                    ("collection", &collection),
                    ("edit", &shown.hidden("edit")),
                ],
            )
            .status,
            StatusCode::FORBIDDEN
        );
    }
}

/// A reviewer who knows two records are one person merges them though no blocking rule
/// put them together: the other record named by its id or its page's address. What
/// names no list record of the collection is said on the page, and nothing is written.
#[test]
fn a_reviewer_merges_a_record_with_one_the_linkage_never_compared() {
    for backend in Backend::all() {
        let d = demo_world(backend, 300);
        let w = &d.world;
        let store = w.store();
        let mut c = w.signed_in("analyst");
        let path = format!("/analysis/clusters?collection={}", d.demo);
        let page = c.get(&path);
        let csrf = page.hidden("csrf");
        let people = people_on_page(&page.text);
        let record = people[0][0].clone();
        let focus = c.get(&format!("{path}&record={record}"));
        assert!(
            focus
                .text
                .contains("Someone the linkage did not compare with this record")
        );
        let candidates = candidates_on_page(&focus.text);
        let other = people[1..]
            .iter()
            .flatten()
            .find(|r| !candidates.contains(r))
            .expect("a record of someone else that is no candidate")
            .clone();
        let before = fresh_clusters(store, d.demo);
        assert_ne!(before[&record], before[&other]);
        let post = |c: &mut crate::harness::Client, other: &str| {
            c.post_form(
                "/analysis/merge",
                &[
                    ("csrf", csrf.as_str()),
                    ("collection", &d.demo.to_string()),
                    ("record", &record),
                    ("other", other),
                    ("typed", "1"),
                ],
            )
        };

        // Nothing that names a list record of the collection merges anything.
        for wrong in [
            "not an id".to_string(),
            "00000000-0000-4000-8000-000000000000".to_string(),
            d.demo.to_string(),
        ] {
            let r = post(&mut c, &wrong);
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{wrong}: {}", r.text);
            assert!(r.location().contains("unknown=1"), "{wrong}");
            let shown = c.get(r.location());
            assert!(
                shown.text.contains("has that id: nothing was merged")
                    && shown.text.contains("aria-invalid=\"true\""),
                "{wrong}"
            );
            assert!(decisions(store, d.demo).is_empty(), "{wrong}");
        }

        // Named by its page's address, as pasted from the browser.
        let r = post(
            &mut c,
            &format!(" http://127.0.0.1:8080/records/{other}#top "),
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let members = people_of(&before, &[&record, &other]);
        assert!(r.location().contains(&format!("merged={}", members.len())));
        let recorded = decided(store, d.demo);
        assert_eq!(recorded.len(), members.len() - 1);
        assert!(
            recorded
                .iter()
                .all(|(_, verdict, version)| verdict == "same" && *version == 1)
        );
        let after = fresh_clusters(store, d.demo);
        assert!(members.iter().all(|m| after[m] == after[&record]));
        assert!(
            c.get(r.location())
                .text
                .contains("action=\"/analysis/undo\"")
        );
    }
}

#[test]
fn only_those_who_may_read_names_and_export_see_the_analysis() {
    let d = demo_world(Backend::Sqlite, 60);
    let w = &d.world;
    let name = some_list_name(w.store(), d.demo);
    for role in ["viewer", "field_researcher"] {
        let mut c = w.signed_in(role);
        for path in [
            "/analysis".to_string(),
            format!("/analysis?collection={}", d.demo),
        ] {
            let r = c.get(&path);
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} {path}");
            assert!(!r.text.contains(&name), "{role}: no name in the refusal");
        }
        let home = c.get("/");
        assert!(
            !home.text.contains("href=\"/analysis\""),
            "{role}: not in the menu"
        );
        assert!(home.text.contains("href=\"/statistics\""));
        // Their statistics of the demonstration collection hold no list value either.
        let stats = c.get(&format!("/statistics?collection={}", d.demo));
        assert_eq!(stats.status, StatusCode::OK);
        assert!(!stats.text.contains(&name));
    }
    assert_eq!(
        audited(w.store(), "viewer", "linkage"),
        0,
        "nothing was read"
    );
}

#[test]
fn a_collection_without_lists_says_so() {
    let w = World::new(Backend::Sqlite);
    let r = w.signed_in("analyst").get("/analysis");
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(
        r.text
            .contains("This collection has no source lists to link")
    );
}

/// A list record's name is data, never markup: one holding a script tag is shown
/// escaped on the clusters view, and neither analysis page carries inline script or
/// style. The review queue offers only pairs in its uncertain band.
#[test]
fn the_analysis_pages_escape_names_and_offer_only_uncertain_pairs() {
    let d = demo_world(Backend::Sqlite, 300);
    let w = &d.world;
    let store = w.store();
    let mut c = w.signed_in("analyst");
    let path = format!("/analysis/clusters?collection={}", d.demo);
    let record: RecordId = people_on_page(&c.get(&path).text)[0][0].parse().unwrap();
    let stored = store.get(record).unwrap().unwrap();
    let Entity::Record(mut r) = stored.entity.clone() else {
        panic!("a list record")
    };
    r.name = Some("<script>alert(1)</script> Antoine <b>Renaud</b>".into());
    let mut tx = store.begin(&Actor::system()).unwrap();
    tx.update(record, stored.version, Entity::Record(r))
        .unwrap();
    tx.commit().unwrap();
    let focus = c.get(&format!("{path}&record={record}"));
    assert_eq!(focus.status, StatusCode::OK);
    assert!(
        focus
            .text
            .contains("&#60;script&#62;alert(1)&#60;/script&#62; Antoine &#60;b&#62;Renaud"),
        "the name is shown, escaped"
    );
    let analysis = c.get(&format!("/analysis?collection={}", d.demo));
    for page in [&focus, &analysis, &c.get(&path)] {
        assert!(
            !page.text.contains("<script"),
            "no script, inline or injected"
        );
        assert!(!page.text.contains("<b>Renaud"));
        assert!(!page.text.contains("style=") && !page.text.contains("<style"));
    }
    // Every pair offered is in the band [30%, 90%).
    let shown: Vec<u32> = analysis
        .text
        .split("<div class=\"pair-probability\">")
        .skip(1)
        .map(|rest| {
            let start = rest.find("<strong>").unwrap() + "<strong>".len();
            let end = rest.find("%</strong>").unwrap();
            rest[start..end].parse().unwrap()
        })
        .collect();
    assert!(!shown.is_empty(), "pairs are offered");
    assert!(shown.iter().all(|&p| (30..=90).contains(&p)), "{shown:?}");
    assert!(
        shown.windows(2).all(|w| w[0] >= w[1]),
        "most likely first: {shown:?}"
    );
}
