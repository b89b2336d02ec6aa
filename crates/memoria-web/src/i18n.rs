//! The interface's languages, from Fluent message files embedded at build time.
//!
//! English is complete by construction (tests check every other language has every
//! English message); a message missing in another language falls back to English rather
//! than showing a key. Arabic pages are laid out right to left.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
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

    /// The language's own name, as a language menu shows it.
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

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The first supported language of an `Accept-Language` header, for pages shown
    /// before sign-in.
    /// The language of a request: the cookie set at sign-in or on the account page,
    /// else the browser's preference.
    pub fn from_cookie_or_header(headers: &axum::http::HeaderMap) -> Lang {
        crate::extract::cookie(headers, crate::routes::LANG_COOKIE)
            .and_then(Lang::from_code)
            .unwrap_or_else(|| {
                Lang::negotiate(
                    headers
                        .get(axum::http::header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or(""),
                )
            })
    }

    pub fn negotiate(accept_language: &str) -> Lang {
        accept_language
            .split(',')
            .filter_map(|part| part.split(';').next())
            .filter_map(|tag| Lang::from_code(tag.trim().split('-').next().unwrap_or("")))
            .next()
            .unwrap_or_default()
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

pub struct I18n {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl I18n {
    /// Parses the embedded message files. A syntax error in one is a build defect that
    /// the test suite catches, so it panics rather than serving half a language.
    pub fn load() -> I18n {
        let bundles = Lang::ALL
            .into_iter()
            .map(|lang| {
                let resource = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(
                    |(_, errors)| panic!("locales/{}.ftl does not parse: {errors:?}", lang.code()),
                );
                let langid = lang.code().parse().expect("a valid language tag");
                let mut bundle = FluentBundle::new_concurrent(vec![langid]);
                // Fluent would wrap every argument in Unicode isolation marks; the
                // templates set `dir` on the page and on inputs instead, and the marks
                // would otherwise end up inside copied text and attribute values.
                bundle.set_use_isolating(false);
                bundle
                    .add_resource(resource)
                    .unwrap_or_else(|e| panic!("locales/{}.ftl: {e:?}", lang.code()));
                (lang, bundle)
            })
            .collect();
        I18n { bundles }
    }

    /// The message `key` in `lang`, else in English, else the key itself.
    pub fn message(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
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

    /// The message keys of one language, for completeness tests.
    pub fn keys(&self, lang: Lang) -> Vec<String> {
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

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundles[&lang].has_message(key)
    }
}

/// The translator one page renders with: its language and the messages.
#[derive(Clone)]
pub struct Tr {
    pub lang: Lang,
    i18n: std::sync::Arc<I18n>,
}

impl Tr {
    pub fn new(lang: Lang, i18n: std::sync::Arc<I18n>) -> Tr {
        Tr { lang, i18n }
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.message(self.lang, key, None)
    }

    /// A message with one argument, e.g. `tr.t1("incidents-count", "count", n)`.
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        let mut args = FluentArgs::new();
        let text = value.to_string();
        match text.parse::<f64>() {
            Ok(n) => args.set(name.to_string(), FluentValue::from(n)),
            Err(_) => args.set(name.to_string(), FluentValue::from(text)),
        }
        self.i18n.message(self.lang, key, Some(&args))
    }

    /// A message with several arguments.
    pub fn ta(&self, key: &str, values: &[(&str, String)]) -> String {
        let mut args = FluentArgs::new();
        for (name, text) in values {
            match text.parse::<f64>() {
                Ok(n) => args.set(name.to_string(), FluentValue::from(n)),
                Err(_) => args.set(name.to_string(), FluentValue::from(text.clone())),
            }
        }
        self.i18n.message(self.lang, key, Some(&args))
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn dir(&self) -> &'static str {
        self.lang.dir()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Examples written left to right keep their order inside Arabic sentences: the
    /// Arabic messages wrap them in left-to-right isolates, which must survive Fluent.
    #[test]
    fn arabic_examples_are_isolated_left_to_right() {
        let tr = Tr::new(Lang::Ar, std::sync::Arc::new(I18n::load()));
        let help = tr.t("date-help");
        assert!(
            help.contains("\u{2066}1999-03?\u{2069}"),
            "{:?}",
            help.chars().take(60).collect::<String>()
        );
    }
}
