//! SVG charts: well-formed, escaped, accessible, safe under a strict content security
//! policy, mirrored for right-to-left languages.

use expect_test::expect;
use memoria_core::Edtf;
use memoria_core::edtf::Day;
use memoria_estimate::chart::{self, Bar, ChartOptions, Point};
use memoria_estimate::describe::{self, Granularity, Item, Mode, Periods, When};
use quick_xml::XmlVersion;
use quick_xml::events::Event;

/// An element of a parsed chart.
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self) -> Vec<&Element> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.all());
        }
        out
    }

    fn with_class(&self, class: &str) -> Vec<&Element> {
        self.all()
            .into_iter()
            .filter(|e| e.attribute("class") == Some(class))
            .collect()
    }
}

/// Parses `svg` as XML, failing on anything ill-formed: mismatched or unclosed tags,
/// unknown entities, bad attributes, characters XML forbids, more than one root.
fn parse(svg: &str) -> Element {
    assert!(
        !svg.chars()
            .any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')),
        "a character XML forbids"
    );
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let element = Element {
                    name: e.name().as_ref().to_string(),
                    attributes: e
                        .attributes()
                        .map(|a| {
                            let a = a.expect("well-formed attribute");
                            let key = a.key.as_ref().to_string();
                            let value = a
                                .normalized_value(XmlVersion::Implicit1_0)
                                .expect("entities");
                            (key, value.into_owned())
                        })
                        .collect(),
                    children: vec![],
                    text: String::new(),
                };
                stack.push(element);
                if empty {
                    close(&mut stack, &mut root);
                }
            }
            Event::End(_) => close(&mut stack, &mut root),
            Event::Text(t) => {
                let text = t.xml10_content();
                match stack.last_mut() {
                    Some(e) => e.text.push_str(&text),
                    None => assert!(text.trim().is_empty(), "text outside the root"),
                }
            }
            Event::GeneralRef(r) => {
                let c = match &*r.into_inner() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unknown entity &{other};"),
                };
                stack.last_mut().expect("inside the root").text.push(c);
            }
            Event::Eof => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(stack.is_empty(), "unclosed elements");
    root.expect("a root element")
}

fn close(stack: &mut Vec<Element>, root: &mut Option<Element>) {
    let done = stack.pop().expect("an open element");
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None => {
            assert!(root.is_none(), "more than one root element");
            *root = Some(done);
        }
    }
}

/// What a strict content security policy and a careful publisher require of a chart.
#[track_caller]
fn assert_safe_and_accessible(svg: &str) -> Element {
    let root = parse(svg);
    assert_eq!(root.name, "svg");
    assert_eq!(root.attribute("xmlns"), Some("http://www.w3.org/2000/svg"));
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("viewBox").is_some());
    assert!(root.attribute("width").is_none(), "scales to its container");
    assert_eq!(root.children[0].name, "title");
    assert_eq!(root.children[1].name, "desc");
    for e in root.all() {
        assert!(
            !matches!(
                e.name.as_str(),
                "script" | "style" | "foreignObject" | "a" | "image" | "use" | "iframe"
            ),
            "forbidden element {}",
            e.name
        );
        for (k, v) in &e.attributes {
            assert!(!k.starts_with("on"), "event handler {k}");
            assert!(k != "style", "inline style");
            assert!(!k.ends_with("href"), "reference {k}");
            assert!(!v.contains("url("), "reference in {k}");
        }
    }
    root
}

fn anchors(root: &Element, class: &str) -> Vec<String> {
    root.with_class(class)
        .iter()
        .filter(|e| e.name == "text")
        .map(|e| e.attribute("text-anchor").unwrap().to_string())
        .collect()
}

const HOSTILE: &str = "<script>alert(1)</script>&\"' \u{1}";

#[test]
fn bars_are_well_formed_escaped_and_safe() {
    let bars = [
        Bar {
            label: HOSTILE,
            value: 47.0,
        },
        Bar {
            label: "torture",
            value: 12.0,
        },
    ];
    let mut options = ChartOptions::new("Acts by <type> & \"kind\"", HOSTILE);
    options.note = Some(HOSTILE);
    let svg = chart::bars(&bars, &options);
    assert!(!svg.contains("<script"), "{svg}");
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos;"));
    let root = assert_safe_and_accessible(&svg);
    assert_eq!(root.children[0].text, "Acts by <type> & \"kind\"");
    assert_eq!(root.children[1].text, "<script>alert(1)</script>&\"' ");
    assert_eq!(root.with_class("bar").len(), 2);
    assert_eq!(
        root.with_class("note")[0].text,
        "<script>alert(1)</script>&\"' "
    );
    // Round ticks up to the largest value.
    let ticks: Vec<&str> = root
        .with_class("label")
        .iter()
        .map(|e| e.text.as_str())
        .take(6)
        .collect();
    assert_eq!(ticks, ["0", "10", "20", "30", "40", "50"]);
}

