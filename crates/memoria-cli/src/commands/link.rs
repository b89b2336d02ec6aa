//! `memoria link`: find the records, in one list or several, that refer to one person.
//!
//! ```text
//! memoria link --input a.csv [--input b.csv …] --id COLUMN --field COLUMN:KIND … \
//!     [--config FILE] --out clusters.csv [--review pairs.csv]
//! ```
//!
//! One input deduplicates a list; several link lists. Without `--input`, the source
//! lists kept in the store are linked, and without `--out` the result (clusters and the
//! pairs to review) is kept in the store as the collection's linkage. `clusters.csv` has the columns
//! `input` (the file's position, from 1), `id` and `cluster`; `memoria estimate` reads
//! it as it is. `--review` writes the uncertain pairs, each with the field-by-field
//! reasons for its score (levels and weights, never a value from a record), for a
//! person to decide.
//!
//! Before any pair is scored, the blocking report says how many candidate pairs each
//! rule makes; a configuration that would compare too many is refused with advice.
//! Nothing here prints a value from the inputs: they hold victims' names.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args as ClapArgs;
use memoria_linkage::{Config, Field, FieldKind, Linkage, Records, Schema, Settings, Stage};

use crate::ui;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// A CSV file of records, with a header row; repeat for each list. Without any,
    /// the source lists kept in the store are linked.
    #[arg(long, value_name = "FILE")]
    input: Vec<PathBuf>,
    /// With the store's lists: the collection whose source lists are linked (its
    /// name); needed only when the store holds several.
    #[arg(long, value_name = "NAME", conflicts_with = "input")]
    collection: Option<String>,
    /// The column holding each record's id (unique within its file).
    #[arg(long, value_name = "COLUMN", default_value = "id")]
    id: String,
    /// A column to compare and its kind: name, date, age, sex, place, exact or text
    /// (e.g. --field full_name:name --field born:date). Repeat for each column.
    #[arg(long = "field", value_name = "COLUMN:KIND")]
    fields: Vec<String>,
    /// A TOML file of fields, blocking rules and thresholds (see README); fields given
    /// with --field come first, and one the file declares again takes the file's
    /// settings (its bands of days, say).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where to write the clusters (input, id, cluster).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Where to write the pairs that need a person's decision, with their reasons.
    #[arg(long, value_name = "FILE")]
    review: Option<PathBuf>,
}

fn schema_from_flags(fields: &[String]) -> Result<Schema> {
    let mut schema = Schema::new();
    for f in fields {
        let Some((column, kind)) = f.rsplit_once(':') else {
            bail!("--field {f}: write COLUMN:KIND, e.g. full_name:name");
        };
        let Some(kind) = FieldKind::parse(kind.trim()) else {
            bail!(
                "--field {f}: `{kind}` is not a kind; use name, date, age, sex, place, exact or text"
            );
        };
        schema = schema.field(Field::new(column.trim(), kind));
    }
    Ok(schema)
}

pub fn run(config: &crate::config::Config, args: Args) -> Result<()> {
    if args.input.is_empty() {
        return run_on_store(config, args);
    }
    let Some(out) = &args.out else {
        bail!(
            "give --out clusters.csv: files are linked into a file; to keep a linkage in the store, import the files as source lists and run `memoria link` without --input"
        );
    };
    if args.input.len() > usize::from(u16::MAX) {
        bail!("too many inputs");
    }
    let flags = schema_from_flags(&args.fields)?;
    let link_config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("could not read {}", path.display()))?;
            Config::from_toml_with(&text, Some(flags)).with_context(|| {
                format!("{} is not a valid linkage configuration", path.display())
            })?
        }
        None => Config {
            schema: flags,
            settings: Settings::default(),
        },
    };
    let config = link_config;
    if config.schema.fields().is_empty() {
        bail!(
            "say which columns to compare: --field COLUMN:KIND (e.g. --field name:name --field age:age), or --config FILE"
        );
    }
    config
        .schema
        .check()
        .context("the linkage configuration is not usable")?;

    let mut records = Records::new(&config.schema).context("the fields cannot be used")?;
    for (i, path) in args.input.iter().enumerate() {
        let input = u16::try_from(i + 1).expect("checked above");
        let file =
            File::open(path).with_context(|| format!("could not open {}", path.display()))?;
        let bar = ui::progress_bar(file.metadata().ok().map(|m| m.len()), "reading");
        let read = memoria_linkage::read_csv(
            std::io::BufReader::new(bar.wrap_read(file)),
            input,
            &args.id,
            &mut records,
        );
        bar.finish_and_clear();
        let summary =
            read.with_context(|| format!("could not read {} as input {input}", path.display()))?;
        ui::say(format!(
            "input {input}: {} record(s) from {}",
            summary.rows,
            path.display()
        ));
        for p in summary.problems.iter().take(10) {
            ui::say(format!(
                "  line {}, column {}: {} (taken as missing)",
                p.line, p.column, p.reason
            ));
        }
        if summary.problem_count > 10 {
            ui::say(format!(
                "  … and {} more cell(s) taken as missing",
                summary.problem_count - 10
            ));
        }
    }

    warn_of_empty_fields(&records, &config);
    finish(&records, &config, out, args.review.as_deref())
}

