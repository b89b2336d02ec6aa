//! `memoria publish`: the collection's public site and open data, through its
//! publication policy. The site is built and checked in memory; `--dry-run` prints
//! the report and writes nothing; otherwise the site goes to a folder beside the
//! target, which replaces the target only once complete, and the publication is
//! recorded (audited) so that the next one can say what changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use memoria_core::entity::{Entity, EntityKind, PublicationPolicy};
use memoria_core::id::RecordId;
use memoria_publish::{Dated, EstimateSummary, Snapshot};
use memoria_store::{Actor, ListQuery, Store, Stored};

use crate::config::Config;
use crate::ui;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The collection to publish, by its short name.
    #[arg(long)]
    pub collection: String,
    /// The folder the site goes to (created; replaced when it holds an earlier
    /// publication).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Print the publication report and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Every record of `kind` in `collection` that is not deleted.
fn each(
    store: &dyn Store,
    collection: RecordId,
    kind: EntityKind,
    visit: &mut dyn FnMut(Stored),
) -> Result<()> {
    let query = ListQuery {
        kind: Some(kind),
        collection: Some(collection),
        ..Default::default()
    };
    Ok(memoria_store::StoreExt::each_live(store, &query, visit)?)
}

/// Reads what a publication of `collection` is made from.
pub fn snapshot(store: &dyn Store, actor: &Actor, collection: RecordId) -> Result<Snapshot> {
    let stored = store.get(collection)?.context("the collection is gone")?;
    let Entity::Collection(c) = stored.entity else {
        bail!("{collection} is not a collection");
    };
    let mut newest = stored.updated_at.to_string();
    let mut note = |s: &Stored| {
        let t = s.updated_at.to_string();
        if t > newest {
            newest = t;
        }
    };
    let mut snap = Snapshot {
        collection_id: collection,
        collection: c,
        policy: PublicationPolicy::new(collection),
        incidents: Vec::new(),
        acts: Vec::new(),
        persons: BTreeMap::new(),
        organizations: BTreeMap::new(),
        places: BTreeMap::new(),
        sources: Vec::new(),
        consents: Vec::new(),
        interventions: Vec::new(),
        evidence: Vec::new(),
        source_lists: Vec::new(),
        vocabularies: memoria_core::vocab::defaults(),
        previous: None,
        estimates: Vec::new(),
        stripped_copies: BTreeMap::new(),
        as_of: String::new(),
    };
    let mut policy_at = None;
    let mut previous_at = None;
    for kind in [
        EntityKind::Incident,
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Source,
        EntityKind::Consent,
        EntityKind::Intervention,
        EntityKind::Evidence,
        EntityKind::SourceList,
        EntityKind::PublicationPolicy,
        EntityKind::Publication,
    ] {
        each(store, collection, kind, &mut |s| {
            // A publication record is not data: publishing twice must give the same site.
            if kind != EntityKind::Publication {
                note(&s);
            }
            let updated = s.updated_at.to_string();
            match s.entity {
                Entity::Incident(i) => snap.incidents.push(Dated {
                    id: s.id,
                    record: i,
                    updated,
                }),
                Entity::Person(p) => {
                    snap.persons.insert(s.id, p);
                }
                Entity::Organization(o) => {
                    snap.organizations.insert(s.id, o);
                }
                Entity::Place(p) => {
                    snap.places.insert(s.id, p);
                }
                Entity::Source(x) => snap.sources.push((s.id, x)),
                Entity::Consent(x) => snap.consents.push((s.id, x)),
                Entity::Intervention(x) => snap.interventions.push(Dated {
                    id: s.id,
                    record: x,
                    updated,
                }),
                Entity::Evidence(x) => snap.evidence.push((s.id, x)),
                Entity::SourceList(x) => snap.source_lists.push((s.id, x, 0)),
                // One policy per collection; should two exist, the newest speaks.
                Entity::PublicationPolicy(p) if policy_at.as_ref().is_none_or(|t| updated > *t) => {
                    policy_at = Some(updated);
                    snap.policy = p;
                }
                Entity::Publication(p) if previous_at.as_ref().is_none_or(|t| updated > *t) => {
                    previous_at = Some(updated);
                    snap.previous = Some(p);
                }
                _ => {}
            }
        })?;
    }
    // Acts hang from incidents and carry no collection of their own, but the store
    // files each under its incident's collection: one scan of the collection's acts
    // rather than one query per incident (100,000 queries for 100,000 incidents). Acts
    // of an incident not read above (deleted) are left out, as they were before.
    let incidents: BTreeSet<RecordId> = snap.incidents.iter().map(|d| d.id).collect();
    each(store, collection, EntityKind::Act, &mut |s| {
        if matches!(&s.entity, Entity::Act(a) if incidents.contains(&a.incident)) {
            note(&s);
            if let Entity::Act(a) = s.entity {
                snap.acts.push((s.id, a));
            }
        }
    })?;
    for (id, _, n) in &mut snap.source_lists {
        *n = store.count(&ListQuery {
            kind: Some(EntityKind::Record),
            parent: Some(*id),
            ..Default::default()
        })?;
    }
    // The defaults, overridden by the installation's own vocabularies.
    memoria_store::StoreExt::each_live(
        store,
        &ListQuery {
            kind: Some(EntityKind::Vocabulary),
            ..Default::default()
        },
        &mut |s| {
            if let Entity::Vocabulary(v) = s.entity {
                snap.vocabularies.insert(v);
            }
        },
    )?;
    snap.estimates = estimates(store, actor, collection).unwrap_or_else(|e| {
        ui::say(format!("No estimate published: {e:#}"));
        Vec::new()
    });
    snap.as_of = newest;
    Ok(snap)
}

