#!/usr/bin/env bash
# bench-import.sh CLI
#
# Importing a transactions CSV of $HY_BENCH_IMPORT_ROWS rows (default 1M; BENCHMARKS.md has 10M)
# with huiyuan-cli, against sqlite3's own .import of the same file into a plain table, on the
# same machine.  The CSV is the first rows of the shared benchmark database's export.

set -euo pipefail

cli=$1
rows=${HY_BENCH_IMPORT_ROWS:-1000000}
dir=${HY_BENCH_DIR:-$(dirname "$cli")/../../bench-data}
mkdir -p "$dir"
db=$(ls "$dir"/demo-*.huiyuan 2>/dev/null | head -n 1 || true)
if [ -z "$db" ]; then
  echo "No benchmark database in $dir: run the demo benchmark first" >&2
  exit 77
fi

csv="$dir/import-$rows.csv"
if [ ! -f "$csv" ]; then
  "$cli" --db "$db" --quiet export transactions - 2>/dev/null | head -n $((rows + 1)) > "$csv.tmp" || true
  mv "$csv.tmp" "$csv"
fi

seconds ()
{
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

rm -f "$dir/sqlite3-import.db"
sqlite3_s=$(seconds sqlite3 "$dir/sqlite3-import.db" ".mode csv" ".import $csv t")

run_huiyuan ()
{
  rm -f "$dir/huiyuan-import.db" "$dir/huiyuan-import.db-wal" "$dir/huiyuan-import.db-shm"
  "$cli" --db "$dir/huiyuan-import.db" --quiet init --time-zone Asia/Shanghai > /dev/null
  seconds "$cli" --db "$dir/huiyuan-import.db" --quiet import transactions "$csv" "$@"
}

checked_s=$(run_huiyuan)
partial_s=$(run_huiyuan --accept-partial)

printf "%-44s %12d rows\n" "import: CSV rows" "$rows"
printf "%-44s %12.3f s\n" "import: sqlite3 .import into one table" "$sqlite3_s"
printf "%-44s %12.3f s\n" "import: huiyuan-cli, checked then written" "$checked_s"
printf "%-44s %12.3f s\n" "import: huiyuan-cli --accept-partial (1 pass)" "$partial_s"
printf "%-44s %12.2f x\n" "import: checked / sqlite3" "$(echo "$checked_s / $sqlite3_s" | bc -l)"
printf "%-44s %12.2f x\n" "import: accept-partial / sqlite3" "$(echo "$partial_s / $sqlite3_s" | bc -l)"
rm -f "$dir/sqlite3-import.db" "$dir"/huiyuan-import.db*
