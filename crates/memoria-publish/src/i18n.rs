//! The site's languages, from Fluent message files embedded at build time: the same
//! four as the interface, Arabic laid out right to left. A message missing in a
//! language falls back to English (a test checks none is missing).

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Es,
    Fr,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Es, Lang::Fr, Lang::Ar];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::Ar => "ar",
        }
    }

    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Fr => "Français",
            Lang::Ar => "العربية",
        }
    }

    pub fn dir(self) -> &'static str {
        if self == Lang::Ar { "rtl" } else { "ltr" }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en.ftl"),
            Lang::Es => include_str!("../locales/es.ftl"),
            Lang::Fr => include_str!("../locales/fr.ftl"),
            Lang::Ar => include_str!("../locales/ar.ftl"),
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

/// The messages of every language.
pub struct Messages {
    bundles: HashMap<Lang, Bundle>,
}

impl Messages {
    /// Parses the embedded files. A syntax error is a build defect the tests catch.
    pub fn load() -> Messages {
        let bundles = Lang::ALL
            .into_iter()
            .map(|lang| {
                let resource = FluentResource::try_new(lang.source().to_string())
                    .unwrap_or_else(|(_, e)| panic!("locales/{}.ftl: {e:?}", lang.code()));
                let mut bundle =
                    FluentBundle::new_concurrent(vec![lang.code().parse().expect("a tag")]);
                // The pages set `dir`; isolation marks would end up in attribute values.
                bundle.set_use_isolating(false);
                bundle
                    .add_resource(resource)
                    .unwrap_or_else(|e| panic!("locales/{}.ftl: {e:?}", lang.code()));
                (lang, bundle)
            })
            .collect();
        Messages { bundles }
    }

    pub fn get(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        for l in [lang, Lang::En] {
            let bundle = &self.bundles[&l];
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned();
            }
        }
        key.to_string()
    }

    #[cfg(test)]
    fn keys(lang: Lang) -> Vec<String> {
        let mut keys: Vec<String> = lang
            .source()
            .lines()
            .filter_map(|l| l.split_once(" ="))
            .map(|(k, _)| k.trim().to_string())
            .filter(|k| !k.is_empty() && !k.starts_with('#') && !k.starts_with(' '))
            .collect();
        keys.sort();
        keys
    }
}

/// One language's translator, as templates use it.
pub struct Tr<'a> {
    pub lang: Lang,
    pub messages: &'a Messages,
}

impl Tr<'_> {
    pub fn t(&self, key: &str) -> String {
        self.messages.get(self.lang, key, None)
    }

    /// A message with arguments; numbers are passed as numbers so plurals work.
    pub fn ta(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut a = FluentArgs::new();
        for (name, value) in args {
            match value.parse::<f64>() {
                Ok(n) => a.set(name.to_string(), FluentValue::from(n)),
                Err(_) => a.set(name.to_string(), FluentValue::from(value.clone())),
            }
        }
        self.messages.get(self.lang, key, Some(&a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_english_message() {
        let english = Messages::keys(Lang::En);
        let m = Messages::load();
        for lang in Lang::ALL {
            let keys = Messages::keys(lang);
            for k in &english {
                assert!(keys.contains(k), "{} lacks {k}", lang.code());
                assert_ne!(m.get(lang, k, None), "", "{} {k}", lang.code());
            }
        }
    }
}
