//! Controlled vocabularies (thesauri): hierarchical, multilingual lists of terms with
//! stable codes.
//!
//! A term is never deleted, only deprecated (optionally pointing at its replacement),
//! because old records keep the code they were written with. Labels change freely;
//! codes never do.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::text::MultiText;

/// The codes of the vocabularies that Memoria's own fields draw from.
pub mod well_known {
    pub const VIOLATION_TYPES: &str = "violation-types";
    pub const METHODS: &str = "methods";
    pub const PERPETRATOR_TYPES: &str = "perpetrator-types";
    pub const ORGANIZATION_TYPES: &str = "organization-types";
    pub const SOURCE_TYPES: &str = "source-types";
    pub const INTERVENTION_TYPES: &str = "intervention-types";
    pub const INTERVENTION_STATUS: &str = "intervention-status";
    pub const SEX: &str = "sex";
    pub const RIGHTS: &str = "rights";
}

/// The languages every default vocabulary is written in.
pub const DEFAULT_LANGUAGES: [&str; 4] = ["en", "es", "fr", "ar"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    pub code: String,
    pub labels: MultiText,
    #[serde(default, skip_serializing_if = "MultiText::is_empty")]
    pub description: MultiText,
    /// Terms in display order.
    #[serde(default)]
    pub terms: Vec<Term>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub code: String,
    pub labels: MultiText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// What the term covers and where it stops (a scope note), or the legal provisions
    /// it rests on. Optional, and often in English only.
    #[serde(default, skip_serializing_if = "MultiText::is_empty")]
    pub description: MultiText,
}

impl Term {
    /// A current, top-level term with no description.
    pub fn new(code: impl Into<String>, labels: MultiText) -> Term {
        Term {
            code: code.into(),
            labels,
            parent: None,
            deprecated: false,
            replaced_by: None,
            description: MultiText::new(),
        }
    }
}

impl Vocabulary {
    pub fn term(&self, code: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.code == code)
    }

    /// The term whose code or label (in any language) matches `word`, ignoring case
    /// and surrounding spaces. Used by importers to map a spreadsheet's words.
    pub fn find(&self, word: &str) -> Option<&Term> {
        let w = word.trim().to_lowercase();
        self.terms
            .iter()
            .find(|t| t.code.to_lowercase() == w)
            .or_else(|| {
                self.terms
                    .iter()
                    .find(|t| t.labels.0.values().any(|l| l.trim().to_lowercase() == w))
            })
    }

    /// The terms whose parent is `code`, in display order.
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Term> + 'a {
        self.terms
            .iter()
            .filter(move |t| t.parent.as_deref() == Some(code))
    }

    /// The parent of `code`, its parent, and so on up to a top-level term; empty when
    /// `code` is not in the vocabulary or has no parent. A dangling parent ends the
    /// walk, and a cycle is walked once round (see [`Vocabulary::problems`]), so that a
    /// broken vocabulary still answers.
    pub fn ancestors(&self, code: &str) -> Vec<&Term> {
        let mut out: Vec<&Term> = Vec::new();
        let mut cur = self.term(code).and_then(|t| t.parent.as_deref());
        while let Some(c) = cur {
            let Some(t) = self.term(c) else { break };
            if t.code == code || out.iter().any(|a| a.code == t.code) {
                break;
            }
            out.push(t);
            cur = t.parent.as_deref();
        }
        out
    }

    /// Problems with the vocabulary itself: duplicate codes, parents that do not exist,
    /// cycles, replacements that do not exist.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = BTreeMap::new();
        for t in &self.terms {
            if seen.insert(t.code.as_str(), t).is_some() {
                out.push(format!("term code {:?} appears twice", t.code));
            }
        }
        for t in &self.terms {
            if let Some(p) = &t.parent
                && !seen.contains_key(p.as_str())
            {
                out.push(format!(
                    "term {:?} has parent {:?}, which is not in the vocabulary",
                    t.code, p
                ));
            }
            if let Some(r) = &t.replaced_by
                && !seen.contains_key(r.as_str())
            {
                out.push(format!(
                    "term {:?} is replaced by {:?}, which is not in the vocabulary",
                    t.code, r
                ));
            }
            // Walk up the parents; more steps than terms means a cycle.
            let mut cur = t.parent.as_deref();
            let mut steps = 0;
            while let Some(c) = cur {
                steps += 1;
                if steps > self.terms.len() {
                    out.push(format!("term {:?} is its own ancestor", t.code));
                    break;
                }
                cur = seen.get(c).and_then(|p| p.parent.as_deref());
            }
        }
        out
    }
}

