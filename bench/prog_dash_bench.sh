#!/usr/bin/env bash
# programmes (issue 14): the province dashboard over 1M learners and 10M
# event rows.  Prints the rollup refresh time, then the dashboard page
# and its CSV as req/s against the hello handler in the same Kore run
# (goal >= 10%), and their p95 latency (goal <= 50 ms).  The population
# (bench/prog_dash_data.sql, phones 929...) is loaded once and removed at
# the end (PROG_BENCH_KEEP=1 keeps it).  The rollup: a full rebuild, and
# incremental refreshes after PROG_BENCH_CHANGED (1000) learners changed
# three ways, and how old a dashboard can be (hunar_rollup's round plus
# the slowest refresh; goal <= 60 s); PROG_BENCH_VERIFY=1 checks those
# figures against a rebuild; PROG_BENCH_ROLLUP=0 measures the dashboard
# only.  Then hunar_lessons' due-lesson query over the population's 3M
# SMS enrolments, as the daemon runs it (hunar_lessons -e: its plan and
# time, sending nothing).  Expects the stack up.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. infra/hunar.env
[ -f infra/hunar.env.local ] && . infra/hunar.env.local
BASE=http://127.0.0.1:$HUNAR_HTTP_PORT
N=${PROG_BENCH_LEARNERS:-1000000}
DUR=${PROG_BENCH_SECONDS:-5}
CONN=${PROG_BENCH_CONNECTIONS:-16}
PSQL="psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $HUNAR_PG_PORT -U hunar -d hunar"

curl -sf "$BASE/api/v1/hello" >/dev/null || { echo "prog bench: $BASE down"; exit 1; }
# hunar_rollup and hunar_lessons are held from before the load to the
# end (back then).  hunar_rollup: so that a refresh time is the
# refresh's own (not a wait for the daemon's advisory lock) and the
# dashboard's figures are not a race with it.  hunar_lessons: every one
# of the population's 3M SMS enrolments is due as soon as its rows are
# in, and it would send lessons to the fake learners (tens of thousands
# of SMS through the fake SMSC) instead of leaving the machine to the
# bench.
if [ "${1:-}" != --clean-only ]; then
	for d in hunar_rollup hunar_lessons; do
		bash infra/stack stop $d >/dev/null
		$PSQL -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity
		    WHERE application_name = '$d'" >/dev/null
	done
	trap 'rm -f "${HUNAR_VAR:-$ROOT/var}"/run/hunar_{rollup,lessons}.held; bash infra/stack up >/dev/null' EXIT
fi
have=$($PSQL -c "SELECT count(*) FROM users WHERE phone LIKE '929%'")
if [ "${1:-}" != --clean-only ] && [ "$have" -lt "$N" ]; then
	[ "$have" -gt 0 ] && bash "$0" --clean-only
	t0=$(date +%s)
	$PSQL -v n="$N" -f bench/prog_dash_data.sql || exit 1
	echo "loaded $N learners in $(( $(date +%s) - t0 )) s"
fi
if [ "${1:-}" = --clean-only ]; then
	:
