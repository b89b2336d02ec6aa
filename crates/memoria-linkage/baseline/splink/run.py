"""Splink on the records Memoria's linkage benchmark links, for a baseline measured in
the same session on the same machine.

    cargo run --release -p memoria-linkage --example link_bench -- --records 1000000 --write DIR
    python3 -m venv VENV && VENV/bin/pip install -r requirements.txt
    VENV/bin/python run.py DIR

It deduplicates DIR/records.csv with Splink 4 on DuckDB, the way Splink's own
tutorials build a model of people: forename and surname (with swaps and Jaro-Winkler
bands, term frequencies on the full name), date of birth, age, sex and the place at
three levels; u from random pairs, m by EM on two blocking rules; prediction blocked by
rules like Memoria's; clusters at probability 0.5. Then it scores the clusters pairwise
against DIR/truth.csv and prints one line as the Memoria benchmark does: time from
reading to clusters, peak memory of the process, precision, recall, F1, and the recall
blocking alone keeps.

The records are synthetic: no person in them exists.
"""

import resource
import sys
import time

import duckdb
import splink.comparison_library as cl
import splink.comparison_level_library as cll
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def prepared(con, path):
    """Reads the records into the table `records` with the columns Splink compares, derived as a Splink user would:
    lower case without accents, the first part of the name as the forename and the last
    as the surname, sex as m / f, the place split into its three levels."""
    con.execute(
        "create table raw as select * from read_csv(?, header = true, all_varchar = true)",
        [path],
    )
    con.execute(
        """
        create table records as
        with parts as (
            select
                id,
                regexp_split_to_array(trim(regexp_replace(lower(strip_accents(name)),
                    '[^\\p{L}\\p{N}]+', ' ', 'g')), ' ') as p,
                try_cast(born as date) as born,
                try_cast(age as integer) as age,
                case when lower(sex) in ('m', 'male') then 'm'
                     when lower(sex) in ('f', 'female') then 'f' end as sex,
                string_split(place, ' > ') as levels
            from raw
        )
        select
            cast(id as bigint) as unique_id,
            nullif(p[1], '') as first_name,
            case when len(p) > 1 then p[len(p)] end as surname,
            case when len(p) > 1 then p[1] || ' ' || p[len(p)] end as full_name,
            born,
            age,
            sex,
            nullif(levels[1], '') as country,
            nullif(levels[2], '') as region,
            nullif(levels[3], '') as district
        from parts
        """
    )
    return con.execute("select count(*) from records").fetchall()[0][0]


def place_comparison():
    return cl.CustomComparison(
        output_column_name="place",
        comparison_levels=[
            cll.NullLevel("country"),
            cll.ExactMatchLevel("district").configure(tf_adjustment_column="district"),
            cll.ExactMatchLevel("region"),
            cll.ExactMatchLevel("country"),
            cll.ElseLevel(),
        ],
    )


def age_comparison():
    return cl.CustomComparison(
        output_column_name="age",
        comparison_levels=[
            cll.NullLevel("age"),
            cll.ExactMatchLevel("age"),
            cll.AbsoluteDifferenceLevel("age", 2),
            cll.ElseLevel(),
        ],
    )


def main():
    directory = sys.argv[1]
    con = duckdb.connect()
    started = time.monotonic()
    last = [started]

    def phase(what):
        now = time.monotonic()
        print(f"{what}: {now - last[0]:.2f} s", file=sys.stderr)
        last[0] = now

    count = prepared(con, f"{directory}/records.csv")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name", "surname", forename_surname_concat_col_name="full_name"
            ),
            cl.DateOfBirthComparison("born", input_is_string=False),
            age_comparison(),
            cl.ExactMatch("sex"),
            place_comparison(),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("born", "country"),
            block_on("surname", "age", "country"),
            block_on("age", "sex", "district"),
            block_on("surname", "district"),
            block_on("born", "surname"),
            block_on("first_name", "district"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker("records", settings, db_api=DuckDBAPI(connection=con))
    phase("read and prepare")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "born")], recall=0.7
    )
    phase("prior")
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=42)
    phase("u")
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("born", "country")
    )
    phase("m by EM")
    pairs = linker.inference.predict(threshold_match_probability=0.01)
    phase("predict")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold_match_probability=0.5
    )
    phase("cluster")
    clusters_table = clusters.physical_name
    con.execute(f"create table clusters as select unique_id, cluster_id from {clusters_table}")
    seconds = time.monotonic() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    con.execute(
        """
        create table truth as
        select cast(id as bigint) as unique_id, person
        from read_csv(?, header = true, all_varchar = true)
        """,
        [f"{directory}/truth.csv"],
    )
    true_pairs, found_pairs, right_pairs = con.execute(
        """
        with joined as (
            select c.cluster_id, t.person from clusters c join truth t using (unique_id)
        ),
        by_person as (select count(*) as n from joined group by person),
        by_cluster as (select count(*) as n from joined group by cluster_id),
        by_both as (select count(*) as n from joined group by cluster_id, person)
        select
            (select sum(n * (n - 1) / 2) from by_person),
            (select sum(n * (n - 1) / 2) from by_cluster),
            (select sum(n * (n - 1) / 2) from by_both)
        """
    ).fetchall()[0]
    # Blocking alone: the true pairs the prediction rules made candidates (at any score).
    candidates = linker.inference.predict(threshold_match_probability=0.0)
    kept = con.execute(
        f"""
        select count(*) from {candidates.physical_name} p
        join truth l on l.unique_id = p.unique_id_l
        join truth r on r.unique_id = p.unique_id_r
        where l.person = r.person
        """
    ).fetchall()[0][0]
    precision = right_pairs / max(found_pairs, 1)
    recall = right_pairs / max(true_pairs, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    print(
        f"splink {count}: {seconds:.2f} s, peak {peak_mib:.0f} MiB, "
        f"precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}, "
        f"blocking recall {kept / max(true_pairs, 1):.4f}"
    )


if __name__ == "__main__":
    main()
