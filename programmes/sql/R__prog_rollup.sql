-- programmes (issue 14): the dashboards' rollups and their one reader.
--
-- prog_rollup_refresh() (run by hunar_rollup every 30 s) recomputes the
-- people who changed since the last refresh (or, rarely, everyone) and
-- writes small tables; a dashboard request reads only those
-- (prog_dash()), so its cost does not grow with the learners.

-- The person's age band (u18, 18-24, 25-34, 35+), where the person
-- gave one (asked, skippably, at JOIN and USSD registration: ussd's
-- V0015); '?' otherwise.
CREATE OR REPLACE FUNCTION prog_age_band(u users) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce(u.age_band, '?')
$$;

-- The shares of the people listed in pr_ids (temp table, column id) in
-- every rollup, as they are now: pr_n, their funnel rows (one per
-- province and per programme that counts them); pr_nc, per programme
-- course; pr_ns, per certified skill where they live.  The same rules
-- for a full rebuild (pr_ids: everyone) and an incremental one.
CREATE OR REPLACE FUNCTION prog_rollup_shares() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	CREATE TEMP TABLE pr_u ON COMMIT DROP AS
	    SELECT u.id, d.province_id AS prov, u.district_id AS dist,
	    coalesce(u.gender, '?') AS g, prog_age_band(u) AS a,
	    u.channel AS ch,
	    to_char(u.created_at AT TIME ZONE 'Asia/Karachi', 'YYYY-MM') AS m
	    FROM pr_ids i JOIN users u ON u.id = i.id
	    JOIN districts d ON d.id = u.district_id
	    WHERE u.role = 'trainee';
	CREATE TEMP TABLE pr_a ON COMMIT DROP AS
	    SELECT ap.user_id, bool_or(ap.status IN ('shortlisted', 'offered',
	    'accepted', 'hired', 'done')) AS sl,
	    bool_or(ap.status IN ('accepted', 'hired', 'done')) AS hi
	    FROM pr_ids i JOIN applications ap ON ap.user_id = i.id GROUP BY 1;
	CREATE TEMP TABLE pr_n ON COMMIT DROP AS
	WITH ue AS (SELECT e.user_id, bool_or(e.status = 'completed') AS co
	    FROM pr_u i JOIN enrolments e ON e.user_id = i.id
	    WHERE e.status <> 'withdrawn' GROUP BY 1),
	uc AS (SELECT DISTINCT ce.user_id FROM pr_u i
	    JOIN certificates ce ON ce.user_id = i.id),
	pe AS (SELECT e.user_id, pc.programme_id,
	    bool_or(e.status = 'completed') AS co
	    FROM pr_u i JOIN enrolments e ON e.user_id = i.id
	    JOIN prog_courses pc ON pc.course_id = e.course_id
	    WHERE e.status <> 'withdrawn' GROUP BY 1, 2),
	pce AS (SELECT DISTINCT ce.user_id, pc.programme_id
	    FROM pr_u i JOIN certificates ce ON ce.user_id = i.id
	    JOIN prog_courses pc ON pc.course_id = ce.course_id)
	SELECT u.id AS user_id, 'prov'::text AS scope, u.prov::int AS scope_id,
	    u.dist, u.g, u.a, u.ch, u.m, ue.user_id IS NOT NULL AS en,
	    coalesce(ue.co, false) AS co, uc.user_id IS NOT NULL AS ce,
	    pa.user_id IS NOT NULL AS ap, coalesce(pa.sl, false) AS sl,
	    coalesce(pa.hi, false) AS hi
	    FROM pr_u u LEFT JOIN ue ON ue.user_id = u.id
	    LEFT JOIN uc ON uc.user_id = u.id
	    LEFT JOIN pr_a pa ON pa.user_id = u.id
	UNION ALL
	SELECT u.id, 'prog', p.id, u.dist, u.g, u.a, u.ch, u.m,
	    pe.user_id IS NOT NULL, coalesce(pe.co, false),
	    pce.user_id IS NOT NULL, pe.user_id IS NOT NULL AND pa.user_id
	    IS NOT NULL, pe.user_id IS NOT NULL AND coalesce(pa.sl, false),
	    pe.user_id IS NOT NULL AND coalesce(pa.hi, false)
	    FROM prog_programmes p JOIN pr_u u
	    ON p.province_id IS NULL OR u.prov = p.province_id
	    LEFT JOIN pe ON pe.user_id = u.id AND pe.programme_id = p.id
	    LEFT JOIN pce ON pce.user_id = u.id AND pce.programme_id = p.id
	    LEFT JOIN pr_a pa ON pa.user_id = u.id;
	CREATE TEMP TABLE pr_nc ON COMMIT DROP AS
	    SELECT e.user_id, e.course_id, count(*)::int AS enrolled,
	    (count(*) FILTER (WHERE e.status = 'completed'))::int AS completed,
	    count(ce.id)::int AS certified,
	    (count(*) FILTER (WHERE pa.hi))::int AS placed
	    FROM pr_ids i JOIN enrolments e ON e.user_id = i.id
	    JOIN (SELECT DISTINCT pc.course_id FROM prog_courses pc) pc
	    ON pc.course_id = e.course_id
	    LEFT JOIN certificates ce ON ce.user_id = e.user_id
	    AND ce.course_id = e.course_id
	    LEFT JOIN pr_a pa ON pa.user_id = e.user_id
	    WHERE e.status <> 'withdrawn' GROUP BY 1, 2;
	CREATE TEMP TABLE pr_ns ON COMMIT DROP AS
	    SELECT us.user_id, us.skill_id, u.district_id
	    FROM pr_ids i JOIN user_skills us ON us.user_id = i.id
	    JOIN users u ON u.id = us.user_id
	    WHERE us.certified AND u.district_id IS NOT NULL;
