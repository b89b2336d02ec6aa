//! `memoria vocab`: the controlled vocabularies in force, and importing others.
//!
//! The vocabularies in force are the defaults Memoria ships, overridden by any stored
//! vocabulary with the same code (an imported or edited one).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use memoria_core::entity::{Entity, EntityKind};
use memoria_core::vocab::{self, Vocabulary, VocabularySet};
use memoria_store::{ListQuery, Store};

use crate::config::Config;
use crate::ui;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the vocabularies in force with their number of terms.
    List,
    /// Show one vocabulary's terms as a tree.
    Show {
        /// The vocabulary's code, e.g. violation-types.
        code: String,
        /// The language of the labels (en, es, fr, ar).
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Import vocabularies from the HURIDOCS micro-thesauri (the folder holding
    /// mt_lists.csv, mt_vocab.csv and mt_vocab_l10n.csv).
    Import {
        #[arg(long, value_name = "DIR")]
        huridocs: PathBuf,
        /// Read and check the files, report what would change, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn run(config: &Config, cmd: Command) -> Result<()> {
    match cmd {
        Command::List => {
            let store = config.open_store(false)?;
            for v in in_force(store.as_ref())?.iter() {
                let deprecated = v.terms.iter().filter(|t| t.deprecated).count();
                println!(
                    "{:32} {:5} terms{}  {}",
                    v.code,
                    v.terms.len(),
                    if deprecated > 0 {
                        format!(" ({deprecated} deprecated)")
                    } else {
                        String::new()
                    },
                    v.labels.best("en").unwrap_or("")
                );
            }
            Ok(())
        }
        Command::Show { code, lang } => {
            let store = config.open_store(false)?;
            let set = in_force(store.as_ref())?;
            let v = set.get(&code).with_context(|| {
                format!("no vocabulary {code:?}; `memoria vocab list` shows the codes")
            })?;
            println!("{} — {}", v.code, v.labels.best(&lang).unwrap_or(""));
            print_tree(v, None, 0, &lang);
            Ok(())
        }
        Command::Import { huridocs, dry_run } => import_huridocs(config, &huridocs, dry_run),
    }
}

fn print_tree(v: &Vocabulary, parent: Option<&str>, depth: usize, lang: &str) {
    for t in v.terms.iter().filter(|t| t.parent.as_deref() == parent) {
        println!(
            "{:indent$}{}  {}{}",
            "",
            t.code,
            t.labels.best(lang).unwrap_or(""),
            if t.deprecated { "  (deprecated)" } else { "" },
            indent = 2 + depth * 2
        );
        print_tree(v, Some(&t.code), depth + 1, lang);
    }
}

/// The stored vocabulary records, by code, with their record id and version.
fn stored(store: &dyn Store) -> Result<Vec<(memoria_store::Stored, Vocabulary)>> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = store.list(&ListQuery {
            kind: Some(EntityKind::Vocabulary),
            after,
            limit: 500,
            ..Default::default()
        })?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for s in page {
            if let Entity::Vocabulary(v) = &s.entity {
                let v = v.clone();
                out.push((s, v));
            }
        }
    }
    Ok(out)
}

/// The vocabularies in force: the shipped defaults, overridden by stored ones.
pub fn in_force(store: &dyn Store) -> Result<VocabularySet> {
    let mut set = vocab::defaults();
    for (_, v) in stored(store)? {
        set.insert(v);
    }
    Ok(set)
}

fn import_huridocs(config: &Config, dir: &std::path::Path, dry_run: bool) -> Result<()> {
    let vocabularies = memoria_intake::huridocs::read_microthesauri(dir)
        .with_context(|| format!("reading the HURIDOCS micro-thesauri in {}", dir.display()))?;
    let mut problems = 0;
    for v in &vocabularies {
        for p in v.problems() {
            problems += 1;
            ui::say(format!("{}: {p}", v.code));
        }
    }
    if problems > 0 {
        bail!("{problems} problems in the micro-thesauri; nothing was imported");
    }
    let terms: usize = vocabularies.iter().map(|v| v.terms.len()).sum();
    if dry_run {
        ui::say(format!(
            "Dry run: {} vocabularies with {terms} terms would be imported; nothing written.",
            vocabularies.len()
        ));
        return Ok(());
    }
    let (store, actor) = config.open_initialised(true)?;
    let existing = stored(store.as_ref())?;
    let mut tx = store.begin(&actor)?;
    let (mut created, mut updated) = (0, 0);
    for v in vocabularies {
        match existing.iter().find(|(_, e)| e.code == v.code) {
            Some((s, old)) => {
                let v = keep_removed_terms(old, v);
                if *old != v {
                    tx.update(s.id, s.version, Entity::Vocabulary(v))?;
                    updated += 1;
                }
            }
            None => {
                tx.create(Entity::Vocabulary(v))?;
                created += 1;
            }
        }
    }
    tx.audit(
        "vocab-import",
        None,
        &format!("huridocs micro-thesauri: {created} created, {updated} updated"),
    )?;
    tx.commit()?;
    ui::say(format!(
        "Imported the HURIDOCS micro-thesauri: {created} vocabularies created, {updated} updated ({terms} terms)."
    ));
    Ok(())
}

/// Terms are never deleted: old records keep their codes. A term that a newer edition
/// of a vocabulary no longer lists stays in it, marked deprecated.
fn keep_removed_terms(old: &Vocabulary, mut new: Vocabulary) -> Vocabulary {
    for t in &old.terms {
        if new.term(&t.code).is_none() {
            let mut kept = t.clone();
            kept.deprecated = true;
            // A parent that went away too is kept by this same loop, so links hold.
            new.terms.push(kept);
        }
    }
    new
}

#[cfg(test)]
mod tests {
    use super::*;
    use memoria_core::text::MultiText;
    use memoria_core::vocab::Term;

    fn term(code: &str) -> Term {
        Term::new(code, MultiText::single("en", code))
    }

    #[test]
    fn terms_missing_from_a_new_edition_are_deprecated_not_dropped() {
        let v = |terms| Vocabulary {
            code: "x".into(),
            labels: MultiText::single("en", "X"),
            description: MultiText::new(),
            terms,
        };
        let merged = keep_removed_terms(&v(vec![term("a"), term("b")]), v(vec![term("a")]));
        assert_eq!(merged.terms.len(), 2);
        assert!(!merged.term("a").unwrap().deprecated);
        assert!(merged.term("b").unwrap().deprecated);
    }
}
