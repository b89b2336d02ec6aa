//! `memoria demo`: a generated demonstration collection to explore Memoria with.
//!
//! Everything in it is fictional (people, places, units) and generated from a seed,
//! so two runs with the same seed give the same collection.

use anyhow::{Result, anyhow};
use memoria_core::entity::{Entity, EntityKind};
use memoria_store::ListQuery;

use crate::config::Config;
use crate::ui;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Create the collection and stop; do not start the web interface.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub web: crate::commands::serve::WebArgs,
    /// The generator's seed: the same seed gives the same collection.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How many incidents to generate.
    #[arg(long, default_value_t = 2000)]
    pub incidents: usize,
}

pub fn run(config: &Config, args: Args) -> Result<()> {
    let (store, actor) = config.open_initialised(true)?;
    let collections = store.count(&ListQuery {
        kind: Some(EntityKind::Collection),
        ..Default::default()
    })?;
    if collections > 0 {
        ui::say(format!(
            "{} already holds data; the demonstration collection is only created in an empty store.",
            config.store_label()
        ));
    } else {
        let summary = create(store.as_ref(), &actor, args.seed, args.incidents)?;
        ui::say(format!(
            "Created the demonstration collection in {} (seed {}):",
            config.store_label(),
            args.seed
        ));
        ui::say(summary.to_string());
    }
    summarise(store.as_ref())?;
    if args.no_serve {
        return Ok(());
    }
    let password = demo_login(store.as_ref(), &actor)?;
    let banner = format!(
        "Sign in as {DEMO_ACCOUNT} with the password {password}\n\
         (a new password is made each time `memoria demo` starts; everything in this collection is fictional)."
    );
    crate::commands::serve::serve(config, store, &args.web, Some(banner))
}

/// Writes the demonstration collection in one transaction (all of it or, on any
/// failure, nothing), with a progress bar on a terminal.
pub fn create(
    store: &dyn memoria_store::Store,
    actor: &memoria_store::Actor,
    seed: u64,
    incidents: usize,
) -> Result<memoria_demo::Summary> {
    let demo = memoria_demo::DemoConfig { seed, incidents };
    let bar = ui::progress_bar(None, "generating");
    let mut tx = store.begin(actor)?;
    let mut failure = None;
    let mut written = 0u64;
    let mut collection = None;
    let mut victims = Vec::new();
    let summary = memoria_demo::generate(&demo, &mut |id, entity: Entity| {
        if failure.is_some() {
            return;
        }
        match &entity {
            Entity::Collection(_) => collection = collection.or(Some(id)),
            Entity::Person(p)
                if p.roles == [memoria_core::entity::Role::Victim]
                    && p.sensitivity <= memoria_core::entity::Sensitivity::Internal
                    && !p.names.is_empty()
                    && p.group_size.is_none() =>
            {
                victims.push(id)
            }
            _ => {}
        }
        match tx.create_with_id(id, entity) {
            Ok(_) => {
                written += 1;
                if written.is_multiple_of(1000) {
                    bar.set_position(written);
                }
            }
            Err(e) => failure = Some(e),
        }
    });
    if let Some(e) = failure {
        return Err(anyhow!(e).context("writing the demonstration collection; nothing was kept"));
    }
    if let Some(collection) = collection {
        written += publication_setup(tx.as_mut(), collection, &victims)?;
    }
    tx.audit("demo", None, &format!("seed {seed}, {written} records"))?;
    tx.commit()?;
    bar.finish_and_clear();
    Ok(summary)
}

/// The demonstration's publication policy (the safe defaults, with the fictional
/// country's region boundaries for the map) and consents to publication from a few of
/// its (fictional) victims or their families, one of them withdrawn, so that
/// `memoria publish` shows names, a map and a withdrawal. Returns the records written.
fn publication_setup(
    tx: &mut dyn memoria_store::Tx,
    collection: memoria_core::id::RecordId,
    victims: &[memoria_core::id::RecordId],
) -> Result<u64> {
    use memoria_core::edtf::Edtf;
    use memoria_core::publication::{
        Consent, ConsentGiver, ConsentRecording, ConsentUse, PublicationPolicy,
    };
    let mut policy = PublicationPolicy::new(collection);
    policy.boundaries = Some(memoria_demo::boundaries_geojson());
    tx.create(Entity::PublicationPolicy(policy))?;
    let mut written = 1;
    // One victim in 25, in the generator's order, so that the same seed names the same.
    for (n, person) in victims.iter().step_by(25).enumerate() {
        tx.create(Entity::Consent(Consent {
            collection,
            person: *person,
            uses: vec![ConsentUse::Publication, ConsentUse::UnMechanism],
            given_by: if n % 3 == 0 {
                ConsentGiver::Family
            } else {
                ConsentGiver::Person
            },
            given_on: Edtf::parse("2023-02").expect("a date"),
            recorded: ConsentRecording::Written,
            withdrawn_on: (n == 1).then(|| Edtf::parse("2024-06").expect("a date")),
            note: None,
            sensitivity: memoria_core::entity::Sensitivity::Internal,
        }))?;
        written += 1;
    }
    Ok(written)
}

/// The demonstration login: an administrator of the demonstration collection (not of
/// the installation), with a fresh random password each run, so that no fixed password
/// ever opens a server someone forgot to stop.
pub const DEMO_ACCOUNT: &str = "demo";

fn demo_login(store: &dyn memoria_store::Store, actor: &memoria_store::Actor) -> Result<String> {
    let (token, _) = memoria_auth::token::generate("");
    // 20 characters of base64url: about 120 bits.
    let password: String = token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(20)
        .collect();
    let hash = memoria_auth::password::hash(&password).map_err(|e| anyhow!("{e}"))?;
    let collection = store
        .list(&ListQuery {
            kind: Some(EntityKind::Collection),
            limit: 1,
            ..Default::default()
        })?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("the store holds no collection"))?;
    let mut tx = store.begin(actor)?;
    let account = match store.account_by_name(DEMO_ACCOUNT)? {
        Some(a) => {
            tx.set_password(a.id, &hash)?;
            a.id
        }
        None => tx.add_account(DEMO_ACCOUNT, Some(&hash), false)?.id,
    };
    tx.set_membership(account, collection.id, Some("administrator"))?;
    tx.commit()?;
    Ok(password)
}

/// Prints how many records of each kind the store holds.
fn summarise(store: &dyn memoria_store::Store) -> Result<()> {
    ui::say("The store holds:");
    for kind in EntityKind::ALL {
        let n = store.count(&ListQuery {
            kind: Some(kind),
            ..Default::default()
        })?;
        if n > 0 {
            ui::say(format!("  {:14} {n}", kind.as_str()));
        }
    }
    Ok(())
}