else
	$PSQL -c "SELECT 'learners: ' || (SELECT count(*) FROM users WHERE role = 'trainee') ||
	    ', events: ' || ((SELECT count(*) FROM enrolments) + (SELECT count(*) FROM certificates) +
	    (SELECT count(*) FROM applications) + (SELECT count(*) FROM user_skills WHERE certified) +
	    (SELECT count(*) FROM prog_attendance)) || ' (enrolments, certificates, applications, certified skills, check-ins)'"
	# The population was loaded with triggers off: a full rebuild, then
	# what hunar_rollup runs every 30 s, an incremental refresh after
	# CHANGED learners changed (an enrolment completed, an application
	# shortlisted, a gender given: each a learner's rows rewritten).
	# PROG_BENCH_ROLLUP=0 skips this (the dashboard alone, once rebuilt).
	[ "${PROG_BENCH_ROLLUP:-1}" = 1 ] &&
	echo "rollup rebuild (full): $($PSQL -c 'SELECT took_ms FROM prog_rollup_rebuild()') ms"
	ch=${PROG_BENCH_CHANGED:-1000}
	worst=0
	for i in 1 2 3; do
		[ "${PROG_BENCH_ROLLUP:-1}" = 1 ] || break
		$PSQL -c "WITH c AS (SELECT u.id FROM users u WHERE u.phone LIKE '929%'
		    AND u.id % 997 = $i ORDER BY u.id LIMIT $ch)
		UPDATE enrolments e SET status = 'completed', completed_at = now()
		    FROM c WHERE e.user_id = c.id AND e.status = 'active';
		WITH c AS (SELECT u.id FROM users u WHERE u.phone LIKE '929%'
		    AND u.id % 997 = $i + 100 ORDER BY u.id LIMIT $ch)
		UPDATE applications a SET status = 'shortlisted'
		    FROM c WHERE a.user_id = c.id AND a.status = 'applied';
		WITH c AS (SELECT u.id FROM users u WHERE u.phone LIKE '929%'
		    AND u.id % 997 = $i + 200 ORDER BY u.id LIMIT $ch)
		UPDATE users u SET gender = CASE WHEN u.gender = 'f' THEN 'm'
		    ELSE 'f' END FROM c WHERE u.id = c.id" >/dev/null
		ms=$($PSQL -c 'SELECT took_ms FROM prog_rollup_refresh()')
		[ "$ms" -gt "$worst" ] && worst=$ms
		echo "rollup refresh $i (incremental): $ms ms, $($PSQL -c 'SELECT people FROM prog_rollup_meta') people recomputed"
	done
	# hunar_rollup refreshes every 30 s (its -r): a change shows on the
	# dashboard at most a round and a refresh later.
	[ "${PROG_BENCH_ROLLUP:-1}" = 1 ] &&
	printf 'rollup fresh within: 30 s round + %.1f s slowest refresh = %.1f s (goal <= 60 s)\n' \
	    "$(echo "$worst / 1000" | bc -l)" "$(echo "30 + $worst / 1000" | bc -l)"
	if [ "${PROG_BENCH_VERIFY:-0}" = 1 ]; then
		# The incremental figures against a rebuild of the same rows.
		rows="SELECT scope, scope_id, dim, grp, registered, enrolled,
		    completed, certified, applied, shortlisted, hired
		    FROM prog_rollup UNION ALL SELECT 'gap', district_id, '', '',
		    demand, supply, gap, top_skill_id, 0, 0, 0 FROM prog_rollup_gap
		    UNION ALL SELECT 'course', course_id, '', '', enrolled,
		    completed, certified, placed, 0, 0, 0 FROM prog_rollup_course"
		$PSQL -c "CREATE TABLE bench_inc AS $rows"
		$PSQL -c 'SELECT prog_rollup_rebuild()' >/dev/null
		$PSQL -c "CREATE TABLE bench_full AS $rows"
		d=$($PSQL -c "SELECT (SELECT count(*) FROM (TABLE bench_inc EXCEPT ALL
		    TABLE bench_full) x) + (SELECT count(*) FROM (TABLE bench_full
		    EXCEPT ALL TABLE bench_inc) y); DROP TABLE bench_inc, bench_full")
		echo "incremental == full rebuild: $([ "$d" = 0 ] && echo yes || echo "NO ($d rows differ)")"
	fi

	# The due-lesson query the daemon runs (hunar_lessons -e: EXPLAIN
	# ANALYZE of its own text, sending nothing).
	BUILD=${HUNAR_BUILD:-build}
	make -s "$BUILD/bin/hunar_lessons" BUILD="$BUILD" >/dev/null || exit 1
	plan=$(HUNAR_PG_PORT=$HUNAR_PG_PORT "$BUILD/bin/hunar_lessons" -e) ||
	    { echo "prog bench: hunar_lessons -e failed"; exit 1; }
	# How it reads enrolments: each index it scans (or seq-scan), and
	# in how many plan nodes.
	reads=$(grep -o 'Scan using enrolments[a-z_]*\|Bitmap Index Scan on enrolments[a-z_]*\|Seq Scan on enrolments' <<<"$plan" |
	    sed 's/^Seq Scan on enrolments$/seq-scan/; s/.* //' | sort | uniq -c |
	    awk '{ printf "%s%s x%d", (NR > 1 ? ", " : ""), $2, $1 }')
	echo "due-lesson query over $($PSQL -c "SELECT count(*) FROM enrolments
	    WHERE status = 'active' AND channel IN ('sms', 'ussd')") active SMS/USSD enrolments:" \
	    "reads enrolments by ${reads:-nothing};" \
	    "$(sed -n '1s/.*actual time=[0-9.]*\.\.[0-9.]* rows=\([0-9]*\).*/\1/p' <<<"$plan") rows," \
	    "$(sed -n 's/^Execution Time: \(.*\)/\1/p' <<<"$plan")"
	[ "${PROG_BENCH_PLAN:-0}" = 1 ] && echo "$plan"

	redis-cli -h 127.0.0.1 -p "$HUNAR_REDIS_PORT" DEL rl:login:923000000001 >/dev/null
	tok=$(curl -s -X POST "$BASE/api/v1/session" -H 'content-type: application/json' \
	    -d '{"phone":"03000000001","password":"hunar-demo"}' |
	    sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
	[ -n "$tok" ] || { echo "prog bench: no admin session"; exit 1; }
	H="cookie: hunar_sid=$tok; lang=en"
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$H" "$BASE/dash/prov/KP")" = 200 ] ||
	    { echo "prog bench: dashboard not 200"; exit 1; }
	echo "page: $(curl -s -H "$H" "$BASE/dash/prov/KP" | wc -c) bytes (limit 30720)"
	# Every worker renders once per refresh; what follows is the memo's
	# hit (the gate query and a lookup), as a dashboard is read between
	# two refreshes.

	run() {	# run URL: "rps p95 p50"
		wrk -t2 -c"$CONN" -d"${DUR}s" -H "$H" -s bench/prog_p95.lua "$1" 2>&1 |
		    awk '/^Requests\/sec/ { r = int($2) } /^p95_ms/ { p = $2 }
		    /^p50_ms/ { m = $2 } /Non-2xx/ { print "NON2XX" > "/dev/stderr" }
		    END { print r, p, m }'
	}
	best() { [ "${1%% *}" -gt "${2%% *}" ] 2>/dev/null && echo "$1" || echo "$2"; }
	echo "wrk: ${DUR}s, $CONN connections, 2 threads, same Kore run, best of 3 alternating rounds"
	hello="0 0 0" page="0 0 0" csv="0 0 0"
	for round in 1 2 3; do
		hello=$(best "$(run "$BASE/api/v1/hello")" "$hello")
		page=$(best "$(run "$BASE/dash/prov/KP?by=district")" "$page")
		csv=$(best "$(run "$BASE/dash/prov/KP/by.csv?by=gender")" "$csv")
	done
	set -- $hello; h=$1
	printf '%-40s %7s req/s  p95 %6s ms  p50 %6s ms\n' "GET /api/v1/hello (baseline)" $hello
	for x in "GET /dash/prov/KP?by=district|$page" "GET /dash/prov/KP/by.csv?by=gender|$csv"; do
		set -- ${x#*|}
		printf '%-40s %7s req/s  p95 %6s ms  p50 %6s ms  %5.1f%% of hello\n' \
		    "${x%%|*}" "$1" "$2" "$3" "$(echo "100 * $1 / $h" | bc -l)"
	done
	set -- $page
	[ "$(echo "$1 * 10 >= $h" | bc)" = 1 ] && echo "goal >= 10% of hello: met" ||
	    echo "goal >= 10% of hello: NOT met"
	[ "$(echo "$2 <= 50" | bc)" = 1 ] && echo "goal p95 <= 50 ms: met" ||
	    echo "goal p95 <= 50 ms: NOT met"
	[ "${PROG_BENCH_KEEP:-0}" = 1 ] && exit 0
fi
t0=$(date +%s)
$PSQL <<'SQL'
SET session_replication_role = replica;
CREATE TEMP TABLE bu AS SELECT id FROM users WHERE phone LIKE '929%';
DELETE FROM prog_attendance a USING bu WHERE a.user_id = bu.id;
DELETE FROM applications a USING bu WHERE a.user_id = bu.id;
DELETE FROM certificates a USING bu WHERE a.user_id = bu.id;
DELETE FROM enrolments a USING bu WHERE a.user_id = bu.id;
DELETE FROM user_skills a USING bu WHERE a.user_id = bu.id;
DELETE FROM profiles a USING bu WHERE a.user_id = bu.id;	-- a seed's, on stack up
DELETE FROM prog_sessions WHERE opens_at < now() - interval '399 days';
DELETE FROM users a USING bu WHERE a.id = bu.id;
SET session_replication_role = origin;
SELECT prog_rollup_rebuild();
SQL
echo "bench population removed in $(( $(date +%s) - t0 )) s"
