# Sourced by the matching benches (bench/match_*.sh), not run: a free
# loopback port, a private redis-server, and the SQL that puts a
# match_bench population's gigs (gigs.tsv, gig_skills.tsv) into a scratch
# database with Hunar's migrations.

freeport() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A private Redis on a free port, its files in $1: RPORT and RPID set.
# The project's Redis is not ours to flush; this one has no password.
scratch_redis() {
	RPORT=$(freeport)
	redis-server --port "$RPORT" --bind 127.0.0.1 --save '' \
	    --appendonly no --dir "$1" --logfile "$1/redis.log" &
	RPID=$!
	for _ in $(seq 50); do
		redis-cli -p "$RPORT" ping >/dev/null 2>&1 && break
		sleep 0.1
	done
}

# The SQL (for psql) of the gigs match_bench -d wrote into $1, with the
# provinces, districts, skills and the employer they need.
scratch_gig_sql() {
	cat <<EOF
CREATE TEMP TABLE g (gig_id bigint, district int, province int,
    remote boolean);
CREATE TEMP TABLE gs (gig_id bigint, skill_id int, min_level smallint,
    req boolean);
\\copy g FROM '$1/gigs.tsv'
\\copy gs FROM '$1/gig_skills.tsv'
INSERT INTO provinces (id, code, name_en, name_ur)
    SELECT i, 'P' || i, 'Province ' || i, 'P' || i
    FROM generate_series(1, 7) i ON CONFLICT DO NOTHING;
-- The migrations load Pakistan's districts (places/): the bench's 41 ids
-- are theirs; only missing ones are added.
INSERT INTO districts (id, province_id, name_en, name_ur)
    SELECT DISTINCT district, province, 'District ' || district, 'D'
    FROM g ON CONFLICT DO NOTHING;
INSERT INTO skill_categories (id, name_en, name_ur) VALUES (1, 'Bench', 'B')
    ON CONFLICT DO NOTHING;
INSERT INTO skills (id, slug, category_id, name_en, name_ur, name_ru)
    SELECT i, 'skill-' || i, 1, 'Skill ' || i, 'S', 'Skill ' || i
    FROM generate_series(1, 300) i ON CONFLICT DO NOTHING;
INSERT INTO users (id, phone, name, role, channel)
    VALUES (1, '920000000001', 'Bench employer', 'employer', 'seed');
INSERT INTO gigs (id, code, employer_id, title, budget_pkr, remote,
    district_id) SELECT gig_id, 'G' || lpad(gig_id::text, 4, '0'), 1,
    'Bench gig ' || gig_id, 10000, remote, district FROM g;
INSERT INTO gig_skills SELECT gig_id, skill_id, req, min_level FROM gs;
EOF
}
