#!/usr/bin/env bash
# matching (issue 15): the sharded mode with real daemons at 10M.
# MATCH_SHARDS_N (10,000,000) synthetic trainees -- match_bench's
# generator, the same data as `match_bench -n N -S 4 -P` -- are written
# into a private redis-server in the matcher's own layout (match_bench -W:
# one pipelined HSET a bucket of 128), then MATCH_SHARDS_K (4)
# hunar_matcher daemons with HUNAR_MATCH_SHARD i/K load their parts from
# those blobs, and one more hunar_matcher loads the whole population
# (the single index).  MATCH_SHARDS_GIGS (100) gigs are ranked top-50
# through match_shards_rank() -- what Kore runs with HUNAR_MATCH_SHARDS --
# and through the single matcher's RANK (bench/match_shards_bench.c).
# It prints Redis bytes per profile, each daemon's load time and resident
# memory, p50/p99 per ranking sharded and single, and for how many gigs
# the top-50 is identical; it exits non-zero on any difference.
#
# PostgreSQL: a scratch database with Hunar's migrations holds the gigs
# only (the matchers read a gig from match_gig_row()).  Its trainee
# functions (match_profile_all(), match_profile_rows()) are dropped: the
# matchers' reconciliation with PostgreSQL after the blobs then fails
# ("load from postgresql failed; the old index answers") instead of
# emptying the index and the blobs -- 10M trainees in PostgreSQL would not
# load in this bench's time; the Redis blobs are the data here.
# Expects PostgreSQL up (make up); leaves nothing running.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. infra/hunar.env
[ -f infra/hunar.env.local ] && . infra/hunar.env.local
# The private redis-server below has no password (the stack's has).
unset HUNAR_REDIS_PASSWORD REDISCLI_AUTH HUNAR_MATCH_SHARDS
. bench/match_scratch.bash
BUILD=${HUNAR_BUILD:-build}
N=${MATCH_SHARDS_N:-10000000}
K=${MATCH_SHARDS_K:-4}
GIGS=${MATCH_SHARDS_GIGS:-100}
DB=hunar_match_shards
PSQL=(psql -X -q -h 127.0.0.1 -p "$HUNAR_PG_PORT" -U hunar -v ON_ERROR_STOP=1)

make -s "$BUILD/bin/match_bench" "$BUILD/bin/hunar_matcher" \
    "$BUILD/bin/match_shards_bench" BUILD="$BUILD" || exit 1
TMP=$(mktemp -d /tmp/match_shards.XXXXXX)
RPID= PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	[ -n "$RPID" ] && kill "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
	"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
uptime
T0=$(date +%s)

scratch_redis "$TMP"
"$BUILD/bin/match_bench" -n "$N" -q "$GIGS" -W "$RPORT" -d "$TMP" || exit 1

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB" >/dev/null 2>&1 || exit 1
PGHOST=127.0.0.1 PGPORT=$HUNAR_PG_PORT PGUSER=hunar PGDATABASE=$DB \
    HUNAR_NO_SEED=1 bash infra/migrate >/dev/null || exit 1
"${PSQL[@]}" -d "$DB" >/dev/null <<EOF || exit 1
$(scratch_gig_sql "$TMP")
DROP FUNCTION match_profile_all();
DROP FUNCTION match_profile_rows(bigint);
EOF

# One matcher: $1 = shard "i/K" or "" (the whole population).  Its port,
# pid and log by its name $2.
start_matcher() {
	local port
	port=$(freeport)
	HUNAR_PG_DB=$DB HUNAR_PG_PORT=$HUNAR_PG_PORT HUNAR_REDIS_PORT=$RPORT \
	    HUNAR_MATCH_SNAP=off HUNAR_MATCH_SHARD=$1 \
	    "$BUILD/bin/hunar_matcher" -p "$port" 2>"$TMP/$2.log" &
	PIDS+=($!)
	echo "$2 $port $!" >>"$TMP/matchers"
}
# Until the named matcher has its index from the blobs and its failed
# reconciliation behind it; then "name port pid trainees load_ms rss_mb".
wait_matcher() {
	local name port pid n ms rss
	read -r name port pid < <(grep "^$1 " "$TMP/matchers")
	for _ in $(seq 2400); do
		grep -q 'load from postgresql failed' "$TMP/$name.log" && break
		sleep 0.5
	done
	exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
	echo STATS >&3
	n=$(grep -o '"profiles":[0-9]*' <&3 | cut -d: -f2)
	exec 3<&-
	ms=$(sed -n 's/.*loaded [0-9]* trainees from redis in \([0-9]*\) ms.*/\1/p' \
	    "$TMP/$name.log" | tail -n 1)
	rss=$(awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$pid/status")
	echo "$name $port $pid ${n:-0} ${ms:--1} $rss"
}

for i in $(seq 0 $((K - 1))); do
	start_matcher "$i/$K" "shard$i"
done
for i in $(seq 0 $((K - 1))); do
	wait_matcher "shard$i" || exit 1
done >"$TMP/shards"
echo "$K shards loaded together from the Redis blobs ($(( $(date +%s) - T0 )) s into the run):"
total=0
while read -r name port pid n ms rss; do
	printf '  %s (HUNAR_MATCH_SHARD %s/%s): %s trainees, loaded in %.1f s, resident %s MB\n' \
	    "$name" "${name#shard}" "$K" "$n" "$(echo "$ms / 1000" | bc -l)" "$rss"
	total=$((total + n))
done <"$TMP/shards"
rss_sh=$(awk '{ s += $6 } END { print s }' "$TMP/shards")
echo "  together: $total of $N trainees, resident $rss_sh MB"
[ "$total" -eq "$N" ] || { echo "match_shards: the shards hold $total trainees, not $N" >&2; exit 1; }

start_matcher "" single
wait_matcher single >"$TMP/single" || exit 1
read -r _ sport _ sn sms srss <"$TMP/single"
printf 'single hunar_matcher (full index): %s trainees, loaded in %.1f s, resident %s MB\n' \
    "$sn" "$(echo "$sms / 1000" | bc -l)" "$srss"
[ "$sn" -eq "$N" ] || { echo "match_shards: the single matcher holds $sn trainees" >&2; exit 1; }

ports=$(awk '{ print $2 }' "$TMP/shards" | paste -sd,)
uptime
HUNAR_MATCH_SHARDS=$ports "$BUILD/bin/match_shards_bench" -1 "$sport" \
    -g "$GIGS" -k 50
rv=$?
uptime
echo "wall time $(($(date +%s) - T0)) s"
exit "$rv"
