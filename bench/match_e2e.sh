#!/usr/bin/env bash
# matching (issue 6, 15), end to end at scale: a second hunar_matcher over
# a scratch copy of Hunar's schema holding MATCH_E2E_N (1M) synthetic
# trainees, with its own scratch Redis.  It prints
#   - the matcher's first start (Redis empty: every trainee from
#     PostgreSQL, written through to Redis) and Redis memory per profile;
#   - its cold start with the Redis blobs there (answering from the blobs,
#     then PostgreSQL reconciled in the background while it answers), as a
#     ratio to the first; its cold start from its snapshot file after a
#     SIGKILL, as a ratio to the one from Redis (same run); a reload
#     (match:gen bumped) under RANK load: every request answered, and the
#     longest;
#   - RANK latency over the socket (gig from PostgreSQL, rank, explain the
#     top 50, JSON), p50/p99;
#   - how fast a profile change reaches the ranking at that size;
#   - wrk against the live Kore while this matcher ranks in a loop.
# Expects the stack up (bench/run does it); leaves nothing behind (with
# MATCH_E2E_KEEP=1 the scratch database stays; MATCH_E2E_REUSE=1 then
# measures again without loading it).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. infra/hunar.env
[ -f infra/hunar.env.local ] && . infra/hunar.env.local
# The scratch redis-server below has no password (the stack's has).
unset HUNAR_REDIS_PASSWORD REDISCLI_AUTH
. bench/match_scratch.bash
BUILD=${HUNAR_BUILD:-build}
N=${MATCH_E2E_N:-1000000}
DB=hunar_match_e2e
PSQL=(psql -X -q -h 127.0.0.1 -p "$HUNAR_PG_PORT" -U hunar -v ON_ERROR_STOP=1)

make -s "$BUILD/bin/match_bench" "$BUILD/bin/hunar_matcher" BUILD="$BUILD" || exit 1
TMP=$(mktemp -d /tmp/match_e2e.XXXXXX)
RPID= MPID=
cleanup() {
	[ -n "$MPID" ] && kill "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null
	[ -n "$RPID" ] && kill "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
	[ -n "${MATCH_E2E_KEEP:-}" ] || "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT

# MATCH_E2E_REUSE=1 with MATCH_E2E_KEEP=1 before: the database as it is.
if [ -z "${MATCH_E2E_REUSE:-}" ]; then
"$BUILD/bin/match_bench" -n "$N" -q 20 -d "$TMP" >/dev/null 2>&1 || exit 1

echo "scratch database $DB: Hunar's migrations, $N trainees" >&2
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB" >/dev/null 2>&1 || exit 1
PGHOST=127.0.0.1 PGPORT=$HUNAR_PG_PORT PGUSER=hunar PGDATABASE=$DB \
    HUNAR_NO_SEED=1 bash infra/migrate >/dev/null || exit 1
t0=$(date +%s.%N)
"${PSQL[@]}" -d "$DB" >/dev/null <<EOF || exit 1
SET session_replication_role = replica;
$(scratch_gig_sql "$TMP")
CREATE TEMP TABLE t (user_id bigint, district int, province int,
    avail smallint, quiz smallint, certs smallint, rating smallint,
    gigs int, last_active bigint, certified_at bigint);
CREATE TEMP TABLE s (user_id bigint, skill_id int, level smallint,
    cert boolean);
\copy t FROM '$TMP/trainees.tsv'
\copy s FROM '$TMP/skills.tsv'
INSERT INTO districts (id, province_id, name_en, name_ur)
    SELECT DISTINCT district, province, 'District ' || district, 'D'
    FROM t ON CONFLICT DO NOTHING;
INSERT INTO users (id, phone, name, role, district_id, channel, last_active)
    SELECT user_id, '92' || lpad(user_id::text, 10, '0'), 'T' || user_id,
    'trainee', district, 'seed', to_timestamp(last_active) FROM t;
INSERT INTO profiles (user_id, availability)
    SELECT user_id, (ARRAY['full_time', 'part_time', 'weekends',
    'unavailable'])[avail + 1] FROM t;
INSERT INTO user_skills (user_id, skill_id, level, certified, certified_at)
    SELECT s.user_id, s.skill_id, s.level, s.cert,
    CASE WHEN s.cert THEN now() - interval '100 days' END FROM s;
SELECT setval('users_id_seq', (SELECT max(id) FROM users));
ANALYZE;
EOF
printf 'loaded in %.0f s\n' "$(echo "$(date +%s.%N) - $t0" | bc -l)" >&2

t0=$(date +%s.%N)
# Every column: a count(*) would let the planner skip the subqueries.
"${PSQL[@]}" -d "$DB" -c "\\copy (SELECT * FROM match_profile_rows(NULL)) TO '/dev/null'" >/dev/null
printf 'match_profile_rows(NULL) alone, every row to /dev/null: %.1f s\n' "$(echo "$(date +%s.%N) - $t0" | bc -l)"
fi
scratch_redis "$TMP"
MPORT=$(freeport)
r0=$(redis-cli -p "$RPORT" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }')
# The first two starts without a snapshot (from PostgreSQL, from Redis);
# the third with the file the second one wrote.
SNAP=off
start_matcher() {
	HUNAR_PG_DB=$DB HUNAR_PG_PORT=$HUNAR_PG_PORT HUNAR_REDIS_PORT=$RPORT \
	    HUNAR_MATCH_SNAP=$SNAP HUNAR_MATCH_SNAP_SECS=2 \
	    "$BUILD/bin/hunar_matcher" -p "$MPORT" 2>>"$TMP/matcher.log" &
	MPID=$!
}
stop_matcher() {
	kill "-${1:-TERM}" "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null
	MPID=
}
# Seconds until the matcher answers with every trainee, then until its
# background loads are done, RANK asked all along (answers, errors, the
# longest one): one line of JSON.
watch_matcher() {
	python3 - "$MPORT" "$N" <<'EOF'
import json, socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])

