//! `memoria history` and `memoria restore`: a record's revisions, and going back.

use std::collections::HashMap;

use anyhow::{Context, Result, bail};
use memoria_core::id::RecordId;
use memoria_store::StoreExt;

use crate::config::Config;
use crate::ui;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record's id.
    pub id: RecordId,
    /// One JSON object per revision on standard output, for scripts.
    #[arg(long)]
    pub json: bool,
}

/// Longest value shown in the terminal table; the full value is in `--json`.
const SHOWN_VALUE_CHARS: usize = 60;

pub fn run(config: &Config, args: Args) -> Result<()> {
    let store = config.open_store(false)?;
    let revisions = store.history(args.id)?;
    if revisions.is_empty() {
        bail!(
            "no record {} here (it never existed, or was purged)",
            args.id
        );
    }
    let mut names = HashMap::new();
    for r in &revisions {
        if let std::collections::hash_map::Entry::Vacant(e) = names.entry(r.account) {
            let name = store
                .account(r.account)?
                .map(|a| a.name)
                .unwrap_or_else(|| r.account.to_string());
            e.insert(name);
        }
    }
    for r in &revisions {
        let who = &names[&r.account];
        if args.json {
            let changes: Vec<_> = r
                .changes
                .iter()
                .map(
                    |c| serde_json::json!({"field": c.field, "before": c.before, "after": c.after}),
                )
                .collect();
            println!(
                "{}",
                serde_json::json!({
                    "record": r.record.to_string(), "version": r.version, "at": r.at.to_string(),
                    "account": who, "action": r.action.as_str(), "changes": changes,
                })
            );
        } else {
            println!("v{}  {}  {}  {}", r.version, r.at, who, r.action.as_str());
            for c in &r.changes {
                println!(
                    "    {}: {} → {}",
                    c.field,
                    shown(c.before.as_ref()),
                    shown(c.after.as_ref())
                );
            }
        }
    }
    Ok(())
}

fn shown(v: Option<&serde_json::Value>) -> String {
    let Some(v) = v else { return "∅".to_string() };
    let text = v.to_string();
    if text.chars().count() > SHOWN_VALUE_CHARS {
        let cut: String = text.chars().take(SHOWN_VALUE_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

pub fn restore(config: &Config, id: RecordId, to: u64) -> Result<()> {
    let (store, actor) = config.open_initialised(false)?;
    let current = store.get(id)?.with_context(|| format!("no record {id}"))?;
    let restored = store.restore(&actor, id, to, current.version)?;
    ui::say(format!(
        "Record {} now holds what it held at version {} (as new version {}; the history keeps every step).",
        id, to, restored.version
    ));
    Ok(())
}
