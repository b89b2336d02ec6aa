//! `memoria init`: create the data directory, its database and the local administrator.

use anyhow::Result;

use crate::config::{Config, LOCAL_ADMIN};
use crate::ui;

pub fn run(config: &Config) -> Result<()> {
    let store = config.open_store(true)?;
    let created = crate::config::ensure_local_admin(store.as_ref())?;
    ui::say(format!("Memoria data: {}", config.store_label()));
    if created {
        ui::say(format!(
            "Created the local administrator account {LOCAL_ADMIN:?}; the command line acts as it unless --as names another."
        ));
    } else {
        ui::say("Already initialised; nothing changed.");
    }
    ui::say(
        "Next: `memoria import --mapping FILE DATA.csv` to bring in a spreadsheet, or `memoria demo` to explore.",
    );
    Ok(())
}