/// The vocabularies in force for a collection, by code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VocabularySet {
    vocabularies: BTreeMap<String, Vocabulary>,
}

impl VocabularySet {
    pub fn new() -> VocabularySet {
        VocabularySet::default()
    }

    /// Adds or replaces a vocabulary.
    pub fn insert(&mut self, v: Vocabulary) {
        self.vocabularies.insert(v.code.clone(), v);
    }

    pub fn get(&self, code: &str) -> Option<&Vocabulary> {
        self.vocabularies.get(code)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Vocabulary> {
        self.vocabularies.values()
    }

    /// Whether `term` is a code of vocabulary `vocab`, deprecated or not: records written
    /// before a term was deprecated keep its code, and they must stay valid. Use
    /// [`VocabularySet::is_deprecated`] to steer new entries away from such codes.
    /// A vocabulary that is not loaded accepts nothing.
    pub fn has_term(&self, vocab: &str, term: &str) -> bool {
        self.get(vocab).and_then(|v| v.term(term)).is_some()
    }

    /// Whether `term` is a deprecated code of vocabulary `vocab`. False for a code that is
    /// not there at all: [`VocabularySet::has_term`] answers that.
    pub fn is_deprecated(&self, vocab: &str, term: &str) -> bool {
        self.get(vocab)
            .and_then(|v| v.term(term))
            .is_some_and(|t| t.deprecated)
    }
}

/// The vocabularies Memoria ships, written for it, in English, Spanish, French and Arabic.
pub fn defaults() -> VocabularySet {
    let mut set = VocabularySet::new();
    for (name, text) in DEFAULT_FILES {
        let v: Vocabulary = toml::from_str(text)
            .unwrap_or_else(|e| panic!("shipped vocabulary {name} does not parse: {e}"));
        set.insert(v);
    }
    set
}

/// The shipped vocabulary files, embedded at build time so that the binary needs no
/// data directory. One file per code in [`well_known`].
const DEFAULT_FILES: &[(&str, &str)] = &[
    (
        "violation-types.toml",
        include_str!("../vocabularies/violation-types.toml"),
    ),
    ("methods.toml", include_str!("../vocabularies/methods.toml")),
    (
        "perpetrator-types.toml",
        include_str!("../vocabularies/perpetrator-types.toml"),
    ),
    (
        "organization-types.toml",
        include_str!("../vocabularies/organization-types.toml"),
    ),
    (
        "source-types.toml",
        include_str!("../vocabularies/source-types.toml"),
    ),
    (
        "intervention-types.toml",
        include_str!("../vocabularies/intervention-types.toml"),
    ),
    (
        "intervention-status.toml",
        include_str!("../vocabularies/intervention-status.toml"),
    ),
    ("sex.toml", include_str!("../vocabularies/sex.toml")),
    ("rights.toml", include_str!("../vocabularies/rights.toml")),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped file, parsed on its own so that a failure names the file.
    fn shipped() -> Vec<(&'static str, Vocabulary)> {
        DEFAULT_FILES
            .iter()
            .map(|(name, text)| {
                let v: Vocabulary =
                    toml::from_str(text).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
                (*name, v)
            })
            .collect()
    }

    fn is_kebab_case(code: &str) -> bool {
        !code.is_empty()
            && !code.starts_with('-')
            && !code.ends_with('-')
            && !code.contains("--")
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    fn is_arabic_letter(c: char) -> bool {
        c.is_alphabetic()
            && matches!(c as u32,
                0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
    }

    #[test]
    fn every_default_file_parses_and_is_named_after_its_code() {
        for (name, v) in shipped() {
            assert_eq!(
                name,
                format!("{}.toml", v.code),
                "file name and code differ"
            );
        }
    }

    #[test]
    fn every_well_known_vocabulary_is_shipped_once() {
        let set = defaults();
        for code in [
            well_known::VIOLATION_TYPES,
            well_known::METHODS,
            well_known::PERPETRATOR_TYPES,
            well_known::ORGANIZATION_TYPES,
            well_known::SOURCE_TYPES,
            well_known::INTERVENTION_TYPES,
            well_known::INTERVENTION_STATUS,
            well_known::SEX,
            well_known::RIGHTS,
        ] {
            let v = set
                .get(code)
                .unwrap_or_else(|| panic!("{code} is not shipped"));
            assert!(!v.terms.is_empty(), "{code} has no terms");
        }
        // Two files with the same code would silently replace one another.
        assert_eq!(set.iter().count(), DEFAULT_FILES.len());
    }

    /// serde ignores keys it does not know, so a misspelt `replaced-by` or `labes` would
    /// vanish without a word. Check the raw TOML instead.
    #[test]
    fn default_files_use_only_known_keys() {
        const TOP: [&str; 4] = ["code", "labels", "description", "terms"];
        const TERM: [&str; 6] = [
            "code",
            "labels",
            "parent",
            "deprecated",
            "replaced_by",
            "description",
        ];
        for (name, text) in DEFAULT_FILES {
            let table: toml::Table = toml::from_str(text).unwrap();
            for (k, v) in &table {
                assert!(TOP.contains(&k.as_str()), "{name}: unknown key {k:?}");
                if k == "labels" || k == "description" {
                    for lang in v.as_table().unwrap().keys() {
                        assert!(
                            DEFAULT_LANGUAGES.contains(&lang.as_str()),
                            "{name}: language {lang:?}"
                        );
                    }
                }
            }
            for term in table["terms"].as_array().unwrap() {
                let term = term.as_table().unwrap();
                for (k, v) in term {
                    assert!(
                        TERM.contains(&k.as_str()),
                        "{name}: term {:?}: unknown key {k:?}",
                        term["code"]
                    );
                    if k == "labels" || k == "description" {
                        for lang in v.as_table().unwrap().keys() {
                            assert!(
                                DEFAULT_LANGUAGES.contains(&lang.as_str()),
                                "{name}: term {:?}: language {lang:?}",
                                term["code"]
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn default_vocabularies_have_no_problems() {
        for (name, v) in shipped() {
            assert_eq!(v.problems(), Vec::<String>::new(), "{name}");
            for t in &v.terms {
                // A replacement only makes sense on a deprecated term.
                assert!(
                    t.replaced_by.is_none() || t.deprecated,
                    "{name}: {}",
                    t.code
                );
            }
        }
    }

    #[test]
    fn every_label_is_written_in_the_four_languages() {
        for (name, v) in shipped() {
            for lang in DEFAULT_LANGUAGES {
                let l = v.labels.0.get(lang).map(|s| s.trim()).unwrap_or("");
                assert!(!l.is_empty(), "{name}: the vocabulary has no {lang} label");
                let d = v.description.0.get(lang).map(|s| s.trim()).unwrap_or("");
                assert!(
                    !d.is_empty(),
                    "{name}: the vocabulary has no {lang} description"
                );
                for t in &v.terms {
                    let l = t.labels.0.get(lang).map(|s| s.trim()).unwrap_or("");
                    assert!(!l.is_empty(), "{name}: term {} has no {lang} label", t.code);
                    assert_eq!(l, t.labels.0[lang], "{name}: {}: stray spaces", t.code);
                }
            }
        }
    }

    #[test]
    fn arabic_labels_are_in_arabic_script() {
        let check = |name: &str, what: &str, text: &str| {
            assert!(
                text.chars().any(is_arabic_letter),
                "{name}: {what}: {text:?} has no Arabic letter"
            );
            assert!(
                !text.chars().any(|c| c.is_ascii_alphabetic()),
                "{name}: {what}: {text:?} has Latin letters"
            );
        };
        for (name, v) in shipped() {
            check(name, "vocabulary label", &v.labels.0["ar"]);
            check(name, "vocabulary description", &v.description.0["ar"]);
            for t in &v.terms {
                check(name, &t.code, &t.labels.0["ar"]);
            }
        }
    }

    #[test]
    fn codes_are_unique_kebab_case() {
        for (name, v) in shipped() {
            assert!(
                is_kebab_case(&v.code),
                "{name}: vocabulary code {:?}",
                v.code
            );
            let mut seen = std::collections::BTreeSet::new();
            for t in &v.terms {
                assert!(is_kebab_case(&t.code), "{name}: term code {:?}", t.code);
                assert!(seen.insert(&t.code), "{name}: {:?} twice", t.code);
            }
        }
    }

    /// Importers map a spreadsheet's words with `find`, so each label, in any language,
    /// must lead back to its own term and to no other.
    #[test]
    fn find_maps_every_label_back_to_its_code() {
        for (name, v) in shipped() {
            for t in &v.terms {
                for (lang, label) in &t.labels.0 {
                    for word in [label.clone(), label.to_uppercase(), format!("  {label} ")] {
                        let found = v.find(&word).map(|f| f.code.as_str());
                        assert_eq!(found, Some(t.code.as_str()), "{name}: {lang} {word:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn find_examples() {
        let set = defaults();
        let find =
            |vocab: &str, word: &str| set.get(vocab).unwrap().find(word).map(|t| t.code.clone());
        let vt = well_known::VIOLATION_TYPES;
        assert_eq!(find(vt, "Tortura").as_deref(), Some("torture"));
        assert_eq!(find(vt, "التعذيب").as_deref(), Some("torture"));
        assert_eq!(
            find(vt, "disparition forcée").as_deref(),
            Some("enforced-disappearance")
        );
        assert_eq!(find(vt, " Viol ").as_deref(), Some("rape"));
        assert_eq!(
            find(vt, "Detención arbitraria").as_deref(),
            Some("arbitrary-detention")
        );
        assert_eq!(find(vt, "killing").as_deref(), Some("killing"));
        assert_eq!(find(vt, "no such thing"), None);
        assert_eq!(find(well_known::SEX, "أنثى").as_deref(), Some("female"));
        assert_eq!(
            find(well_known::RIGHTS, "Droit à la vie").as_deref(),
            Some("life")
        );
        assert_eq!(
            find(well_known::METHODS, "Arma de fuego").as_deref(),
            Some("firearm")
        );
    }

    fn term(code: &str, parent: Option<&str>) -> Term {
        let mut t = Term::new(code, MultiText::single("en", code));
        t.parent = parent.map(str::to_string);
        t
    }

    #[test]
    fn deprecated_codes_stay_valid() {
        let mut old = term("old", None);
        old.deprecated = true;
        old.replaced_by = Some("new".into());
        let v = Vocabulary {
            code: "test".into(),
            labels: MultiText::single("en", "Test"),
            description: MultiText::new(),
            terms: vec![old, term("new", None)],
        };
        assert!(v.problems().is_empty());
        let mut set = VocabularySet::new();
        set.insert(v);
        assert!(set.has_term("test", "old"));
        assert!(set.is_deprecated("test", "old"));
        assert!(set.has_term("test", "new"));
        assert!(!set.is_deprecated("test", "new"));
        assert!(!set.has_term("test", "gone"));
        assert!(!set.is_deprecated("test", "gone"));
        assert!(!set.has_term("elsewhere", "old"));
        assert!(!set.is_deprecated("elsewhere", "old"));
    }

    #[test]
    fn children_and_ancestors() {
        let set = defaults();
        let v = set.get(well_known::VIOLATION_TYPES).unwrap();
        let codes = |ts: Vec<&Term>| ts.iter().map(|t| t.code.clone()).collect::<Vec<_>>();
        assert_eq!(
            codes(v.children("killing").collect()),
            [
                "extrajudicial-execution",
                "killing-of-civilians",
                "death-in-custody"
            ]
        );
        assert_eq!(codes(v.children("rape").collect()), Vec::<String>::new());
        assert_eq!(
            codes(v.ancestors("death-in-custody")),
            ["killing", "right-to-life-violations"]
        );
        assert_eq!(
            codes(v.ancestors("enforced-disappearance")),
            Vec::<String>::new()
        );
        assert_eq!(codes(v.ancestors("no-such-term")), Vec::<String>::new());

        // A broken vocabulary (a cycle, a dangling parent) still answers.
        let broken = Vocabulary {
            code: "broken".into(),
            labels: MultiText::single("en", "Broken"),
            description: MultiText::new(),
            terms: vec![
                term("a", Some("b")),
                term("b", Some("c")),
                term("c", Some("a")),
                term("d", Some("x")),
            ],
        };
        assert_eq!(broken.problems().len(), 4);
        assert_eq!(codes(broken.ancestors("a")), ["b", "c"]);
        assert_eq!(codes(broken.ancestors("d")), Vec::<String>::new());
    }

    /// Codes are never removed or renamed (old records hold them). This snapshot makes
    /// any change to the shipped codes deliberate: update it with `UPDATE_EXPECT=1`
    /// only when adding terms.
    #[test]
    fn shipped_codes() {
        let mut out = String::new();
        for v in defaults().iter() {
            out.push_str(&format!("{} ({} terms)\n", v.code, v.terms.len()));
            for t in &v.terms {
                let depth = v.ancestors(&t.code).len();
                out.push_str(&format!("{}{}\n", "  ".repeat(depth + 1), t.code));
            }
        }
        expect_test::expect![[r#"
            intervention-status (8 terms)
              planned
              submitted
              acknowledged
              response-received
              follow-up-due
              closed-with-outcome
              closed-without-response
              cancelled
            intervention-types (20 terms)
              urgent-appeal
              letter-to-authority
              complaint-to-authority
              meeting-with-officials
              litigation
                habeas-corpus
              trial-observation
              international-mechanism
                special-procedures-communication
                treaty-body-complaint
                treaty-body-report
                upr-submission
                regional-mechanism
                icc-communication
              media-work
              public-campaign
              publication
              assistance-to-victims
              referral
              other
            methods (26 terms)
              firearm
              explosive-weapon
                airstrike
                drone-strike
                shelling
                improvised-explosive-device
                landmine
              chemical-weapon
              less-lethal-weapon
              bladed-weapon
              beating
              burning
              strangulation
              suffocation
              electric-shock
              stress-positions
              mutilation
              sexual-violence
              poisoning
              starvation
              sleep-deprivation
              solitary-confinement
              denial-of-medical-care
              psychological-violence
              other
              unknown
            organization-types (27 terms)
              state-institution
                government-body
                military-unit
                police-unit
                intelligence-agency
                detention-facility
                court
                legislature
                local-authority
                national-human-rights-institution
              paramilitary-group
              non-state-armed-group
              criminal-organization
              company
                private-security-company
                media-outlet
              political-party
              ngo
                human-rights-organization
                community-organization
              trade-union
              religious-organization
              international-organization
                un-body
                regional-organization
              foreign-government
              other
            perpetrator-types (17 terms)
              state-actor
                security-forces
                  police
                  military
                  intelligence-services
                  border-guards
                  prison-staff
                public-officials
              paramilitary
              foreign-forces
              non-state-armed-group
              criminal-group
              private-security
              business-enterprise
              private-individual
              unidentified
              other
            rights (32 terms)
              life
              freedom-from-torture
              freedom-from-enforced-disappearance
              liberty-and-security
              humane-treatment-in-detention
              freedom-from-slavery
              recognition-as-a-person
              fair-trial
              effective-remedy
              truth
              privacy
              movement
              asylum
              nationality
              family
              property
              thought-conscience-religion
              expression
              assembly
              association
              political-participation
              non-discrimination
              rights-of-the-child
              work
              adequate-standard-of-living
                food
                water-and-sanitation
                housing
              health
              education
              cultural-life
              healthy-environment
            sex (5 terms)
              female
              male
              intersex
              other
              unknown
            source-types (20 terms)
              testimony
                victim-testimony
                witness-testimony
                relative-testimony
                insider-testimony
              official-document
                official-statement
                court-record
              leaked-document
              medical-record
              forensic-report
              media-report
              ngo-report
              un-report
              academic-publication
              social-media-post
              photo-or-video
              audio-recording
              satellite-imagery
              other
            violation-types (46 terms)
              right-to-life-violations
                killing
                  extrajudicial-execution
                  killing-of-civilians
                  death-in-custody
                attempted-killing
              enforced-disappearance
              torture-and-ill-treatment
                torture
                ill-treatment
              sexual-and-gender-based-violence
                rape
                sexual-slavery
                forced-marriage
                other-sexual-violence
              right-to-liberty-violations
                arbitrary-detention
                abduction
                hostage-taking
              unfair-trial
              forced-displacement
                forced-eviction
                deportation-or-forcible-transfer
              unlawful-attacks
                indiscriminate-attack
                attack-on-civilian-objects
                attack-on-medical-care
                attack-on-education
                attack-on-humanitarian-personnel
                denial-of-humanitarian-access
              recruitment-and-use-of-children
              destruction-of-property
              pillage
              fundamental-freedoms
                restriction-of-expression
                restriction-of-assembly
                restriction-of-association
                restriction-of-movement
                restriction-of-religion
                arbitrary-interference-with-privacy
              threats-and-harassment
                death-threat
                harassment-and-intimidation
                judicial-harassment
              discrimination
              other
        "#]]
        .assert_eq(&out);
    }
}
