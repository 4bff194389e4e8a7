"""Issue 14: the dashboards' rollup is refreshed incrementally -- only the
people who changed since the last refresh are recomputed -- and its
figures are those of a full rebuild of the same rows: the funnel by every
dimension, the districts' gap and the programme courses' outcomes."""
import time
import uuid

from hunar_test import sql, sql1, wait_for

ROWS = """SELECT scope, scope_id, dim, grp, registered, enrolled, completed,
    certified, applied, shortlisted, hired FROM prog_rollup
    UNION ALL SELECT 'gap', district_id, '', '', demand, supply, gap,
    coalesce(top_skill_id, 0), 0, 0, 0 FROM prog_rollup_gap
    UNION ALL SELECT 'course', course_id, '', '', enrolled, completed,
    certified, placed, 0, 0, 0 FROM prog_rollup_course"""

# Three new people, written through every trigger the rollup listens to:
# a learner of a programme course who completes, is certified in a skill
# gigs ask for and is hired; one who moves province, gives a gender and
# an age band and withdraws; one who comes and goes.
CHANGES = """
INSERT INTO users (phone, name, role, lang, district_id, gender, channel)
SELECT v.phone, v.name, 'trainee', 'en', (SELECT d.id FROM districts d
    JOIN prog_programmes p ON p.province_id = d.province_id
    JOIN prog_courses pc ON pc.programme_id = p.id ORDER BY d.id LIMIT 1),
    NULL, 'sms'
FROM (VALUES (:'p1' || '1', 'Rollup One'), (:'p1' || '2', 'Rollup Two'),
    (:'p1' || '3', 'Rollup Three')) v(phone, name);
INSERT INTO enrolments (user_id, course_id, status, channel)
SELECT u.id, (SELECT pc.course_id FROM prog_courses pc
    JOIN prog_programmes p ON p.id = pc.programme_id
    WHERE p.province_id IS NOT NULL ORDER BY pc.course_id LIMIT 1),
    'active', 'sms'
FROM users u WHERE u.phone IN (:'p1' || '1', :'p1' || '2');
UPDATE enrolments SET status = 'completed' WHERE user_id =
    (SELECT id FROM users WHERE phone = :'p1' || '1');
INSERT INTO certificates (code, user_id, course_id, score)
SELECT 'RT' || :'p1', e.user_id, e.course_id, 90 FROM enrolments e
    JOIN users u ON u.id = e.user_id WHERE u.phone = :'p1' || '1';
INSERT INTO applications (gig_id, user_id, status, channel)
SELECT (SELECT id FROM gigs WHERE status = 'open' ORDER BY id LIMIT 1), u.id,
    'applied', 'sms' FROM users u WHERE u.phone = :'p1' || '1';
UPDATE applications SET status = 'hired' WHERE user_id =
    (SELECT id FROM users WHERE phone = :'p1' || '1');
INSERT INTO user_skills (user_id, skill_id, level)
SELECT u.id, (SELECT gs.skill_id FROM gig_skills gs JOIN gigs g
    ON g.id = gs.gig_id WHERE g.status = 'open' ORDER BY gs.skill_id
    LIMIT 1), 2 FROM users u WHERE u.phone = :'p1' || '1';
UPDATE user_skills SET certified = true, certified_at = now() WHERE user_id =
    (SELECT id FROM users WHERE phone = :'p1' || '1');
UPDATE users SET gender = 'f', age_band = '25-34',
    district_id = (SELECT d.id FROM districts d WHERE d.province_id <>
    (SELECT province_id FROM districts WHERE id = users.district_id)
    ORDER BY d.id LIMIT 1) WHERE phone = :'p1' || '2';
UPDATE enrolments SET status = 'withdrawn' WHERE user_id =
    (SELECT id FROM users WHERE phone = :'p1' || '2');
DELETE FROM users WHERE phone = :'p1' || '3';
"""


