-- programmes (issue 14): the dashboards' rollups and their one reader.
--
-- prog_rollup_refresh() (run by hunar_rollup every 30 s) reads the raw
-- rows once and writes small tables; a dashboard request reads only
-- those (prog_dash()), so its cost does not grow with the learners.

-- The person's age band (u18, 18-24, 25-34, 35+), where the person
-- gave one (asked, skippably, at JOIN and USSD registration: ussd's
-- V0015); '?' otherwise.
CREATE OR REPLACE FUNCTION prog_age_band(u users) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce(u.age_band, '?')
$$;

CREATE OR REPLACE FUNCTION prog_rollup_refresh(OUT took_ms integer,
    OUT learners bigint)
LANGUAGE plpgsql AS $$
DECLARE
	t0	timestamptz := clock_timestamp();
BEGIN
	-- One refresh at a time; readers keep seeing the last one until
	-- this commits.
	PERFORM pg_advisory_xact_lock(hashtext('prog_rollup'));
	CREATE TEMP TABLE pr_u ON COMMIT DROP AS
	    SELECT u.id, d.province_id AS prov, u.district_id AS dist,
	    coalesce(u.gender, '?') AS g, prog_age_band(u) AS a,
	    u.channel AS ch,
	    to_char(u.created_at AT TIME ZONE 'Asia/Karachi', 'YYYY-MM') AS m
	    FROM users u JOIN districts d ON d.id = u.district_id
	    WHERE u.role = 'trainee';
	CREATE TEMP TABLE pr_a ON COMMIT DROP AS
	    SELECT ap.user_id, bool_or(ap.status IN ('shortlisted', 'offered',
	    'accepted', 'hired', 'done')) AS sl,
	    bool_or(ap.status IN ('accepted', 'hired', 'done')) AS hi
	    FROM applications ap GROUP BY 1;
	CREATE TEMP TABLE pr_f ON COMMIT DROP AS
	WITH ue AS (SELECT e.user_id, bool_or(e.status = 'completed') AS co
	    FROM enrolments e WHERE e.status <> 'withdrawn' GROUP BY 1),
	uc AS (SELECT DISTINCT ce.user_id FROM certificates ce),
	pe AS (SELECT e.user_id, pc.programme_id,
	    bool_or(e.status = 'completed') AS co
	    FROM enrolments e JOIN prog_courses pc ON pc.course_id = e.course_id
	    WHERE e.status <> 'withdrawn' GROUP BY 1, 2),
	pce AS (SELECT DISTINCT ce.user_id, pc.programme_id
	    FROM certificates ce JOIN prog_courses pc
	    ON pc.course_id = ce.course_id)
	SELECT 'prov'::text AS scope, u.prov AS scope_id, u.dist, u.g, u.a,
	    u.ch, u.m, ue.user_id IS NOT NULL AS en, coalesce(ue.co, false) AS co,
	    uc.user_id IS NOT NULL AS ce, pa.user_id IS NOT NULL AS ap,
	    coalesce(pa.sl, false) AS sl, coalesce(pa.hi, false) AS hi
	    FROM pr_u u LEFT JOIN ue ON ue.user_id = u.id
	    LEFT JOIN uc ON uc.user_id = u.id
	    LEFT JOIN pr_a pa ON pa.user_id = u.id
	UNION ALL
	SELECT 'prog', p.id, u.dist, u.g, u.a, u.ch, u.m,
	    pe.user_id IS NOT NULL, coalesce(pe.co, false),
	    pce.user_id IS NOT NULL, pe.user_id IS NOT NULL AND pa.user_id
	    IS NOT NULL, pe.user_id IS NOT NULL AND coalesce(pa.sl, false),
	    pe.user_id IS NOT NULL AND coalesce(pa.hi, false)
	    FROM prog_programmes p JOIN pr_u u
	    ON p.province_id IS NULL OR u.prov = p.province_id
	    LEFT JOIN pe ON pe.user_id = u.id AND pe.programme_id = p.id
	    LEFT JOIN pce ON pce.user_id = u.id AND pce.programme_id = p.id
	    LEFT JOIN pr_a pa ON pa.user_id = u.id;

	DELETE FROM prog_rollup;
	INSERT INTO prog_rollup
	    SELECT f.scope, f.scope_id,
	    CASE WHEN GROUPING(f.dist) = 0 THEN 'district'
	    WHEN GROUPING(f.g) = 0 THEN 'gender'
	    WHEN GROUPING(f.a) = 0 THEN 'age'
	    WHEN GROUPING(f.ch) = 0 THEN 'channel'
	    WHEN GROUPING(f.m) = 0 THEN 'month' ELSE 'all' END,
	    coalesce(f.dist::text, f.g, f.a, f.ch, f.m, 'all'),
	    count(*), count(*) FILTER (WHERE f.en),
	    count(*) FILTER (WHERE f.co), count(*) FILTER (WHERE f.ce),
	    count(*) FILTER (WHERE f.ap), count(*) FILTER (WHERE f.sl),
	    count(*) FILTER (WHERE f.hi)
	    FROM pr_f f
	    GROUP BY f.scope, f.scope_id,
	    GROUPING SETS ((), (f.dist), (f.g), (f.a), (f.ch), (f.m));

	DELETE FROM prog_rollup_gap;
	INSERT INTO prog_rollup_gap
	WITH dem AS (SELECT d.id AS dist, gs.skill_id, count(*) AS n
	    FROM gigs g JOIN gig_skills gs ON gs.gig_id = g.id
	    JOIN districts d ON g.remote OR d.id = g.district_id
	    WHERE g.status = 'open' GROUP BY 1, 2),
	sup AS (SELECT u.district_id AS dist, us.skill_id, count(*) AS n
	    FROM user_skills us JOIN users u ON u.id = us.user_id
	    WHERE us.certified AND u.district_id IS NOT NULL
	    AND us.skill_id IN (SELECT dem.skill_id FROM dem)
	    GROUP BY 1, 2),
	j AS (SELECT dem.dist, dem.skill_id, dem.n AS dn,
	    coalesce(sup.n, 0) AS sn,
	    greatest(dem.n - coalesce(sup.n, 0), 0) AS gap
	    FROM dem LEFT JOIN sup ON sup.dist = dem.dist
	    AND sup.skill_id = dem.skill_id)
	SELECT j.dist, sum(j.dn), sum(j.sn), sum(j.gap),
	    (array_agg(j.skill_id ORDER BY j.gap DESC, j.dn DESC))[1]
	    FROM j GROUP BY j.dist;

	DELETE FROM prog_rollup_course;
	INSERT INTO prog_rollup_course
	    SELECT e.course_id, count(*), count(*) FILTER (WHERE
	    e.status = 'completed'), count(ce.id), count(*) FILTER (WHERE
	    pa.hi) FROM enrolments e
	    JOIN (SELECT DISTINCT pc.course_id FROM prog_courses pc) pc
	    ON pc.course_id = e.course_id
	    LEFT JOIN certificates ce ON ce.user_id = e.user_id
	    AND ce.course_id = e.course_id
	    LEFT JOIN pr_a pa ON pa.user_id = e.user_id
	    WHERE e.status <> 'withdrawn' GROUP BY e.course_id;

	SELECT count(*) INTO learners FROM pr_u;
	took_ms := (extract(epoch FROM clock_timestamp() - t0) * 1000)::int;
	INSERT INTO prog_rollup_meta (one, refreshed_at, took_ms, learners)
	    VALUES (true, now(), took_ms, learners)
	    ON CONFLICT (one) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at,
	    took_ms = EXCLUDED.took_ms, learners = EXCLUDED.learners;
END;
$$;

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