def ask(line):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(line.encode() + b"\n")
    out = b""
    while True:
        d = s.recv(1 << 16)
        if not d:
            break
        out += d
    return json.loads(out)

t0 = time.time()
ready = done = None
answers = errors = 0
longest = 0.0
while time.time() - t0 < 600:
    try:
        st = ask("STATS")
    except OSError:
        time.sleep(0.05)
        continue
    if ready is None and st["profiles"] >= n:
        ready = time.time() - t0
    if ready is None:
        time.sleep(0.05)
        continue
    t = time.perf_counter()
    r = ask("RANK %d 50 0" % (1 + answers % 20))
    longest = max(longest, time.perf_counter() - t)
    if "error" in r or not r["results"]:
        errors += 1
    else:
        answers += 1
    if not st["loading"]:
        done = time.time() - t0
        break
print(json.dumps({"ready": ready, "done": done, "answers": answers,
                  "errors": errors, "longest_ms": longest * 1000}))
EOF
}

start_matcher
first=$(watch_matcher)
r1=$(redis-cli -p "$RPORT" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }')
stop_matcher
SNAP=$TMP/match.snap
start_matcher
warm=$(watch_matcher)
# The snapshot written after the reconciliation, then a SIGKILL.
for _ in $(seq 600); do
	grep -q 'snapshot: ' "$TMP/matcher.log" && break
	sleep 0.1
done
snapline=$(grep 'snapshot: ' "$TMP/matcher.log" | tail -n 1 | sed 's/^[0-9:]* hunar_matcher: //')
stop_matcher KILL
start_matcher
snap=$(watch_matcher)
grep -q 'from snapshot' "$TMP/matcher.log" || echo "hunar_matcher: the snapshot was not read (see below)" >&2
python3 - "$N" "$first" "$warm" "$(echo "($r1 - $r0) / $N" | bc -l)" "$snap" "$snapline" <<'EOF'
import json, sys
n, a, b = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
c = json.loads(sys.argv[5])
print("hunar_matcher over %s trainees: first start (Redis empty, from "
      "PostgreSQL) answering after %.1f s; cold start from the Redis blobs "
      "answering after %.1f s (%.2fx the first), PostgreSQL reconciled in "
      "the background by %.1f s while it answered %d rankings (%d errors, "
      "longest %.0f ms); Redis %.0f bytes per profile" % (
          n, a["ready"], b["ready"], b["ready"] / a["ready"], b["done"],
          b["answers"], b["errors"], b["longest_ms"], float(sys.argv[4])))
print("cold start from the snapshot file after a SIGKILL (%s): answering "
      "after %.1f s (%.2fx the cold start from Redis, %.2fx the first), "
      "PostgreSQL reconciled by %.1f s while it answered %d rankings (%d "
      "errors, longest %.0f ms)" % (
          sys.argv[6], c["ready"], c["ready"] / b["ready"],
          c["ready"] / a["ready"], c["done"], c["answers"], c["errors"],
          c["longest_ms"]))
EOF
grep -E 'snapshot|loaded' "$TMP/matcher.log" | sed 's/^/  /' >&2
python3 - "$MPORT" "$RPORT" <<'EOF'
import json, socket, subprocess, sys, time
port, rport = int(sys.argv[1]), sys.argv[2]

def ask(line):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(line.encode() + b"\n")
    out = b""
    while True:
        d = s.recv(1 << 16)
        if not d:
            break
        out += d
    return json.loads(out)

lat0 = []
for i in range(40):
    t = time.perf_counter()
    ask("RANK %d 50 0" % (1 + i % 20))
    lat0.append(time.perf_counter() - t)