END;
$$;

-- The people of pr_ids: their kept shares taken off the rollups, their
-- new ones (prog_rollup_shares()) added and kept.  A group left with
-- nobody goes, as a full rebuild would not have it.
CREATE OR REPLACE FUNCTION prog_rollup_apply() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO prog_rollup
	    SELECT f.scope, f.scope_id,
	    CASE WHEN GROUPING(f.dist) = 0 THEN 'district'
	    WHEN GROUPING(f.g) = 0 THEN 'gender'
	    WHEN GROUPING(f.a) = 0 THEN 'age'
	    WHEN GROUPING(f.ch) = 0 THEN 'channel'
	    WHEN GROUPING(f.m) = 0 THEN 'month' ELSE 'all' END,
	    coalesce(f.dist::text, f.g, f.a, f.ch, f.m, 'all'),
	    sum(f.s), coalesce(sum(f.s) FILTER (WHERE f.en), 0),
	    coalesce(sum(f.s) FILTER (WHERE f.co), 0),
	    coalesce(sum(f.s) FILTER (WHERE f.ce), 0),
	    coalesce(sum(f.s) FILTER (WHERE f.ap), 0),
	    coalesce(sum(f.s) FILTER (WHERE f.sl), 0),
	    coalesce(sum(f.s) FILTER (WHERE f.hi), 0)
	    FROM (SELECT o.scope, o.scope_id, o.dist, o.g, o.a, o.ch, o.m,
		o.en, o.co, o.ce, o.ap, o.sl, o.hi, -1 AS s
		FROM prog_rollup_person o JOIN pr_ids i ON i.id = o.user_id
		UNION ALL
		SELECT n.scope, n.scope_id, n.dist, n.g, n.a, n.ch, n.m,
		n.en, n.co, n.ce, n.ap, n.sl, n.hi, 1 FROM pr_n n) f
	    GROUP BY f.scope, f.scope_id,
	    GROUPING SETS ((), (f.dist), (f.g), (f.a), (f.ch), (f.m))
	    ON CONFLICT (scope, scope_id, dim, grp) DO UPDATE SET
	    registered = prog_rollup.registered + EXCLUDED.registered,
	    enrolled = prog_rollup.enrolled + EXCLUDED.enrolled,
	    completed = prog_rollup.completed + EXCLUDED.completed,
	    certified = prog_rollup.certified + EXCLUDED.certified,
	    applied = prog_rollup.applied + EXCLUDED.applied,
	    shortlisted = prog_rollup.shortlisted + EXCLUDED.shortlisted,
	    hired = prog_rollup.hired + EXCLUDED.hired;
	DELETE FROM prog_rollup WHERE registered = 0;
	DELETE FROM prog_rollup_person o USING pr_ids i WHERE o.user_id = i.id;
	INSERT INTO prog_rollup_person SELECT * FROM pr_n;

	INSERT INTO prog_rollup_course
	    SELECT f.course_id, sum(f.s * f.enrolled), sum(f.s * f.completed),
	    sum(f.s * f.certified), sum(f.s * f.placed)
	    FROM (SELECT o.course_id, o.enrolled, o.completed, o.certified,
		o.placed, -1 AS s FROM prog_rollup_person_course o
		JOIN pr_ids i ON i.id = o.user_id
		UNION ALL SELECT n.course_id, n.enrolled, n.completed,
		n.certified, n.placed, 1 FROM pr_nc n) f
	    GROUP BY f.course_id
	    ON CONFLICT (course_id) DO UPDATE SET
	    enrolled = prog_rollup_course.enrolled + EXCLUDED.enrolled,
	    completed = prog_rollup_course.completed + EXCLUDED.completed,
	    certified = prog_rollup_course.certified + EXCLUDED.certified,
	    placed = prog_rollup_course.placed + EXCLUDED.placed;
	DELETE FROM prog_rollup_course WHERE enrolled = 0;
	DELETE FROM prog_rollup_person_course o USING pr_ids i
	    WHERE o.user_id = i.id;
	INSERT INTO prog_rollup_person_course SELECT * FROM pr_nc;

	INSERT INTO prog_rollup_supply
	    SELECT f.district_id, f.skill_id, sum(f.s)
	    FROM (SELECT o.district_id, o.skill_id, -1 AS s
		FROM prog_rollup_person_skill o JOIN pr_ids i ON i.id = o.user_id
		UNION ALL SELECT n.district_id, n.skill_id, 1 FROM pr_ns n) f
	    GROUP BY 1, 2
	    ON CONFLICT (district_id, skill_id) DO UPDATE SET
	    n = prog_rollup_supply.n + EXCLUDED.n;
	DELETE FROM prog_rollup_supply WHERE n = 0;
	DELETE FROM prog_rollup_person_skill o USING pr_ids i
	    WHERE o.user_id = i.id;
	INSERT INTO prog_rollup_person_skill SELECT * FROM pr_ns;
