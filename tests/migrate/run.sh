#!/usr/bin/env bash
# Migrations that cannot diverge (issue 12): run against throw-away
# databases in the stack's PostgreSQL (`infra/stack db` or `up` first).
#   - the layout: V versions unique across folders, R names unique,
#     versioned files hold no function/view/trigger, R files nothing else;
#   - an empty database and ones migrated by main at $BASES (the old
#     runner, infra/sql by name; the first with the demo seed) end with the
#     same schema (pg_dump --schema-only, normalised), adopted without
#     running a versioned file their names covered;
#   - an old name the map does not know stops the adoption;
#   - a second run does nothing;
#   - an edited applied V file, a new V file below an applied one and a
#     version used twice stop migrate before anything runs, naming the
#     files; an edited R file is re-applied, and only it.
# Last line: "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
# shellcheck disable=SC1091
. infra/hunar.env
[ -f infra/hunar.env.local ] && . infra/hunar.env.local
export PGHOST=127.0.0.1 PGPORT=$HUNAR_PG_PORT PGUSER=hunar
export PGOPTIONS="-c client_min_messages=warning"
BASES=${MIGRATE_BASES:-4c0eed2 2bcd175 717ce6b}	# mains before the versioned layout
TMP=$(mktemp -d)
DB=hunar_migtest_$$
pass=0
fail=0

ok() { echo "ok $*"; pass=$((pass + 1)); }
nok() { echo "not ok $*"; fail=$((fail + 1)); }
check() {	# check NAME CMD...: CMD's status decides
	local name=$1
	shift
	if "$@"; then ok "$name"; else nok "$name"; fi
}