gen0 = ask("STATS")["gen"]
subprocess.run(["redis-cli", "-p", rport, "INCR", "match:gen"],
               capture_output=True, check=True)
t0, lat, errors = time.time(), [], 0
while time.time() - t0 < 120:
    t = time.perf_counter()
    r = ask("RANK %d 50 0" % (1 + len(lat) % 20))
    lat.append(time.perf_counter() - t)
    errors += "error" in r or not r.get("results")
    st = ask("STATS")
    if st["gen"] > gen0 and not st["loading"]:
        break
lat0.sort()
print("reload from Redis (match:gen bumped): %.1f s; %d rankings answered "
      "meanwhile from the old index, %d errors, longest %.0f ms (%.1fx the "
      "median before the reload)" % (
          time.time() - t0, len(lat), errors, max(lat) * 1000,
          max(lat) / lat0[len(lat0) // 2]))
EOF

python3 - "$MPORT" "$DB" "$HUNAR_PG_PORT" <<'EOF'
import json, socket, subprocess, sys, time
port, db, pgport = int(sys.argv[1]), sys.argv[2], sys.argv[3]

def ask(line):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(line.encode() + b"\n")
    out = b""
    while True:
        d = s.recv(1 << 16)
        if not d:
            break
        out += d
    return json.loads(out)

lat, inner, cpu = [], [], []
for rnd in range(5):
    for gig in range(1, 21):
        t = time.perf_counter()
        r = ask("RANK %d 50 0" % gig)
        lat.append((time.perf_counter() - t) * 1000)
        inner.append(r["generated_ms"])
        cpu.append(r["cpu_ms"])
lat.sort(); inner.sort(); cpu.sort()
pct = lambda v, p: v[max(0, int(len(v) * p / 100 + 0.999) - 1)]
load = open("/proc/loadavg").read().split()[0]
print("RANK top-50 with explanations over the socket: p50 %.1f ms p99 %.1f "
      "ms (ranking alone p50 %.1f ms p99 %.1f ms; its CPU, both threads, "
      "p50 %.1f ms p99 %.1f ms), %d candidates for gig 1; load average "
      "%s on %d cores" % (pct(lat, 50), pct(lat, 99), pct(inner, 50),
                          pct(inner, 99), pct(cpu, 50), pct(cpu, 99),
                          ask("RANK 1 1 0")["total"], load,
                          __import__("os").cpu_count()))

# A profile change at this size: a certificate for gig 1's first missing
# required skill, for the trainee ranked 50th.
r = ask("RANK 1 50 0")["results"][-1]
uid, before = r["user_id"], r["score"]
miss = r["missing"][0] if r["missing"] else None
if miss is not None:
    t = time.perf_counter()
    subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", pgport,
                    "-U", "hunar", "-d", db, "-c",
                    "INSERT INTO user_skills (user_id, skill_id, level, "
                    "certified, certified_at) VALUES (%d, %d, 3, true, now())"
                    % (uid, miss)], check=True)
    while True:
        hit = [x for x in ask("RANK 1 50 0")["results"]
               if x["user_id"] == uid]
        if hit and hit[0]["score"] > before:
            break
        if time.perf_counter() - t > 10:
            break
    print("a certificate reached the ranking in %.0f ms (psql included; "
          "score %.2f -> %.2f, rank 50 -> %d)" % (
              (time.perf_counter() - t) * 1000, before,
              hit[0]["score"] if hit else -1, hit[0]["rank"] if hit else -1))
EOF

BASE=http://127.0.0.1:$HUNAR_HTTP_PORT
if curl -sf "$BASE/api/v1/hello" >/dev/null; then
	idle=$(wrk -t2 -c32 -d5s --latency "$BASE/api/v1/hello" 2>/dev/null | tee "$TMP/wrk0" | awk '/^Requests\/sec/ { print int($2) }')
	python3 - "$MPORT" >"$TMP/ranks" <<'EOF' &
import socket, sys, time
end, n = time.time() + 6, 0
while time.time() < end:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.sendall(b"RANK %d 50 0\n" % (1 + n % 20))
    while s.recv(1 << 16):
        pass
    n += 1
print(n)
EOF
	LPID=$!
	busy=$(wrk -t2 -c32 -d5s --latency "$BASE/api/v1/hello" 2>/dev/null | tee "$TMP/wrk1" | awk '/^Requests\/sec/ { print int($2) }')
	wait "$LPID"
	printf 'wrk /api/v1/hello: %s req/s (p99 %s) idle; %s req/s (p99 %s) while the 1M matcher answered %s rankings in 6 s\n' \
	    "$idle" "$(awk '$1 == "99%" { print $2 }' "$TMP/wrk0")" \
	    "$busy" "$(awk '$1 == "99%" { print $2 }' "$TMP/wrk1")" \
	    "$(cat "$TMP/ranks")"
fi