END;
$$;

-- Districts by gap: open gigs' skills (local and remote; few rows, read
-- whole) against the certified supply kept in prog_rollup_supply.
CREATE OR REPLACE FUNCTION prog_rollup_gap_fill() RETURNS void
LANGUAGE sql AS $$
	DELETE FROM prog_rollup_gap;
	INSERT INTO prog_rollup_gap
	WITH dem AS (SELECT d.id AS dist, gs.skill_id, count(*) AS n
	    FROM gigs g JOIN gig_skills gs ON gs.gig_id = g.id
	    JOIN districts d ON g.remote OR d.id = g.district_id
	    WHERE g.status = 'open' GROUP BY 1, 2),
	j AS (SELECT dem.dist, dem.skill_id, dem.n AS dn,
	    coalesce(sup.n, 0) AS sn,
	    greatest(dem.n - coalesce(sup.n, 0), 0) AS gap
	    FROM dem LEFT JOIN prog_rollup_supply sup
	    ON sup.district_id = dem.dist AND sup.skill_id = dem.skill_id)
	SELECT j.dist, sum(j.dn), sum(j.sn), sum(j.gap),
	    (array_agg(j.skill_id ORDER BY j.gap DESC, j.dn DESC,
	    j.skill_id))[1]
	    FROM j GROUP BY j.dist;
$$;

-- The refresh hunar_rollup runs every 30 s.  Incremental: only the
-- people written down in prog_rollup_changed since the last refresh
-- (triggers below) are recomputed.  Full: after a change that moves
-- many people's shares (prog_rollup_changed_all), or the first time --
-- everyone's shares dropped and recomputed; the same rules, so the
-- figures are those of a rebuild either way (test_prog_rollup).
CREATE OR REPLACE FUNCTION prog_rollup_refresh(OUT took_ms integer,
    OUT learners bigint)
LANGUAGE plpgsql AS $$
DECLARE
	t0	timestamptz := clock_timestamp();
	v_full	boolean;
	v_people	integer;