/// Says which declared fields an input holds no value in: usually a column named for
/// another list, or values in a form Memoria does not read. The run goes on (the field
/// counts as missing on that input's side), but the reader should know.
fn warn_of_empty_fields(records: &Records, config: &Config) {
    let fields = config.schema.fields();
    for (field, inputs) in fields.iter().zip(records.presence()) {
        for p in inputs.iter().filter(|p| p.records > 0 && p.with_value == 0) {
            ui::say(format!(
                "warning: `{}` ({}) has no value in any of the {} record(s) of input {}: it is taken as missing there. Check the column's name, and that its values are written in a form Memoria reads (README, \"Linking lists\").",
                field.name,
                field.kind.as_str(),
                p.records,
                p.input
            ));
        }
    }
}

/// "1 record: 400 · 2 records: 250 · …": how many people the linkage found with each
/// number of records, the sizes in increasing order; the ten largest sizes are named
/// when there are more.
fn sizes_line(sizes: &[(usize, usize)]) -> String {
    let shown = |&(size, count): &(usize, usize)| {
        format!("{size} record{}: {count}", if size == 1 { "" } else { "s" })
    };
    if sizes.len() <= 12 {
        sizes.iter().map(shown).collect::<Vec<_>>().join(" · ")
    } else {
        let (small, large) = sizes.split_at(sizes.len() - 10);
        let mut out: Vec<String> = small[..2].iter().map(shown).collect();
        out.push(format!("… {} other size(s) …", small.len() - 2));
        out.extend(large.iter().map(shown));
        out.join(" · ")
    }
}

/// Blocks, scores and clusters, then writes the clusters and the pairs to review.
fn finish(
    records: &Records,
    config: &Config,
    out: &std::path::Path,
    review: Option<&std::path::Path>,
) -> Result<()> {
    let linkage = link(records, config)?;
    let file = File::create(out).with_context(|| format!("could not create {}", out.display()))?;
    let mut w = csv::Writer::from_writer(BufWriter::new(file));
    w.write_record(["input", "id", "cluster"])?;
    for row in linkage.clusters() {
        w.write_record([
            row.input.to_string(),
            row.id.to_string(),
            row.cluster.to_string(),
        ])?;
    }
    w.flush()?;
    ui::say(format!("clusters written to {}", out.display()));
    if let Some(path) = review {
        write_review(records, config, &linkage, path)?;
    }
    Ok(())
}

/// Blocks (reporting each rule's pairs first), scores and clusters, and says what came
/// of it in numbers.
fn link<'r>(records: &'r Records, config: &Config) -> Result<Linkage<'r>> {
    let plan = memoria_linkage::plan(records, &config.settings)
        .context("the blocking rules were refused before any pair was scored")?;
    ui::say(format!("blocking:\n{}", plan.report()));
    let pairs = plan.report().union;
    let spinner = ui::spinner("");
    let linkage = plan.run_reporting(|stage| {
        spinner.set_message(match stage {
            Stage::Comparing => format!("comparing {pairs} candidate pair(s), field by field"),
            Stage::Estimating => "estimating the model from random pairs and by EM".to_string(),
            Stage::Scoring => "scoring every pair".to_string(),
            Stage::Clustering => "clustering, strongest pairs first".to_string(),
        })
    });
    spinner.finish_and_clear();
    let sizes = linkage.cluster_sizes();
    let people: usize = sizes.iter().map(|(_, n)| n).sum();
    let linked = linkage.linked_pairs().count();
    ui::say(format!(
        "{} record(s) → {people} cluster(s); {linked} pair(s) linked, {} uncertain pair(s) to review",
        records.len(),
        linkage.review().len()
    ));
    ui::say(format!(
        "people by number of records: {}",
        sizes_line(&sizes)
    ));
    if records.len() < memoria_linkage::FEW_RECORDS {
        ui::say(format!(
            "note: {} records give the model little to learn from. Memoria learns what tells \
             people apart from the records themselves, and among so few it may leave one \
             person's records apart: link whole lists together rather than a handful of rows.",
            records.len()
        ));
    }
    Ok(linkage)
}