cleanup() {
	local d
	for d in $(psql -d postgres -Atc "SELECT datname FROM pg_database
	    WHERE datname LIKE '${DB}_%'" 2>/dev/null); do
		dropdb --if-exists "$d" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT

# migrate_in DIR DB [SEED]: DIR's infra/migrate on database DB, no seed
# unless SEED is 0 (HUNAR_NO_SEED's value).
migrate_in() {
	PGDATABASE=$2 HUNAR_NO_SEED=${3:-1} bash "$1/infra/migrate"
}

quiet() { "$@" >/dev/null; }

schema() {	# the schema of database $1 without pg_dump's noise
	pg_dump --schema-only --no-owner --no-privileges -d "$1" |
	    grep -vE '^(--|SET |SELECT pg_catalog\.set_config|\\(un)?restrict |$)'
}

# A copy of this tree's migrations to edit: sql folders, runner, seed.
copy_tree() {
	mkdir -p "$1"
	tar -cf - infra/migrate */seed infra/sql */sql places/districts.tsv \
	    places/load.sql | tar -xf - -C "$1"
}

if ! psql -d postgres -Atc 'SELECT 1' >/dev/null 2>&1; then
	echo "tests/migrate: no PostgreSQL on $PGHOST:$PGPORT (infra/stack db)"
	echo "0 passed, 1 failed"
	exit 1
fi

layout() {
	local bad=0 f
	for f in */sql/V*.sql; do
		if grep -nE '^CREATE +(OR +REPLACE +)?(FUNCTION|VIEW|TRIGGER|PROCEDURE)' \
		    "$f"; then
			echo "# $f: functions, views and triggers go in R__ files"
			bad=1
		fi
	done
	if grep -nE '^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION)( +[A-Z]+)? *;' */sql/*.sql; then
		echo "# the runner puts each file in its transaction: no BEGIN/COMMIT"
		bad=1
	fi
	for f in */sql/R__*.sql; do
		if grep -nE '^(CREATE +(TABLE|INDEX|UNIQUE|SEQUENCE|TYPE|FUNCTION|VIEW|TRIGGER)|ALTER|INSERT|UPDATE|DELETE|TRUNCATE)' \
		    "$f"; then
			echo "# $f: an R__ file only creates or replaces definitions"
			bad=1
		fi
	done
	[ "$bad" = 0 ]
}
check "layout: V files hold no definitions, R files nothing else, no BEGIN/COMMIT" layout
v_dups=$(ls */sql/V*.sql | sed -E 's|.*/V([0-9]+)__.*|\1|' | sort | uniq -d)
check "layout: every V version is used once across folders ($(ls */sql/V*.sql | wc -l) files)" \
    test -z "$v_dups"
r_dups=$(ls */sql/R__*.sql | xargs -n 1 basename | sort | uniq -d)
check "layout: every R name is used once across folders" test -z "$r_dups"

# An empty database.
createdb "${DB}_fresh"
check "an empty database migrates" \
    quiet migrate_in "$ROOT" "${DB}_fresh"
out=$(migrate_in "$ROOT" "${DB}_fresh" 2>&1)
check "a second run applies nothing" test -z "$out"

# Databases of main before the versioned layout, each migrated by that
# tree's own runner (the first with its seed), then by this one.  4c0eed2 is the last
# such main; 2bcd175 still had 0201, 0251 and 0403 (since folded into
# others), 717ce6b had no 0203 yet, so V0007 must run there.
schema "${DB}_fresh" >"$TMP/fresh.sql"
mapped=$(grep -v '^#' infra/sql/legacy.map | grep -oE 'V[0-9]{4}' | paste -sd '|')
first=1
for base in $BASES; do
	db=${DB}_old_$base
	seed=$([ "$first" = 1 ] && echo 0 || echo 1)	# data in the first only
	mkdir -p "$TMP/$base"
	if ! git archive "$base" infra/migrate infra/sql infra/seed |
	    tar -xf - -C "$TMP/$base"; then
		nok "git archive $base (a clone with main's history is needed)"
		continue
	fi
	createdb "$db"
	check "main at $base migrates an empty database$([ "$seed" = 0 ] && echo ' with its seed')" \
	    quiet migrate_in "$TMP/$base" "$db" "$seed"
	had=$(psql -d "$db" -Atc 'SELECT name FROM schema_migrations' | paste -sd ' ')
	out=$(migrate_in "$ROOT" "$db" 2>&1)
	rc=$?
	echo "$out" | grep -v '^migrate: R' | sed 's/^/# /'
	check "$base is adopted" test "$rc" = 0
	# Only versions the old names did not cover may run.
	ran=$(grep -oE '^migrate: V[0-9]{4}' <<<"$out" | cut -c10- | paste -sd ' ')
	want=""
	for v in $(ls */sql/V*.sql | sed -E 's|.*/(V[0-9]{4})__.*|\1|' | sort); do
		covered=0
		for n in $had; do
			grep -qE "^$n[[:space:]].*\b$v\b" infra/sql/legacy.map && covered=1
		done
		[ "$covered" = 1 ] || want+="$v "
	done
	check "$base: adopting runs exactly the versions its names did not cover (${want:-none})" \
	    test "$ran" = "${want% }"
	check "$base: schema_migrations is gone" test \
	    "$(psql -d "$db" -Atc "SELECT to_regclass('schema_migrations') IS NULL")" = t
	[ "$seed" = 1 ] || check "$base: the data is kept" test \
	    "$(psql -d "$db" -Atc 'SELECT count(*) > 300 FROM users')" = t
	schema "$db" >"$TMP/old.sql"
	if diff -u "$TMP/old.sql" "$TMP/fresh.sql" >"$TMP/schema.diff"; then
		ok "$base and an empty database end with the same schema ($(wc -l <"$TMP/fresh.sql") lines of pg_dump)"
	else
		head -n 40 "$TMP/schema.diff" | sed 's/^/# /'
		nok "$base and an empty database end with the same schema"
	fi
	out=$(migrate_in "$ROOT" "$db" 2>&1)
	check "$base: a second run applies nothing" test -z "$out"
	dropdb "$db"
	first=0
done

# A name the map does not know (a branch's migration) stops the adoption.
createdb "${DB}_old"
psql -q -d "${DB}_old" -c "CREATE TABLE schema_migrations (name text PRIMARY KEY);
    INSERT INTO schema_migrations VALUES ('0001_base.sql'), ('0404_branch.sql')"
out=$(migrate_in "$ROOT" "${DB}_old" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "an old name legacy.map does not know stops migrate, naming it" \
    bash -c '[ "$1" != 0 ] && grep -q "0404_branch.sql" <<<"$2"' _ "$rc" "$out"
check "and nothing was adopted" test \
    "$(psql -d "${DB}_old" -Atc "SELECT count(*) FROM schema_history")" = 0

# Edits.  Each case works on a copy of the tree and a database it made.
copy_tree "$TMP/t"
createdb "${DB}_edit"
migrate_in "$TMP/t" "${DB}_edit" >/dev/null
hist() { psql -d "${DB}_edit" -Atc "SELECT count(*) || ':' || max(applied_at) FROM schema_history"; }
before=$(hist)

vfile=$(ls "$TMP"/t/*/sql/V*.sql | sort -t V -k 2 | head -n 1)
vrel=${vfile#"$TMP/t/"}
cp "$vfile" "$TMP/v.orig"
echo "-- edited" >>"$vfile"
out=$(migrate_in "$TMP/t" "${DB}_edit" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "an edited applied migration stops migrate" test "$rc" != 0
check "the error names the edited file" grep -q "$vrel was edited" <<<"$out"
check "nothing was applied" test "$(hist)" = "$before"
check "migrate --status names the edited file" bash -c \
    'PGDATABASE=$1 bash "$2/infra/migrate" --status | grep -q "$3 *EDITED"' \
    _ "${DB}_edit" "$TMP/t" "$vrel"
cp "$TMP/v.orig" "$vfile"

max=$(ls */sql/V*.sql | sed -E 's|.*/V([0-9]+)__.*|\1|' | sort | tail -n 1)
hi=$(printf '%04d' $((10#$max + 2)))
lo=$(printf '%04d' $((10#$max + 1)))
echo "CREATE TABLE migtest_hi (x int);" >"$TMP/t/infra/sql/V${hi}__migtest_hi.sql"
out=$(migrate_in "$TMP/t" "${DB}_edit" 2>&1)
check "a new V file is applied" grep -q "^migrate: V$hi " <<<"$out"
echo "CREATE TABLE migtest_lo (x int);" >"$TMP/t/web/sql/V${lo}__migtest_lo.sql"
out=$(migrate_in "$TMP/t" "${DB}_edit" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "a new V file below an applied one stops migrate, naming it" \
    bash -c '[ "$1" != 0 ] && grep -q "web/sql/V${2}__migtest_lo.sql is new but comes before" <<<"$3"' \
    _ "$rc" "$lo" "$out"
mv "$TMP/t/web/sql/V${lo}__migtest_lo.sql" "$TMP/t/web/sql/V${hi}__migtest_lo.sql"
out=$(migrate_in "$TMP/t" "${DB}_edit" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "a version used twice stops migrate, naming both files" \
    bash -c '[ "$1" != 0 ] && grep -q "V$2 is used twice" <<<"$3" && grep -q "web/sql/V${2}__migtest_lo.sql" <<<"$3"' \
    _ "$rc" "$hi" "$out"
rm "$TMP/t/web/sql/V${hi}__migtest_lo.sql"

rfile=$TMP/t/ussd/sql/R__sms_verbs.sql
sed -i "/('GAP',/s/'match'/'ussd'/" "$rfile"
out=$(migrate_in "$TMP/t" "${DB}_edit" 2>&1)
echo "$out" | sed 's/^/# /'
check "an edited R file is re-applied, and only it" \
    test "$out" = "migrate: R ussd/sql/R__sms_verbs.sql"
check "the function now says what the file says" test "$(psql -d "${DB}_edit" -Atc \
    "SELECT owner FROM sms_verb('GAP')")" = "ussd"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