BEGIN
	-- One refresh at a time; readers keep seeing the last one until
	-- this commits.
	PERFORM pg_advisory_xact_lock(hashtext('prog_rollup'));
	WITH d AS (DELETE FROM prog_rollup_changed_all RETURNING 1)
	    SELECT count(*) > 0 INTO v_full FROM d;
	IF v_full OR NOT EXISTS (SELECT 1 FROM prog_rollup_meta) THEN
		v_full := true;
		DELETE FROM prog_rollup_changed;
		TRUNCATE prog_rollup_person, prog_rollup_person_course,
		    prog_rollup_person_skill;
		DELETE FROM prog_rollup;
		DELETE FROM prog_rollup_course;
		DELETE FROM prog_rollup_supply;
		CREATE TEMP TABLE pr_ids ON COMMIT DROP AS
		    SELECT u.id FROM users u;
	ELSE
		CREATE TEMP TABLE pr_ids ON COMMIT DROP AS
		    WITH d AS (DELETE FROM prog_rollup_changed RETURNING user_id)
		    SELECT DISTINCT d.user_id AS id FROM d;
	END IF;
	ANALYZE pr_ids;
	PERFORM prog_rollup_shares();
	PERFORM prog_rollup_apply();
	PERFORM prog_rollup_gap_fill();

	SELECT count(*) INTO v_people FROM pr_ids;
	SELECT coalesce(sum(r.registered), 0) INTO learners FROM prog_rollup r
	    WHERE r.scope = 'prov' AND r.dim = 'all';
	-- Dropped now, not at commit: a second refresh in the same
	-- transaction (a test, a rebuild after a refresh) makes them anew.
	DROP TABLE pr_ids, pr_u, pr_a, pr_n, pr_nc, pr_ns;
	took_ms := (extract(epoch FROM clock_timestamp() - t0) * 1000)::int;
	INSERT INTO prog_rollup_meta (one, refreshed_at, took_ms, learners,
	    mode, people)
	    VALUES (true, now(), took_ms, learners,
	    CASE WHEN v_full THEN 'full' ELSE 'incremental' END, v_people)
	    ON CONFLICT (one) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at,
	    took_ms = EXCLUDED.took_ms, learners = EXCLUDED.learners,
	    mode = EXCLUDED.mode, people = EXCLUDED.people;
END;
$$;

-- A full rebuild now (tests, the bench after a bulk load with triggers
-- off, an operator who doubts the figures).
CREATE OR REPLACE FUNCTION prog_rollup_rebuild(OUT took_ms integer,
    OUT learners bigint)
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO prog_rollup_changed_all (why) VALUES ('rebuild');
	SELECT r.took_ms, r.learners INTO took_ms, learners
	    FROM prog_rollup_refresh() r;
END;
$$;

-- Who changed since the last refresh: a person's row, enrolments,
-- certificates, applications and certified skills (only the columns the
-- rollups read: the drip's next_at and sent_pos, a log-in's last_active
-- write nothing here).
CREATE OR REPLACE FUNCTION prog_rollup_note() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	o	bigint;
	n	bigint;
BEGIN
	-- (a record's field is resolved when read: users' is id)
	IF TG_TABLE_NAME = 'users' THEN
		IF TG_OP <> 'INSERT' THEN
			o := OLD.id;
		END IF;
		IF TG_OP <> 'DELETE' THEN
			n := NEW.id;
		END IF;
	ELSE
		IF TG_OP <> 'INSERT' THEN
			o := OLD.user_id;
		END IF;
		IF TG_OP <> 'DELETE' THEN
			n := NEW.user_id;
		END IF;
	END IF;
	INSERT INTO prog_rollup_changed (user_id)
	    SELECT DISTINCT v.x FROM (VALUES (o), (n)) v(x)
	    WHERE v.x IS NOT NULL;
	RETURN NULL;
END;
$$;

-- Changes that move many people's shares: the next refresh is full.
CREATE OR REPLACE FUNCTION prog_rollup_note_all() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO prog_rollup_changed_all (why)
	    VALUES (TG_TABLE_NAME || ' ' || lower(TG_OP));
	RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER prog_rollup_users AFTER INSERT OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION prog_rollup_note();
CREATE OR REPLACE TRIGGER prog_rollup_users_upd AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.district_id IS DISTINCT FROM NEW.district_id OR
    OLD.gender IS DISTINCT FROM NEW.gender OR
    OLD.age_band IS DISTINCT FROM NEW.age_band OR
    OLD.channel IS DISTINCT FROM NEW.channel OR OLD.role <> NEW.role OR
    OLD.created_at <> NEW.created_at)
    EXECUTE FUNCTION prog_rollup_note();