/// Writes the uncertain pairs with each field's level and bits (never a value).
fn write_review(
    records: &Records,
    config: &Config,
    linkage: &Linkage<'_>,
    path: &std::path::Path,
) -> Result<()> {
    let file =
        File::create(path).with_context(|| format!("could not create {}", path.display()))?;
    let mut w = csv::Writer::from_writer(BufWriter::new(file));
    let fields: Vec<String> = config
        .schema
        .fields()
        .iter()
        .map(|f| f.name.clone())
        .collect();
    let mut header = vec![
        "input_a".to_string(),
        "id_a".into(),
        "input_b".into(),
        "id_b".into(),
        "probability".into(),
    ];
    header.extend(fields.iter().map(|f| format!("{f} (level, bits)")));
    w.write_record(&header)?;
    for p in &linkage.review() {
        let (a, b) = (records.record(p.a), records.record(p.b));
        let why = linkage.explain(p.a, p.b);
        let mut row = vec![
            a.input.to_string(),
            a.id.to_string(),
            b.input.to_string(),
            b.id.to_string(),
            format!("{:.4}", p.probability),
        ];
        for f in &fields {
            row.push(
                why.fields
                    .iter()
                    .find(|c| &c.field == f)
                    .map(|c| format!("{} ({:+.2})", c.label, c.bits + c.tf_bits))
                    .unwrap_or_default(),
            );
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    ui::say(format!("pairs to review written to {}", path.display()));
    Ok(())
}

/// Links the source lists of a collection in the store: each list is an input, in
/// the order of their names. Reading the lists reads victims' names, so each list read
/// is audited under the acting account.
fn run_on_store(config: &crate::config::Config, args: Args) -> Result<()> {
    let (store, actor) = config.open_initialised(false)?;
    let collection = crate::config::collection(store.as_ref(), args.collection.as_deref())?;
    let mut settings_text = None;
    let link_config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("could not read {}", path.display()))?;
            // A file without fields of its own uses the list records' fields.
            let own_fields = text.lines().any(|l| l.trim() == "[[field]]");
            let base = (!own_fields).then(memoria_analysis::record_schema);
            let parsed = Config::from_toml_with(&text, base).with_context(|| {
                format!("{} is not a valid linkage configuration", path.display())
            })?;
            settings_text = Some(text);
            parsed
        }
        None => memoria_analysis::record_config(),
    };
    let (records, lists, link_config) =
        memoria_analysis::read_lists_decided(store.as_ref(), &actor, collection, &link_config)
            .context("could not read the collection's source lists")?;
    let decided = link_config.settings.decisions.len();
    if decided > 0 {
        ui::say(format!(
            "{decided} reviewer decision(s) on pairs go over the model's score"
        ));
    }
    for l in &lists {
        ui::say(format!(
            "input {}: {} record(s) from the list {}",
            l.input, l.records, l.name
        ));
    }
    let names: Vec<&str> = lists.iter().map(|l| l.name.as_str()).collect();
    if let Some(out) = &args.out {
        finish(&records, &link_config, out, args.review.as_deref())?;
        ui::say(format!(
            "next: memoria estimate lcmcr --input {} --lists \"{}\"",
            out.display(),
            names.join(",")
        ));
        return Ok(());
    }
    // Without --out the linkage is kept in the store, for the review pages and for
    // estimates, as a new revision of the collection's linkage.
    if records.len() > memoria_core::entity::LinkageResult::MAX_RECORDS {
        bail!(
            "{} records are more than the store keeps in one linkage (200,000); give --out clusters.csv",
            records.len()
        );
    }
    let decisions = memoria_analysis::match_decisions(store.as_ref(), collection)?;
    let basis = memoria_analysis::basis(&records, &decisions);
    let linkage = link(&records, &link_config)?;
    if let Some(path) = args.review.as_deref() {
        write_review(&records, &link_config, &linkage, path)?;
    }
    let kept = memoria_analysis::keep(
        store.as_ref(),
        &actor,
        collection,
        &lists,
        &records,
        &linkage,
        decided,
        basis,
        settings_text,
    )
    .context("could not keep the linkage in the store")?;
    ui::say(format!(
        "linkage kept in the store as record {} (version {}); the analysis page shows its pairs to review, and `memoria restore {} --to N` returns to an earlier one",
        kept.id, kept.version, kept.id
    ));
    ui::say(
        "next: memoria estimate lcmcr (it takes the kept linkage while the lists and decisions are unchanged)",
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sizes_line;

    #[test]
    fn cluster_sizes_are_said_smallest_first_and_long_tails_cut() {
        assert_eq!(
            sizes_line(&[(1, 400), (2, 250), (3, 60)]),
            "1 record: 400 · 2 records: 250 · 3 records: 60"
        );
        let many: Vec<(usize, usize)> = (1..=20).map(|s| (s, 21 - s)).collect();
        let line = sizes_line(&many);
        assert!(
            line.starts_with("1 record: 20 · 2 records: 19 · … 8 other size(s) … · 11 records: 10"),
            "{line}"
        );
        assert!(line.ends_with("20 records: 1"), "{line}");
    }
}
