#!/usr/bin/env bash
# web (issue 11): the in-memory gig search index (web/web_search.c)
# against the SQL the web runs today, over the gigs web_bench.sh loads
# (100k) and its 1,000 searches: the share of the Zipf-drawn traffic the
# index answers identically (codes in order, capped count), the share it
# hands back to SQL, and the mean time of each (bench/web_search_bench.c).
# WEB_SEARCH_BENCH_N limits the searches (the most popular first).  Run
# web_bench.sh first (it loads the gigs); fails when an answer differs.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. infra/hunar.env
[ -f infra/hunar.env.local ] && . infra/hunar.env.local
export HUNAR_PG_PORT
T=${TMPDIR:-/tmp}
PSQL="psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $HUNAR_PG_PORT -U hunar -d hunar"
python3 bench/web_search_queries.py $PSQL >"$T/web_search_bench.queries" || exit 1
"${HUNAR_BUILD:-build}/bin/web_search_bench" "$T/web_search_bench.queries" \
    "${WEB_SEARCH_BENCH_N:-1000}"