CREATE OR REPLACE TRIGGER prog_rollup_enrolments
    AFTER INSERT OR DELETE ON enrolments
    FOR EACH ROW EXECUTE FUNCTION prog_rollup_note();
CREATE OR REPLACE TRIGGER prog_rollup_enrolments_upd AFTER UPDATE ON enrolments
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR
    OLD.user_id <> NEW.user_id OR OLD.course_id <> NEW.course_id)
    EXECUTE FUNCTION prog_rollup_note();
CREATE OR REPLACE TRIGGER prog_rollup_certificates
    AFTER INSERT OR DELETE ON certificates
    FOR EACH ROW EXECUTE FUNCTION prog_rollup_note();
CREATE OR REPLACE TRIGGER prog_rollup_certificates_upd
    AFTER UPDATE ON certificates FOR EACH ROW
    WHEN (OLD.user_id <> NEW.user_id OR OLD.course_id <> NEW.course_id)
    EXECUTE FUNCTION prog_rollup_note();
CREATE OR REPLACE TRIGGER prog_rollup_applications
    AFTER INSERT OR DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION prog_rollup_note();
CREATE OR REPLACE TRIGGER prog_rollup_applications_upd
    AFTER UPDATE ON applications FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR
    OLD.user_id <> NEW.user_id)
    EXECUTE FUNCTION prog_rollup_note();
CREATE OR REPLACE TRIGGER prog_rollup_user_skills
    AFTER INSERT OR DELETE ON user_skills
    FOR EACH ROW EXECUTE FUNCTION prog_rollup_note();
CREATE OR REPLACE TRIGGER prog_rollup_user_skills_upd
    AFTER UPDATE ON user_skills FOR EACH ROW
    WHEN (OLD.certified IS DISTINCT FROM NEW.certified OR
    OLD.skill_id <> NEW.skill_id OR OLD.user_id <> NEW.user_id)
    EXECUTE FUNCTION prog_rollup_note();