#[test]
fn right_to_left_flips_bars_and_anchors() {
    let bars = [
        Bar {
            label: "قتل",
            value: 30.0,
        },
        Bar {
            label: "تعذيب",
            value: 10.0,
        },
    ];
    let ltr = parse(&chart::bars(&bars, &ChartOptions::new("t", "d")));
    let mut options = ChartOptions::new("عدد الأفعال", "d");
    options.right_to_left = true;
    options.lang = Some("ar");
    let svg = chart::bars(&bars, &options);
    let rtl = assert_safe_and_accessible(&svg);
    assert_eq!(rtl.attribute("lang"), Some("ar"));

    assert_eq!(anchors(&ltr, "title"), ["start"]);
    assert_eq!(anchors(&rtl, "title"), ["end"]);
    assert_eq!(anchors(&ltr, "value"), ["start", "start"]);
    assert_eq!(anchors(&rtl, "value"), ["end", "end"]);
    let category = |root: &Element| -> Vec<String> {
        anchors(root, "label")
            .into_iter()
            .skip(root.with_class("grid").len())
            .collect()
    };
    assert_eq!(category(&ltr), ["end", "end"]);
    assert_eq!(category(&rtl), ["start", "start"]);

    // Mirrored: each bar spans the mirror image of its left-to-right self, growing
    // leftwards from a right-hand origin.
    let geometry = |root: &Element| -> Vec<(f64, f64)> {
        root.with_class("bar")
            .iter()
            .map(|b| {
                let n = |k| b.attribute(k).unwrap().parse::<f64>().unwrap();
                (n("x"), n("x") + n("width"))
            })
            .collect()
    };
    let (l, r) = (geometry(&ltr), geometry(&rtl));
    for ((l0, l1), (r0, r1)) in l.iter().zip(&r) {
        assert!((r0 - (640.0 - l1)).abs() < 0.11 && (r1 - (640.0 - l0)).abs() < 0.11);
    }
    assert_eq!(r[0].1, r[1].1, "one right-hand origin");
    // Texts are isolated right to left so that mixed labels read in order.
    assert!(svg.contains("\u{2067}قتل\u{2069}"));
}

#[test]
fn the_caller_writes_the_numbers() {
    let arabic = |v: f64| -> String {
        chart::plain(v)
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0x0660 + d).unwrap(),
                None => c,
            })
            .collect()
    };
    let mut options = ChartOptions::new("t", "d");
    options.number = &arabic;
    let svg = chart::bars(
        &[Bar {
            label: "x",
            value: 25.0,
        }],
        &options,
    );
    let root = assert_safe_and_accessible(&svg);
    assert_eq!(root.with_class("value")[0].text, "٢٥");
    assert_eq!(chart::plain(2.25), "2.3");
    assert_eq!(chart::plain(2.96), "3");
    assert_eq!(chart::plain(-0.0), "0");
}

