//! `memoria publish`: the collection's public site and open data, through its
//! publication policy. Each file is built and checked in memory; `--dry-run` prints
//! the report and writes nothing; otherwise each checked file goes to a folder beside
//! the target, which replaces the target only once complete, and the publication is
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

/// Reads every live record of `kinds` in `collection` into `snap`, and moves its
/// `as_of` to the newest change among them. Of records the policy withholds, only what
/// the report counts is kept (see `memoria_publish::input`).
fn read_kinds(
    store: &dyn Store,
    collection: RecordId,
    kinds: &[EntityKind],
    snap: &mut Snapshot,
) -> Result<()> {
    let mut policy_at = None;
    let mut previous_at = None;
    for &kind in kinds {
        each(store, collection, kind, &mut |s| {
            let updated = s.updated_at.to_string();
            // A publication record is not data: publishing twice must give the same site.
            if kind != EntityKind::Publication && updated > snap.as_of {
                snap.as_of.clone_from(&updated);
            }
            match s.entity {
                Entity::Incident(i) => snap.incidents.push(Dated {
                    id: s.id,
                    record: memoria_publish::input::as_withheld(&snap.policy, i),
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
                Entity::Source(x) => snap
                    .sources
                    .push((s.id, memoria_publish::input::as_counted(x))),
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
    Ok(())
}

/// Reads the acts of the incidents in `snap` that the policy lets out.
///
/// Acts hang from incidents and carry no collection of their own, but the store files
/// each under its incident's collection: one scan of the collection's acts rather than
/// one query per incident (100,000 queries for 100,000 incidents). Acts of an incident
/// not read (deleted) or withheld by the policy are left out.
fn read_acts(store: &dyn Store, collection: RecordId, snap: &mut Snapshot) -> Result<()> {
    // Each incident read, and whether its acts are read too.
    let incidents: BTreeMap<RecordId, bool> = snap
        .incidents
        .iter()
        .map(|d| {
            let admitted = memoria_publish::input::reads_acts_of(&snap.policy, &d.record);
            (d.id, admitted)
        })
        .collect();
    each(store, collection, EntityKind::Act, &mut |s| {
        let Entity::Act(a) = &s.entity else { return };
        let Some(&admitted) = incidents.get(&a.incident) else {
            return;
        };
        // The newest change counts whatever the policy lets out, as it always did.
        let updated = s.updated_at.to_string();
        if updated > snap.as_of {
            snap.as_of = updated;
        }
        if admitted && let Entity::Act(a) = s.entity {
            snap.acts.push((s.id, a));
        }
    })
}

/// Reads what a publication of `collection` is made from.
pub fn snapshot(store: &dyn Store, actor: &Actor, collection: RecordId) -> Result<Snapshot> {
    let stored = store.get(collection)?.context("the collection is gone")?;
    let Entity::Collection(c) = stored.entity else {
        bail!("{collection} is not a collection");
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
        as_of: stored.updated_at.to_string(),
    };
    // The policy first: of what it withholds, only what the report counts is kept.
    read_kinds(
        store,
        collection,
        &[EntityKind::PublicationPolicy],
        &mut snap,
    )?;
    // Then the incidents with their acts on this thread and everything else on another:
    // reading is mostly decoding records, and a laptop has two cores.
    let mut others = snap.clone();
    std::thread::scope(|scope| -> Result<()> {
        let others = scope.spawn(|| {
            read_kinds(
                store,
                collection,
                &[
                    EntityKind::Person,
                    EntityKind::Organization,
                    EntityKind::Place,
                    EntityKind::Source,
                    EntityKind::Consent,
                    EntityKind::Intervention,
                    EntityKind::Evidence,
                    EntityKind::SourceList,
                    EntityKind::Publication,
                ],
                &mut others,
            )
        });
        let mine = read_kinds(store, collection, &[EntityKind::Incident], &mut snap)
            .and_then(|()| read_acts(store, collection, &mut snap));
        others.join().expect("reading the records panicked")?;
        mine
    })?;
    let Snapshot {
        persons,
        organizations,
        places,
        sources,
        consents,
        interventions,
        evidence,
        source_lists,
        previous,
        as_of,
        ..
    } = others;
    (snap.persons, snap.organizations, snap.places, snap.sources) =
        (persons, organizations, places, sources);
    (snap.consents, snap.interventions, snap.evidence) = (consents, interventions, evidence);
    (snap.source_lists, snap.previous) = (source_lists, previous);
    snap.as_of = snap.as_of.max(as_of);
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
    Ok(snap)
}

/// LCMCR on the collection's linked lists, when it has three or more, with a fixed
/// seed so that the same lists publish the same numbers: on the kept linkage while it
/// is current, otherwise on a linkage made now.
fn estimates(
    store: &dyn Store,
    actor: &Actor,
    collection: RecordId,
) -> Result<Vec<EstimateSummary>> {
    let lists = memoria_analysis::source_lists(store, collection)?;
    if lists.len() < 3 {
        return Ok(Vec::new());
    }
    let link = memoria_analysis::record_config();
    let (records, lists, _) =
        memoria_analysis::read_lists_with_facts(store, actor, collection, &link)?;
    let names: Vec<String> = lists.iter().map(|l| l.name.clone()).collect();
    // The kept linkage while it is current, as `memoria estimate` takes it.
    let (rows, _) =
        memoria_analysis::clusters_for_estimates(store, collection, &records, &link.settings)?;
    let table = memoria_analysis::capture_table_of_rows(&rows, &names)?;
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
    let (store, actor) = config.open_for_reading_all()?;
    let collection = crate::config::collection(store.as_ref(), Some(&args.collection))?;
    // Refuse a folder that is not ours before reading anything.
    let staging = if args.dry_run {
        None
    } else {
        Some(Staging::new(&args.out)?)
    };
    let spinner = ui::spinner("reading the collection");
    let mut snap = snapshot(store.as_ref(), &actor, collection)?;
    if snap.policy.rule("evidence") == memoria_core::publication::Rule::Publish {
        spinner.set_message("reading stripped evidence copies");
        snap.stripped_copies = stripped_copies(config, &snap)?;
    }
    spinner.finish_and_clear();
    // What the chain of custody needs once the snapshot is handed over.
    let evidence: Vec<(RecordId, String)> = snap
        .evidence
        .iter()
        .filter_map(|(id, e)| Some((*id, e.stripped_sha256.clone()?)))
        .collect();
    let made = match &staging {
        Some(staging) => staging.fill(snap),
        None => {
            let spinner = ui::spinner("building and checking the site");
            let made = memoria_publish::publish_into(snap, &Discard);
            spinner.finish_and_clear();
            made.map_err(anyhow::Error::from)
        }
    };
    // On an error from here on, dropping the staging folder removes it.
    let made = made?;
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
            made.report.incidents, made.report.files, made.publication.digest
        ),
    )?;
    // Each evidence copy that leaves is a step in its chain of custody.
    let published_media: BTreeSet<&str> = made
        .files
        .range("media/".to_string().."media0".to_string())
        .filter_map(|(p, _)| p.strip_prefix("media/")?.split('.').next())
        .collect();
    for (id, h) in &evidence {
        if published_media.contains(h.as_str()) {
            let action = if args.dry_run {
                "custody-publish-dry-run"
            } else {
                "custody-publish-stripped"
            };
            tx.audit(action, Some(*id), &format!("sha256:{h}"))?;
        }
    }
    let Some(staging) = staging else {
        tx.commit()?;
        print!("{}", made.report);
        ui::say(format!(
            "Dry run: nothing written. Run without --dry-run to write the site to {}.",
            args.out.display()
        ));
        return Ok(());
    };
    tx.create(Entity::Publication(made.publication.clone()))?;
    staging.finish()?;
    tx.commit()?;
    print!("{}", made.report);
    ui::say(format!(
        "Published {} incidents to {}: open {} in a browser.",
        made.report.incidents,
        args.out.display(),
        args.out.join("index.html").display()
    ));
    Ok(())
}

/// A dry run's sink: every file is made and checked, none is kept.
struct Discard;

impl memoria_publish::Sink for Discard {
    fn put(&self, _: &str, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
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

/// The folder a publication is written into, beside its target, which replaces the
/// target only once every file is in it. Each file arrives already checked by the
/// final scan, so nothing that must not leave is ever written; a publication refused
/// half-way leaves only checked files, and they are removed.
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Folders already made, so that each file costs one write and not a walk up.
    made: std::sync::Mutex<BTreeSet<PathBuf>>,
    bar: indicatif::ProgressBar,
}

impl Staging {
    /// Refuses a target that exists and is neither empty nor an earlier publication.
    pub(crate) fn new(out: &Path) -> Result<Staging> {
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
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
        let dir = parent.join(format!(".{name}.partial"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("removing the unfinished {}", dir.display()))?;
        }
        std::fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            made: std::sync::Mutex::new(BTreeSet::from([dir.clone()])),
            dir,
            bar: ui::progress_bar(None, "building, checking and writing the site"),
        })
    }

    /// Builds the publication into the folder.
    pub(crate) fn fill(&self, snap: Snapshot) -> Result<memoria_publish::Made> {
        self.bar
            .enable_steady_tick(std::time::Duration::from_millis(200));
        let made = memoria_publish::publish_into(snap, self);
        self.bar.finish_and_clear();
        Ok(made?)
    }

    /// Marks the folder as a publication and moves it into place.
    pub(crate) fn finish(self) -> Result<()> {
        std::fs::write(self.dir.join(MARKER), b"")?;
        if self.out.exists() {
            std::fs::remove_dir_all(&self.out)
                .with_context(|| format!("replacing {}", self.out.display()))?;
        }
        std::fs::rename(&self.dir, &self.out)
            .with_context(|| format!("moving the site into {}", self.out.display()))?;
        Ok(())
    }
}

/// A publication that failed or was refused leaves no folder behind; once moved into
/// place there is nothing left to remove.
impl Drop for Staging {
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl memoria_publish::Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        // Paths come from the site's own code, relative and without `..`; a defect that
        // made one otherwise must not write outside the folder.
        let relative = Path::new(path);
        if relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a path outside the site",
            ));
        }
        let target = self.dir.join(relative);
        if let Some(folder) = target.parent() {
            let known = self
                .made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(folder);
            if !known {
                std::fs::create_dir_all(folder)?;
                self.made
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(folder.to_path_buf());
            }
        }
        std::fs::write(&target, bytes)?;
        self.bar.inc(1);
        Ok(())
    }
}
