#!/usr/bin/env bash
# matching (issue 6): the ranking against its baselines, in one run.
#   1. build/bin/match_bench: N = 10k, 100k, 1M synthetic trainees, top-50
#      p50/p99 of the index (1 and 2 threads) and of a plain bitset scan
#      (AND + popcount + top-k) of the same data, as ratios; the top-50
#      against brute force; the largest N split in MATCH_BENCH_SHARDS (2)
#      shards ranked in parallel and merged, against the single index,
#      then the same shards each in a process of its own, asked over a
#      socket and merged (per-shard and merged p50/p99);
#      Redis memory per profile in a scratch redis-server (the matcher's
#      buckets against version 1's key per blob + candidate sets).
#      MATCH_BENCH_N=10000000 MATCH_BENCH_REDIS_N=1000000 for the 10M run.
#   2. The same 1M trainees loaded into a scratch database of the project's
#      PostgreSQL, and the same ranking (same formula, same weights) as one
#      SQL query per gig: its latency against the index's, and whether the
#      top-50 agree.
#   3. wrk on /healthz while hunar_matcher ranks a gig in a loop: Kore's
#      event loop does not stall while ranking (the matcher is a separate
#      process).
# Expects the stack up (bench/run does it).  Sizes: MATCH_BENCH_N,
# MATCH_BENCH_QUERIES, MATCH_BENCH_SQL_GIGS, MATCH_BENCH_SHARDS,
# MATCH_BENCH_REDIS_N.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. infra/hunar.env
[ -f infra/hunar.env.local ] && . infra/hunar.env.local
# The scratch redis-server below has no password (the stack's has).
unset HUNAR_REDIS_PASSWORD REDISCLI_AUTH
. bench/match_scratch.bash
BUILD=${HUNAR_BUILD:-build}
N=${MATCH_BENCH_N:-10000,100000,1000000}
Q=${MATCH_BENCH_QUERIES:-300}
SQLG=${MATCH_BENCH_SQL_GIGS:-10}
MPORT=${HUNAR_MATCH_PORT:-18090}
DB=hunar_match_bench
PSQL=(psql -X -q -h 127.0.0.1 -p "$HUNAR_PG_PORT" -U hunar -v ON_ERROR_STOP=1)