#[test]
fn a_time_series_shows_the_band_of_uncertain_dates() {
    let items: Vec<Item> = [
        "1999",
        "1999-03-04",
        "1999-03",
        "2000-01/2000-03",
        "2000-08-01",
    ]
    .iter()
    .map(|d| Item::new(When::from(&Edtf::parse(d).unwrap())))
    .chain([Item::new(When::Undated)])
    .collect();
    let periods = Periods::covering(&items, Granularity::Quarter).unwrap();
    let counts = describe::by_period(&items, &periods);
    let labels = periods.labels();

    let mut options = ChartOptions::new("Acts per quarter", "Documented acts, 1999–2000");
    options.note = Some("1 act without a date is not shown");
    let band = chart::time_series(&chart::points(&counts, &labels, Mode::Band), &options);
    let root = assert_safe_and_accessible(&band);
    assert_eq!(root.with_class("band").len(), 1);
    assert_eq!(root.with_class("line").len(), 1);
    assert_eq!(root.with_class("point").len(), 7);
    assert!(root.with_class("axis").len() >= 2);
    let first = &root.with_class("point")[0].children[0].text;
    assert_eq!(first, "1999-Q1: 2.2 (2–3)");
    // The band polygon runs along the top and back along the bottom: two corners a period.
    let corners = root.with_class("band")[0]
        .attribute("points")
        .unwrap()
        .split(' ')
        .count();
    assert_eq!(corners, 14);

    let spread = chart::time_series(&chart::points(&counts, &labels, Mode::Spread), &options);
    let root = assert_safe_and_accessible(&spread);
    assert!(root.with_class("band").is_empty());

    // Right to left, time runs from the right.
    options.right_to_left = true;
    let rtl = assert_safe_and_accessible(&chart::time_series(
        &chart::points(&counts, &labels, Mode::Spread),
        &options,
    ));
    let x_of_first = |root: &Element| -> f64 {
        root.with_class("point")[0]
            .attribute("cx")
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(x_of_first(&rtl) > x_of_first(&root));
    assert_eq!(anchors(&rtl, "note"), ["end"]);
    assert_eq!(anchors(&root, "note"), ["start"]);
}

#[test]
fn long_series_thin_their_labels_and_empty_ones_still_draw() {
    let periods = Periods::new(
        Granularity::Month,
        Day::new(1990, 1, 1).unwrap(),
        Day::new(2009, 12, 31).unwrap(),
    )
    .unwrap();
    let items = [Item::new(When::from(&Edtf::parse("1995").unwrap()))];
    let counts = describe::by_period(&items, &periods);
    let labels = periods.labels();
    let svg = chart::time_series(
        &chart::points(&counts, &labels, Mode::Band),
        &ChartOptions::new("t", "d"),
    );
    let root = assert_safe_and_accessible(&svg);
    let period_labels = root
        .with_class("label")
        .iter()
        .filter(|e| e.attribute("text-anchor") == Some("middle"))
        .count();
    assert!(period_labels <= 12, "{period_labels}");
    assert!(root.with_class("point").is_empty());

    let empty = chart::time_series(&[], &ChartOptions::new("t", "d"));
    assert_safe_and_accessible(&empty);
    let one = chart::time_series(
        &[Point {
            label: "1999",
            value: 0.0,
            band: Some((0.0, 0.0)),
        }],
        &ChartOptions::new("t", "d"),
    );
    assert_safe_and_accessible(&one);
    assert_safe_and_accessible(&chart::bars(&[], &ChartOptions::new("t", "d")));
}

#[test]
fn a_tiny_bar_chart() {
    let mut options = ChartOptions::new("Acts by type", "Killings and torture");
    options.lang = Some("en\" onload=\"x");
    let svg = chart::bars(
        &[
            Bar {
                label: "killing",
                value: 3.0,
            },
            Bar {
                label: "torture",
                value: 1.5,
            },
        ],
        &options,
    );
    assert_safe_and_accessible(&svg);
    expect![[r##"
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 124" role="img" class="chart chart-bars" font-family="sans-serif" font-size="12">
        <title>Acts by type</title>
        <desc>Killings and torture</desc>
        <text class="title" x="8" y="22" text-anchor="start" fill="#222" font-size="16">Acts by type</text>
        <line class="grid" x1="208" y1="36" x2="208" y2="96" stroke="#ddd" stroke-width="1"/>
        <text class="label" x="208" y="112" text-anchor="middle" fill="#222">0</text>
        <line class="grid" x1="330.7" y1="36" x2="330.7" y2="96" stroke="#ddd" stroke-width="1"/>
        <text class="label" x="330.7" y="112" text-anchor="middle" fill="#222">1</text>
        <line class="grid" x1="453.3" y1="36" x2="453.3" y2="96" stroke="#ddd" stroke-width="1"/>
        <text class="label" x="453.3" y="112" text-anchor="middle" fill="#222">2</text>
        <line class="grid" x1="576" y1="36" x2="576" y2="96" stroke="#ddd" stroke-width="1"/>
        <text class="label" x="576" y="112" text-anchor="middle" fill="#222">3</text>
        <g>
        <title>killing: 3</title>
        <rect class="bar" x="208" y="45" width="368" height="18" fill="#4a6fa5"/>
        <text class="label" x="200" y="58" text-anchor="end" fill="#222">killing</text>
        <text class="value" x="580" y="58" text-anchor="start" fill="#222">3</text>
        </g>
        <g>
        <title>torture: 1.5</title>
        <rect class="bar" x="208" y="73" width="184" height="18" fill="#4a6fa5"/>
        <text class="label" x="200" y="86" text-anchor="end" fill="#222">torture</text>
        <text class="value" x="396" y="86" text-anchor="start" fill="#222">1.5</text>
        </g>
        <line class="axis" x1="208" y1="36" x2="208" y2="96" stroke="#555" stroke-width="1"/>
        </svg>"##]]
    .assert_eq(&svg.replace("><", ">\n<"));
}