def test_prog_rollup_incremental_equals_full_rebuild():
    tag = "92398%06d" % (uuid.uuid4().int % 10**6)	# + one digit each
    try:
        out = sql("""
SELECT 'lock', pg_advisory_lock(hashtext('prog_rollup'));
SELECT 'base', took_ms FROM prog_rollup_rebuild();
CREATE TEMP TABLE r_base AS """ + ROWS + ";" + CHANGES + """
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT 'noted', count(DISTINCT c.user_id) FROM prog_rollup_changed c
    WHERE c.user_id NOT IN (SELECT id FROM users)
    OR c.user_id IN (SELECT id FROM users WHERE phone LIKE :'p1' || '_');
SELECT 'inc', took_ms FROM prog_rollup_refresh();
SELECT 'mode', mode, people FROM prog_rollup_meta;
CREATE TEMP TABLE r_inc AS """ + ROWS + """;
SELECT 'full', took_ms FROM prog_rollup_rebuild();
SELECT 'fullmode', mode FROM prog_rollup_meta;
CREATE TEMP TABLE r_full AS """ + ROWS + """;
SELECT 'diff', (SELECT count(*) FROM (TABLE r_inc EXCEPT ALL TABLE r_full) a)
    + (SELECT count(*) FROM (TABLE r_full EXCEPT ALL TABLE r_inc) b);
SELECT 'moved', (SELECT count(*) FROM (TABLE r_inc EXCEPT ALL TABLE r_base) a)
    + (SELECT count(*) FROM (TABLE r_base EXCEPT ALL TABLE r_inc) b);
SELECT 'rows', count(*) FROM r_full;
ROLLBACK;
SELECT 'unlock', pg_advisory_unlock(hashtext('prog_rollup'));
""", tag)
        got = {r[0]: r[1:] for r in out}
        assert int(got["noted"][0]) >= 3, got
        assert got["mode"][0] == "incremental", got
        assert got["fullmode"][0] == "full", got
        assert int(got["rows"][0]) > 20, got
        # The changes moved the figures, and incrementally they moved to
        # exactly what a rebuild of the same rows says.
        assert int(got["moved"][0]) > 0, got
        assert got["diff"][0] == "0", got
    finally:
        sql("DELETE FROM users WHERE phone LIKE :'p1' || '_'", tag)


def test_prog_rollup_refresh_reads_only_the_changed():
    """A refresh after one person changed recomputes that person, not
    everyone; a course put into a programme, the people of that course;
    a district moved to another province makes the next one full."""
    sql1("SELECT took_ms FROM prog_rollup_refresh()")
    tag = "92397%07d" % (uuid.uuid4().int % 10**7)
    try:
        out = sql("""
SELECT 'lock', pg_advisory_lock(hashtext('prog_rollup'));
SELECT 'r0', took_ms FROM prog_rollup_refresh();
INSERT INTO users (phone, name, role, lang, district_id, channel)
    VALUES (:'p1', 'Rollup Four', 'trainee', 'en',
    (SELECT min(id) FROM districts), 'sms');
SELECT 'r1', took_ms FROM prog_rollup_refresh();
SELECT 'one', mode, people FROM prog_rollup_meta;
BEGIN;
INSERT INTO prog_courses (programme_id, course_id)
    SELECT p.id, c.id FROM prog_programmes p, courses c
    WHERE (p.id, c.id) NOT IN (SELECT programme_id, course_id
    FROM prog_courses) ORDER BY p.id, c.id LIMIT 1;
SELECT 'r2', took_ms FROM prog_rollup_refresh();
SELECT 'course', mode, people FROM prog_rollup_meta;
UPDATE districts SET province_id = (SELECT min(id) FROM provinces
    WHERE id <> districts.province_id) WHERE id = (SELECT min(id)
    FROM districts);
SELECT 'r3', took_ms FROM prog_rollup_refresh();
SELECT 'all', mode, people, (SELECT count(*) FROM users) FROM prog_rollup_meta;
ROLLBACK;
SELECT 'unlock', pg_advisory_unlock(hashtext('prog_rollup'));
""", tag)
        got = {r[0]: r[1:] for r in out}
        assert got["one"][0] == "incremental", got
        assert 1 <= int(got["one"][1]) <= 5, got
        assert got["course"][0] == "incremental", got
        assert got["all"][0] == "full" and got["all"][1] == got["all"][2], got
    finally:
        sql("DELETE FROM users WHERE phone = :'p1'", tag)



