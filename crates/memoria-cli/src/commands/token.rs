//! `memoria token`: bearer tokens for scripts that use the API.
//!
//! The token is printed once, on stdout (so it can be piped into a secret store), and
//! only its SHA-256 digest is kept.

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use memoria_store::{ApiToken, Timestamp};

use crate::config::Config;
use crate::ui;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a token acting as an account; prints it once.
    Create {
        /// The account the token acts as.
        #[arg(long)]
        user: String,
        /// What the token is for, to recognise it later.
        #[arg(long, default_value = "script")]
        label: String,
    },
    /// List an account's tokens (never the tokens themselves).
    List {
        #[arg(long)]
        user: String,
    },
    /// Revoke a token by its id.
    Revoke { id: String },
}

pub fn run(config: &Config, cmd: Command) -> Result<()> {
    let (store, actor) = config.open_initialised(false)?;
    match cmd {
        Command::Create { user, label } => {
            let account = store.account_by_name(&user)?.with_context(|| {
                format!("there is no account named {user:?}; see `memoria user list`")
            })?;
            if account.disabled {
                bail!("the account {user:?} is disabled");
            }
            if actor.account != account.id && !actor.is_admin {
                bail!("only an administrator may create tokens for another account");
            }
            if label.chars().count() > 100 {
                bail!("keep the label under 100 characters");
            }
            let (plain, digest) = memoria_auth::token::generate("mat_");
            let token = ApiToken {
                id: uuid::Uuid::new_v4(),
                account: account.id,
                label,
                created_at: Timestamp::now(),
                last_used_at: None,
                revoked_at: None,
            };
            let mut tx = store.begin(&actor)?;
            tx.add_api_token(&token, &digest)?;
            tx.commit()?;
            ui::say(format!(
                "Created token {} for {user}. It is shown once; keep it secret. Use it as `Authorization: Bearer <token>`.",
                token.id
            ));
            println!("{plain}");
        }
        Command::List { user } => {
            let account = store
                .account_by_name(&user)?
                .with_context(|| format!("there is no account named {user:?}"))?;
            for t in store.api_tokens(account.id)? {
                let state = match &t.revoked_at {
                    Some(at) => format!("revoked {at}"),
                    None => "active".into(),
                };
                println!("{}\t{}\t{}\t{}", t.id, t.label, t.created_at, state);
            }
        }
        Command::Revoke { id } => {
            let id: uuid::Uuid = id
                .parse()
                .context("a token id looks like 0b9e…-…; see `memoria token list`")?;
            let mut tx = store.begin(&actor)?;
            tx.revoke_api_token(id, Timestamp::now())?;
            tx.commit()?;
            ui::say(format!("Revoked token {id}."));
        }
    }
    Ok(())
}
