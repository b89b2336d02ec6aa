//! `memoria user`: accounts of the people who use Memoria (never people in the data).

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, Result, bail};
use clap::Subcommand;

use crate::config::Config;
use crate::ui;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add an account. The password is asked for at the terminal, or read from
    /// standard input with --password-stdin.
    Add {
        name: String,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List accounts.
    List,
    /// Give an account a role in a collection (administrator, coordinator, analyst,
    /// documentalist, field_researcher, viewer), or take it away with --remove.
    Role {
        name: String,
        /// The collection, by its short name or id.
        #[arg(long)]
        collection: String,
        #[arg(long, required_unless_present = "remove")]
        role: Option<String>,
        #[arg(long, conflicts_with = "role")]
        remove: bool,
    },
}

pub fn run(config: &Config, cmd: Command) -> Result<()> {
    match cmd {
        Command::Add {
            name,
            admin,
            password_stdin,
        } => add(config, &name, admin, password_stdin),
        Command::List => list(config),
        Command::Role {
            name,
            collection,
            role,
            remove,
        } => set_role(config, &name, &collection, if remove { None } else { role }),
    }
}

fn add(config: &Config, name: &str, admin: bool, password_stdin: bool) -> Result<()> {
    if !memoria_auth::account::valid_name(name) {
        bail!("account names use 1–64 letters, digits, dots, hyphens and underscores");
    }
    let password = read_password(password_stdin)?;
    // The same rules as the web interface: long passphrases beat complex short ones.
    memoria_auth::password::check_strength(&password).map_err(|e| anyhow::anyhow!(e))?;
    let hash = memoria_auth::password::hash(&password)
        .map_err(|e| anyhow::anyhow!("hashing the password failed: {e}"))?;
    let (store, actor) = config.open_initialised(true)?;
    if !actor.is_admin {
        bail!("only administrators add accounts; run this as an administrator (--as NAME)");
    }
    let mut tx = store.begin(&actor)?;
    let account = tx.add_account(name, Some(&hash), admin)?;
    tx.commit()?;
    ui::say(format!(
        "Added account {:?} ({}){}.",
        account.name,
        account.id,
        if admin { ", administrator" } else { "" }
    ));
    Ok(())
}

fn list(config: &Config) -> Result<()> {
    let (store, _) = config.open_initialised(false)?;
    for a in store.accounts()? {
        let mut flags = Vec::new();
        if a.is_admin {
            flags.push("administrator");
        }
        if a.disabled {
            flags.push("disabled");
        }
        if a.password_hash.is_none() {
            flags.push("no password");
        }
        println!("{}\t{}\t{}", a.id, a.name, flags.join(", "));
    }
    Ok(())
}

fn set_role(config: &Config, name: &str, collection: &str, role: Option<String>) -> Result<()> {
    let (store, actor) = config.open_initialised(false)?;
    if let Some(r) = &role {
        r.parse::<memoria_auth::roles::Role>().map_err(|_| {
            anyhow::anyhow!(
                "{r:?} is not a role; use administrator, coordinator, analyst, documentalist, field_researcher or viewer"
            )
        })?;
    }
    let account = store
        .account_by_name(name)?
        .with_context(|| format!("there is no account named {name:?}; see `memoria user list`"))?;
    let found = store
        .list(&memoria_store::ListQuery {
            kind: Some(memoria_core::EntityKind::Collection),
            limit: 10_000,
            ..Default::default()
        })?
        .into_iter()
        .find(|c| match &c.entity {
            memoria_core::Entity::Collection(col) => {
                col.name == collection || c.id.to_string() == collection
            }
            _ => false,
        })
        .with_context(|| format!("there is no collection {collection:?}"))?;
    if !actor.is_admin {
        bail!("only administrators change roles; run this as an administrator (--as NAME)");
    }
    let mut tx = store.begin(&actor)?;
    tx.set_membership(account.id, found.id, role.as_deref())?;
    tx.commit()?;
    match role {
        Some(r) => ui::say(format!("{name} is now {r} in {collection}.")),
        None => ui::say(format!("{name} no longer has a role in {collection}.")),
    }
    Ok(())
}

fn read_password(from_stdin: bool) -> Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    if !std::io::stdin().is_terminal() {
        bail!("no terminal to ask for the password; pass --password-stdin and pipe it in");
    }
    let first = rpassword::prompt_password("Password: ")?;
    let second = rpassword::prompt_password("Again: ")?;
    if first != second {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(first)
}