# The district funnel as the dashboards read it (prog_rollup) beside
# the same figures counted from the raw rows, in one snapshot right after
# a refresh: other tests' people may come and go meanwhile, these two
# must agree whatever they do.  Then the one person's own share.
CHECK = """
SELECT pg_advisory_lock(hashtext('prog_rollup'));
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT 'took', took_ms FROM prog_rollup_refresh();
SELECT 'rollup', d.id, coalesce(r.registered, 0), coalesce(r.enrolled, 0),
    coalesce(r.completed, 0)
    FROM districts d LEFT JOIN prog_rollup r ON r.scope = 'prov'
    AND r.scope_id = d.province_id AND r.dim = 'district'
    AND r.grp = d.id::text WHERE d.id IN (:'p2', :'p3');
SELECT 'raw', d.id, count(u.id), count(u.id) FILTER (WHERE EXISTS (SELECT 1
    FROM enrolments e WHERE e.user_id = u.id AND e.status <> 'withdrawn')),
    count(u.id) FILTER (WHERE EXISTS (SELECT 1 FROM enrolments e
    WHERE e.user_id = u.id AND e.status = 'completed'))
    FROM districts d LEFT JOIN users u ON u.district_id = d.id
    AND u.role = 'trainee' WHERE d.id IN (:'p2', :'p3') GROUP BY d.id;
SELECT 'me', p.dist, p.en, p.co FROM prog_rollup_person p
    JOIN users u ON u.id = p.user_id WHERE u.phone = :'p1'
    AND p.scope = 'prov';
COMMIT;
SELECT pg_advisory_unlock(hashtext('prog_rollup'));
"""


def _check(phone, kp, pb):
    """The rollup's rows for the two districts equal the raw count, and
    the person's share: (district, enrolled, completed) or None."""
    out = sql(CHECK, phone, kp, pb)
    rollup = sorted(tuple(r[1:]) for r in out if r[0] == "rollup")
    raw = sorted(tuple(r[1:]) for r in out if r[0] == "raw")
    assert rollup == raw, (rollup, raw)
    me = [tuple(r[1:]) for r in out if r[0] == "me"]
    return me[0] if me else None


def test_prog_rollup_follows_enrol_complete_move():
    """On the running stack: a learner who registers and enrols in a KP
    district is counted there by hunar_rollup's own next refresh (every
    30 s: fresh within a minute); completed, counted completed; moved to
    a Punjab district, counted there and no longer in KP -- and after
    each step the two districts' rows equal a count of the raw rows."""
    kp = sql1("SELECT d.id FROM districts d JOIN provinces p ON "
              "p.id = d.province_id WHERE p.code = 'KP' ORDER BY d.id DESC "
              "LIMIT 1")
    pb = sql1("SELECT d.id FROM districts d JOIN provinces p ON "
              "p.id = d.province_id WHERE p.code = 'PB' ORDER BY d.id DESC "
              "LIMIT 1")
    phone = "92396%07d" % (uuid.uuid4().int % 10**7)
    try:
        t0 = time.time()
        sql("""
BEGIN;
INSERT INTO users (phone, name, role, lang, district_id, channel)
    VALUES (:'p1', 'Rollup Mover', 'trainee', 'en', :'p2', 'web');
INSERT INTO enrolments (user_id, course_id, status, channel)
    SELECT u.id, (SELECT min(id) FROM courses), 'active', 'web'
    FROM users u WHERE u.phone = :'p1';
COMMIT;""", phone, kp)
        share = """SELECT p.dist, p.en, p.co FROM prog_rollup_person p
            JOIN users u ON u.id = p.user_id WHERE u.phone = :'p1'
            AND p.scope = 'prov'"""
        got = wait_for(lambda: sql(share, phone), timeout=75, interval=0.5)
        took = time.time() - t0
        assert got == [[kp, "t", "f"]], got
        print("rollup: an enrolment counted by hunar_rollup after %.1f s"
              % took)
        assert _check(phone, kp, pb) == (kp, "t", "f")
        sql("UPDATE enrolments SET status = 'completed', completed_at = "
            "now() WHERE user_id = (SELECT id FROM users WHERE phone = "
            ":'p1')", phone)
        assert _check(phone, kp, pb) == (kp, "t", "t")
        sql("UPDATE users SET district_id = :'p2' WHERE phone = :'p1'",
            phone, pb)
        assert _check(phone, kp, pb) == (pb, "t", "t")
    finally:
        sql("DELETE FROM users WHERE phone = :'p1'", phone)
    assert _check(phone, kp, pb) is None