/// LCMCR on the collection's linked lists, when it has three or more, with a fixed
/// seed so that the same lists publish the same numbers.
fn estimates(
    store: &dyn Store,
    actor: &Actor,
    collection: RecordId,
) -> Result<Vec<EstimateSummary>> {
    let lists = memoria_analysis::source_lists(store, collection)?;
    if lists.len() < 3 {
        return Ok(Vec::new());
    }
    let mut link = memoria_analysis::record_config();
    let (records, lists, _) =
        memoria_analysis::read_lists_with_facts(store, actor, collection, &link)?;
    link.settings.decisions = memoria_analysis::decisions(store, collection, &records)?;
    let names: Vec<String> = lists.iter().map(|l| l.name.clone()).collect();
    let linkage = memoria_linkage::link(&records, &link.settings)?;
    let table = memoria_analysis::capture_table(&linkage, &names)?;
    let options = memoria_estimate::LcmcrOptions {
        seed: 20_261_126,
        ..Default::default()
    };
    let report = memoria_estimate::lcmcr(&table, &options)?;
    Ok(report
        .estimates
        .iter()
        .chain(report.total.as_ref())
        .filter_map(|e| {
            Some(EstimateSummary {
                label: if e.label == "all" || e.label == "total" {
                    "All victims".into()
                } else {
                    e.label.clone()
                },
                documented: e.documented,
                estimate: e.estimate?,
                lower95: e.lower95?,
                // No upper bound: not published, since a number without its interval
                // is what the site never shows.
                upper95: e.upper95?,
                method: "LCMCR".into(),
                lists: e.lists.len(),
                warnings: e.warnings.iter().map(|w| w.message.clone()).collect(),
            })
        })
        .take(1)
        .collect())
}

