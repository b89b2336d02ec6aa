#!/usr/bin/env bash
# Memoria and Splink on the same synthetic records, run after run, on this machine.
#
#   crates/memoria-linkage/baseline/splink/compare.sh [RECORDS] [RUNS] [--growing-world]
#
# RECORDS (1000000 by default) are generated once by Memoria's linkage benchmark and
# deduplicated RUNS times (3 by default) by each tool in turn, so that both meet the
# same load on a shared machine; each run prints one line. --growing-world draws them
# from the benchmark's growing world (the same error rates and density at every size)
# instead of its one world of six countries. Splink 4 and DuckDB are
# installed, at the versions in requirements.txt, in a virtual environment under
# target/ on the first run (it needs the package index once).
set -euo pipefail

records=${1:-1000000}
runs=${2:-3}
world=${3:-}
if [ -n "$world" ] && [ "$world" != "--growing-world" ]; then
  echo "the third argument, if any, is --growing-world" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
venv=$root/target/splink-venv
data=$root/target/splink-records-$records${world:+-growing}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/pip" freeze | grep -qx "splink==4.0.17"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
fi
cargo build --release -q -p memoria-linkage --example link_bench --manifest-path "$root/Cargo.toml"
bench=$root/target/release/examples/link_bench
if [ ! -f "$data/truth.csv" ]; then
  "$bench" --records "$records" $world --write "$data"
fi

for run in $(seq "$runs"); do
  echo "run $run of $runs"
  "$bench" --records "$records" $world 2>&1 | grep '^synthetic'
  "$venv/bin/python" "$here/run.py" "$data" 2>/dev/null
done