make -s "$BUILD/bin/match_bench" BUILD="$BUILD" || exit 1
TMP=$(mktemp -d /tmp/match_bench.XXXXXX)
RPID=
cleanup() {
	[ -n "$RPID" ] && kill "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
	"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT

scratch_redis "$TMP"

"$BUILD/bin/match_bench" -n "$N" -q "$Q" -d "$TMP" -r "$RPORT" \
    -S "${MATCH_BENCH_SHARDS:-2}" -P \
    -R "${MATCH_BENCH_REDIS_N:-1000000}" | tee "$TMP/c.out" || exit 1
kill "$RPID" && wait "$RPID" 2>/dev/null
RPID=

# --- the same ranking in PostgreSQL --------------------------------------
echo "postgresql: loading the largest population into database $DB" >&2
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB" >/dev/null || exit 1
"${PSQL[@]}" -d "$DB" >/dev/null <<EOF || exit 1
CREATE TABLE trainees (user_id bigint PRIMARY KEY, district int,
    province int, avail smallint, quiz smallint, certs smallint,
    rating smallint, gigs int, last_active bigint, certified_at bigint);
CREATE TABLE tskills (user_id bigint, skill_id int, level smallint,
    cert boolean);
\copy trainees FROM '$TMP/trainees.tsv'
\copy tskills FROM '$TMP/skills.tsv'
CREATE INDEX tskills_skill ON tskills (skill_id) INCLUDE (user_id, level, cert);
VACUUM ANALYZE trainees;
VACUUM ANALYZE tskills;
EOF
echo "postgresql: $("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM trainees") trainees," \
    "$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM tskills") skill rows," \
    "$("${PSQL[@]}" -d "$DB" -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")" >&2

# One SQL file per gig: the formula of match_score.c with the default
# weights (parts 45/15/8/12/12/8 of 100, required 2 / nice 1, uncertified
# 0.7, under level 0.4, level step 0.1, location 1/0.6/0.3/0, availability
# 1/0.7/0.4/0, quiz share 0.5 of 3 certificates, prior 3.5 x 2, gigs half
# 5, cold start 60 days 0.6, recency half-life 30 days), now = 1764300000.
python3 - "$TMP" "$SQLG" <<'EOF'
import sys
tmp, ngig = sys.argv[1], int(sys.argv[2])
gigs = [l.rstrip("\n").split("\t") for l in open(tmp + "/gigs.tsv")][:ngig]
sk = {}
for l in open(tmp + "/gig_skills.tsv"):
    g, s, m, r = l.rstrip("\n").split("\t")
    sk.setdefault(g, []).append((int(s), int(m), r == "t"))
for gid, dist, prov, remote in gigs:
    vals = ",".join("(%d,%d,%s)" % (s, m, "true" if r else "false")
                    for s, m, r in sk[gid])
    skw = sum(2 if r else 1 for _, _, r in sk[gid])
    q = """
WITH g(skill_id, min_level, req) AS (VALUES %s),
c AS (
  SELECT s.user_id, sum(CASE WHEN g.req THEN 2.0 ELSE 1.0 END::float8 *
      CASE WHEN s.level >= g.min_level THEN 1 - 0.1 * (3 - s.level::float8)
           ELSE 0.4 * s.level::float8 / g.min_level END *
      CASE WHEN s.cert THEN 1 ELSE 0.7 END) AS sk
  FROM tskills s JOIN g ON g.skill_id = s.skill_id
  GROUP BY s.user_id),
r AS (
  SELECT t.*, c.sk,
    0.7 * ((CASE WHEN t.rating = 0 THEN 3.5 ELSE
      (t.rating::float8 / 100 * greatest(t.gigs, 1) + 3.5 * 2) /
      (greatest(t.gigs, 1) + 2) END) - 1) / 4 +
      0.3 * t.gigs::float8 / (t.gigs + 5.0) AS rep0,
    greatest(0, (1764300000 - t.certified_at)::float8 / 86400) AS cage
  FROM c JOIN trainees t USING (user_id))
SELECT user_id, round(1000000 * (
    0.45 * sk / %d
  + 0.15 * CASE WHEN district = %s THEN 1 WHEN province = %s THEN 0.6
                WHEN %s THEN 0.3 ELSE 0 END
  + 0.08 * (ARRAY[1, 0.7, 0.4, 0]::float8[])[avail + 1]
  + 0.12 * (0.5 * quiz::float8 / 100 + 0.5 * least(1, certs::float8 / 3))
  + 0.12 * CASE WHEN gigs = 0 AND certified_at > 0 AND cage < 60
                THEN greatest(rep0, 0.6 * (1 - cage / 60)) ELSE rep0 END
  + 0.08 * power(0.5::float8, greatest(0, (1764300000 - last_active)::float8 / 86400) / 30)
  ))::int AS score
FROM r ORDER BY score DESC, user_id LIMIT 50;
""" % (vals, skw, dist, prov, "true" if remote == "t" else "false")
    open("%s/q%s.sql" % (tmp, gid), "w").write(q)
EOF

NT=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM trainees")
c_p50=$(awk '/rank, 1 thread/ { v = $0 } END { sub(/.*p50 /, "", v); sub(/ ms.*/, "", v); print v }' "$TMP/c.out")
: >"$TMP/sql.ms"
agree=0 total=0
for f in "$TMP"/q*.sql; do
	gid=$(basename "$f" .sql | tr -d q)
	# Twice: the first run warms the caches, the second is timed.
	"${PSQL[@]}" -d "$DB" -At -f "$f" >/dev/null
	out=$("${PSQL[@]}" -d "$DB" -At -F $'\t' -c '\timing on' -f "$f")
	echo "$out" | awk '/^Time:/ { print $2 }' >>"$TMP/sql.ms"
	echo "$out" | grep -v '^Time:' | cut -f1 >"$TMP/sql.$gid"
	awk -F'\t' -v g="$gid" '$1 == g { print $3 }' "$TMP/c_top.tsv" >"$TMP/c.$gid"
	total=$((total + 1))
	cmp -s "$TMP/sql.$gid" "$TMP/c.$gid" && agree=$((agree + 1))
done
sql_p50=$(sort -n "$TMP/sql.ms" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
printf 'postgresql, same ranking as one SQL query (%d gigs, %s trainees): p50 %.1f ms; index p50 %s ms: %.0fx faster; top-50 identical for %d of %d gigs\n' \
    "$total" "$NT" "$sql_p50" "$c_p50" "$(echo "$sql_p50 / $c_p50" | bc -l)" "$agree" "$total"

# --- Kore keeps serving while the matcher ranks --------------------------
BASE=http://127.0.0.1:$HUNAR_HTTP_PORT
if curl -sf "$BASE/api/v1/hello" >/dev/null && python3 - "$MPORT" <<'EOF' >/dev/null 2>&1
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
s.sendall(b"STATS\n"); assert s.recv(100)
EOF
then
	GIG=$("${PSQL[@]}" -d hunar -Atc "SELECT gig_id FROM gig_skills GROUP BY gig_id ORDER BY count(*) DESC, gig_id LIMIT 1")
	idle=$(wrk -t2 -c32 -d5s "$BASE/api/v1/hello" 2>/dev/null | awk '/^Requests\/sec/ { print int($2) }')
	python3 - "$MPORT" "$GIG" >"$TMP/ranks" <<'EOF' &
import socket, sys, time
end, n = time.time() + 6, 0
while time.time() < end:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.sendall(b"RANK %s 50 0\n" % sys.argv[2].encode())
    while s.recv(65536):
        pass
    n += 1
print(n)
EOF
	LPID=$!
	busy=$(wrk -t2 -c32 -d5s --latency "$BASE/api/v1/hello" 2>/dev/null | tee "$TMP/wrk" | awk '/^Requests\/sec/ { print int($2) }')
	wait "$LPID"
	p99=$(awk '$1 == "99%" { print $2 }' "$TMP/wrk")
	printf 'wrk /api/v1/hello (2 threads, 32 conns): %s req/s idle, %s req/s (p99 %s) while the matcher answered %s rankings of gig %s\n' \
	    "$idle" "$busy" "$p99" "$(cat "$TMP/ranks")" "$GIG"
else
	echo "wrk during ranking: skipped (Kore or hunar_matcher on :$MPORT not up)"
fi
