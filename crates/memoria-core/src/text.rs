//! Text that may be written in several languages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A text held in one or more languages, keyed by BCP 47 tag (`en`, `es`, `fr`, `ar`, …).
///
/// A `BTreeMap` keeps the languages in a fixed order, so that the same text always
/// serialises to the same bytes (exports are compared byte for byte).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MultiText(pub BTreeMap<String, String>);

impl MultiText {
    pub fn new() -> MultiText {
        MultiText::default()
    }

    /// A text in one language.
    pub fn single(lang: &str, text: impl Into<String>) -> MultiText {
        let mut m = BTreeMap::new();
        m.insert(lang.to_string(), text.into());
        MultiText(m)
    }

    pub fn with(mut self, lang: &str, text: impl Into<String>) -> MultiText {
        self.0.insert(lang.to_string(), text.into());
        self
    }

    /// The text in `lang`, else in English, else in whichever language comes first.
    pub fn best(&self, lang: &str) -> Option<&str> {
        self.0
            .get(lang)
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.values().all(|t| t.trim().is_empty())
    }
}