-- A course put into a programme, taken out or moved: its people's shares
-- (their enrolments and certificates in it) are what move.
CREATE OR REPLACE FUNCTION prog_rollup_note_course() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	c	integer[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		c := ARRAY[NEW.course_id];
	ELSIF TG_OP = 'DELETE' THEN
		c := ARRAY[OLD.course_id];
	ELSE
		c := ARRAY[OLD.course_id, NEW.course_id];
	END IF;
	INSERT INTO prog_rollup_changed (user_id)
	    SELECT e.user_id FROM enrolments e WHERE e.course_id = ANY (c)
	    UNION SELECT ce.user_id FROM certificates ce
	    WHERE ce.course_id = ANY (c);
	RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER prog_rollup_courses
    AFTER INSERT OR DELETE ON prog_courses
    FOR EACH ROW EXECUTE FUNCTION prog_rollup_note_course();
CREATE OR REPLACE TRIGGER prog_rollup_courses_upd AFTER UPDATE ON prog_courses
    FOR EACH ROW WHEN (OLD.course_id <> NEW.course_id OR
    OLD.programme_id <> NEW.programme_id)
    EXECUTE FUNCTION prog_rollup_note_course();
CREATE OR REPLACE TRIGGER prog_rollup_all_courses AFTER TRUNCATE
    ON prog_courses FOR EACH STATEMENT EXECUTE FUNCTION prog_rollup_note_all();
-- A programme made, removed or moved counts a whole province anew; an
-- edit of its names or targets moves nobody.
CREATE OR REPLACE TRIGGER prog_rollup_all_programmes
    AFTER INSERT OR DELETE OR TRUNCATE ON prog_programmes
    FOR EACH STATEMENT EXECUTE FUNCTION prog_rollup_note_all();
CREATE OR REPLACE TRIGGER prog_rollup_all_programmes_upd
    AFTER UPDATE ON prog_programmes FOR EACH ROW
    WHEN (OLD.province_id IS DISTINCT FROM NEW.province_id)
    EXECUTE FUNCTION prog_rollup_note_all();
CREATE OR REPLACE TRIGGER prog_rollup_all_districts
    AFTER INSERT OR DELETE OR TRUNCATE ON districts
    FOR EACH STATEMENT EXECUTE FUNCTION prog_rollup_note_all();
CREATE OR REPLACE TRIGGER prog_rollup_all_districts_upd
    AFTER UPDATE ON districts FOR EACH ROW
    WHEN (OLD.province_id IS DISTINCT FROM NEW.province_id)
    EXECUTE FUNCTION prog_rollup_note_all();
CREATE OR REPLACE TRIGGER prog_rollup_all_users AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION prog_rollup_note_all();
CREATE OR REPLACE TRIGGER prog_rollup_all_enrolments AFTER TRUNCATE
    ON enrolments FOR EACH STATEMENT EXECUTE FUNCTION prog_rollup_note_all();
CREATE OR REPLACE TRIGGER prog_rollup_all_certificates AFTER TRUNCATE
    ON certificates FOR EACH STATEMENT
    EXECUTE FUNCTION prog_rollup_note_all();
CREATE OR REPLACE TRIGGER prog_rollup_all_applications AFTER TRUNCATE
    ON applications FOR EACH STATEMENT
    EXECUTE FUNCTION prog_rollup_note_all();
CREATE OR REPLACE TRIGGER prog_rollup_all_user_skills AFTER TRUNCATE
    ON user_skills FOR EACH STATEMENT
    EXECUTE FUNCTION prog_rollup_note_all();

-- A dashboard, one call: every section of the page, its tables and
-- its CSV read the same rows.  kind: 'prov' (key: province code) or
-- 'prog' (key: programme code); by: district | gender | age | channel |
-- month.  Counts of 1-4 people come back NULL (prog_safe()).
--   denied  label: forbidden | not_found
--   head    label: the name; n1 women target %, n2-n4 targets (enrol,
--           complete, placed); x: when the rollup was refreshed
--   total   the funnel, n1..n7 = registered .. hired
--   by      one row per group of `by` (label: its words or key)
--   women   one row per stage: n1 women, n2 with a known gender, n3 %
--   gap     districts by gap: n1 demand, n2 certified supply, n3 gap,
--           x the skill most short
CREATE OR REPLACE FUNCTION prog_dash(p_viewer bigint, p_kind text,
    p_key text, p_by text, p_lang text)
RETURNS TABLE (section text, label text, n1 integer, n2 integer,
    n3 integer, n4 integer, n5 integer, n6 integer, n7 integer, x text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	s	record;
BEGIN
	IF p_kind = 'prov' THEN
		SELECT 'prov'::text AS scope, pr.id::int AS scope_id,
		    pr.id::int AS prov, sms_pick(p_lang, pr.name_en, pr.name_ur)
		    AS name, 50 AS tw, NULL::int AS te, NULL::int AS tc,
		    NULL::int AS tp INTO s
		    FROM provinces pr WHERE pr.code = upper(p_key);
	ELSE
		SELECT 'prog'::text AS scope, p.id AS scope_id,
		    p.province_id::int AS prov, CASE p_lang WHEN 'ur'
		    THEN p.name_ur WHEN 'ru' THEN p.name_ru ELSE p.name_en END
		    AS name, p.target_women_pct::int AS tw, p.target_enrol AS te,
		    p.target_complete AS tc, p.target_placed AS tp INTO s
		    FROM prog_programmes p WHERE p.code = upper(p_key);
	END IF;
	IF s.scope IS NULL OR NOT prog_can(p_viewer, s.prov) THEN
		RETURN QUERY SELECT 'denied'::text, CASE WHEN s.scope IS NULL
		    THEN 'not_found' ELSE 'forbidden' END, NULL::int, NULL::int,
		    NULL::int, NULL::int, NULL::int, NULL::int, NULL::int,
		    NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'head'::text, s.name, s.tw, s.te, s.tc, s.tp,
	    NULL::int, NULL::int, NULL::int,
	    (SELECT to_char(m.refreshed_at AT TIME ZONE 'Asia/Karachi',
	    'YYYY-MM-DD HH24:MI:SS') FROM prog_rollup_meta m);
	RETURN QUERY SELECT 'total'::text, 'all'::text, prog_safe(r.registered),
	    prog_safe(r.enrolled), prog_safe(r.completed),
	    prog_safe(r.certified), prog_safe(r.applied),
	    prog_safe(r.shortlisted), prog_safe(r.hired), NULL::text
	    FROM prog_rollup r WHERE r.scope = s.scope
	    AND r.scope_id = s.scope_id AND r.dim = 'all';
	RETURN QUERY SELECT 'by'::text, CASE WHEN p_by = 'district'
	    THEN (SELECT sms_pick(p_lang, d.name_en, d.name_ur)
	    FROM districts d WHERE d.id::text = r.grp) ELSE r.grp END,
	    prog_safe(r.registered), prog_safe(r.enrolled),
	    prog_safe(r.completed), prog_safe(r.certified),
	    prog_safe(r.applied), prog_safe(r.shortlisted),
	    prog_safe(r.hired), r.grp
	    FROM prog_rollup r WHERE r.scope = s.scope
	    AND r.scope_id = s.scope_id AND r.dim = p_by
	    ORDER BY CASE WHEN p_by = 'district' THEN -r.registered END,
	    r.grp;
	RETURN QUERY SELECT 'women'::text, w.stage, prog_safe(w.f),
	    prog_safe(w.k), CASE WHEN prog_safe(w.f) IS NULL
	    OR prog_safe(w.k) IS NULL OR w.k = 0 THEN NULL
	    ELSE (100 * w.f / w.k)::int END, NULL::int, NULL::int, NULL::int,
	    NULL::int, NULL::text
	    FROM (SELECT v.stage, v.o,
		sum(v.n) FILTER (WHERE r.grp = 'f') AS f,
		sum(v.n) FILTER (WHERE r.grp IN ('f', 'm', 'x')) AS k
		FROM prog_rollup r CROSS JOIN LATERAL (VALUES
		(1, 'enrolled', r.enrolled), (2, 'completed', r.completed),
		(3, 'certified', r.certified), (4, 'hired', r.hired))
		AS v(o, stage, n)
		WHERE r.scope = s.scope AND r.scope_id = s.scope_id
		AND r.dim = 'gender' GROUP BY v.stage, v.o) w ORDER BY w.o;
	RETURN QUERY SELECT 'gap'::text, sms_pick(p_lang, d.name_en, d.name_ur),
	    coalesce(gp.demand, 0), prog_safe(coalesce(gp.supply, 0)),
	    CASE WHEN prog_safe(coalesce(gp.supply, 0)) IS NULL THEN NULL
	    ELSE coalesce(gp.gap, 0) END, NULL::int, NULL::int, NULL::int,
	    NULL::int, (SELECT sms_pick(p_lang, sk.name_en, sk.name_ur)
	    FROM skills sk WHERE sk.id = gp.top_skill_id)
	    FROM districts d LEFT JOIN prog_rollup_gap gp
	    ON gp.district_id = d.id
	    WHERE s.prov IS NULL OR d.province_id = s.prov
	    ORDER BY coalesce(gp.gap, 0) DESC, d.name_en;
END;
$$;

-- A dashboard's gate, asked on every request before anything is read or
-- served from a worker's memo: status 'ok', 'forbidden' or 'not_found'
-- (prog_can(), the one right), and the stamp under which a rendered
-- dashboard stays good -- the rollup's refresh (microseconds) and, for
-- a programme, its row's version (an edit of its name or targets shows
-- at once).  '0' before the first refresh.
CREATE OR REPLACE FUNCTION prog_dash_gate(p_viewer bigint, p_kind text,
    p_key text, OUT status text, OUT stamp text)
LANGUAGE sql STABLE AS $$
	WITH s AS (SELECT pr.id::int AS prov, ''::text AS ver
	    FROM provinces pr WHERE p_kind = 'prov' AND pr.code = upper(p_key)
	UNION ALL
	SELECT p.province_id::int, p.xmin::text FROM prog_programmes p
	    WHERE p_kind = 'prog' AND p.code = upper(p_key))
	SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM s) THEN 'not_found'
	    WHEN prog_can(p_viewer, (SELECT s.prov FROM s LIMIT 1)) THEN 'ok'
	    ELSE 'forbidden' END,
	    coalesce((SELECT (extract(epoch FROM m.refreshed_at) * 1e6)::bigint
	    ::text FROM prog_rollup_meta m), '0') || ':' ||
	    coalesce((SELECT s.ver FROM s LIMIT 1), '')
$$;