pub fn run(config: &Config, args: Args) -> Result<()> {
    let (store, actor) = config.open_initialised(false)?;
    let collection = crate::config::collection(store.as_ref(), Some(&args.collection))?;
    let spinner = ui::progress_bar(None, "reading the collection");
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    let mut snap = snapshot(store.as_ref(), &actor, collection)?;
    if snap.policy.rule("evidence") == memoria_core::publication::Rule::Publish {
        spinner.set_message("reading stripped evidence copies");
        snap.stripped_copies = stripped_copies(config, &snap)?;
    }
    spinner.set_message("building the site");
    let output = memoria_publish::publish(&snap);
    spinner.finish_and_clear();
    let output = output?;
    // Reading every record to publish them is a read of sensitive data: audited.
    let mut tx = store.begin(&actor)?;
    tx.audit(
        if args.dry_run {
            "publish-dry-run"
        } else {
            "publish"
        },
        Some(collection),
        &format!(
            "{} incidents, {} files, digest {}",
            output.report.incidents, output.report.files, output.publication.digest
        ),
    )?;
    // Each evidence copy that leaves is a step in its chain of custody.
    let published_media: std::collections::BTreeSet<&str> = output
        .files
        .range("media/".to_string().."media0".to_string())
        .filter_map(|(p, _)| p.strip_prefix("media/")?.split('.').next())
        .collect();
    for (id, e) in &snap.evidence {
        if let Some(h) = &e.stripped_sha256
            && published_media.contains(h.as_str())
        {
            let action = if args.dry_run {
                "custody-publish-dry-run"
            } else {
                "custody-publish-stripped"
            };
            tx.audit(action, Some(*id), &format!("sha256:{h}"))?;
        }
    }
    if args.dry_run {
        tx.commit()?;
        print!("{}", output.report);
        ui::say(format!(
            "Dry run: nothing written. Run without --dry-run to write the site to {}.",
            args.out.display()
        ));
        return Ok(());
    }
    write_site(&args.out, &output.files)?;
    tx.create(Entity::Publication(output.publication.clone()))?;
    tx.commit()?;
    print!("{}", output.report);
    ui::say(format!(
        "Published {} incidents to {}: open {} in a browser.",
        output.report.incidents,
        args.out.display(),
        args.out.join("index.html").display()
    ));
    Ok(())
}

/// The stripped copies of the evidence items the policy could publish, read from the
/// vault. An item whose copy cannot be read is left out (the report says so) rather
/// than stopping the publication.
fn stripped_copies(config: &Config, snap: &Snapshot) -> Result<BTreeMap<String, Vec<u8>>> {
    let wanted: Vec<String> = snap
        .evidence
        .iter()
        .filter(|(_, e)| {
            snap.policy
                .admits(memoria_core::entity::Status::Verified, e.confidentiality)
        })
        .filter_map(|(_, e)| e.stripped_sha256.clone())
        .collect();
    if wanted.is_empty() {
        return Ok(BTreeMap::new());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the vault's runtime")?;
    runtime.block_on(async {
        let vault = config.open_vault().await?;
        let mut copies = BTreeMap::new();
        for hex in wanted {
            let Ok(hash) = hex.parse::<memoria_vault::ContentHash>() else {
                continue;
            };
            let Ok(mut reader) = vault.open_read(&hash).await else {
                ui::say(format!(
                    "The stripped copy {hex} is not in the vault; it is left out."
                ));
                continue;
            };
            let mut bytes = Vec::new();
            let whole: Result<()> = async {
                while let Some(chunk) = reader.chunk().await? {
                    bytes.extend_from_slice(&chunk);
                }
                Ok(())
            }
            .await;
            match whole {
                Ok(()) => {
                    copies.insert(hex, bytes);
                }
                Err(e) => ui::say(format!(
                    "The stripped copy {hex} could not be read ({e:#}); it is left out."
                )),
            }
        }
        Ok(copies)
    })
}

/// Marks a folder as a Memoria publication, so that publishing again may replace it
/// and nothing else is ever deleted.
const MARKER: &str = ".memoria-publication";

pub(crate) fn write_site(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    if out.exists() && !out.join(MARKER).exists() {
        let empty = std::fs::read_dir(out)
            .with_context(|| format!("reading {}", out.display()))?
            .next()
            .is_none();
        if !empty {
            bail!(
                "{} exists and is not an earlier publication; choose an empty or new folder",
                out.display()
            );
        }
    }
    let name = out
        .file_name()
        .context("--out needs a folder name")?
        .to_string_lossy()
        .to_string();
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".{name}.partial"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let bar = ui::progress_bar(Some(files.len() as u64), "writing");
    for (path, bytes) in files {
        let target = staging.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&target, bytes).with_context(|| format!("writing {}", target.display()))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    std::fs::write(staging.join(MARKER), b"")?;
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("replacing {}", out.display()))?;
    }
    std::fs::rename(&staging, out)
        .with_context(|| format!("moving the site into {}", out.display()))?;
    Ok(())
}
