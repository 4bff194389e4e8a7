-- web (issue 5): posting, editing, closing and finishing a gig.

-- web (issue 5): posting and editing a gig in one call, skills included.
-- p_code NULL posts a new gig.  Skills come as comma-separated slugs or
-- English names ("wordpress, SEO"); names no skill matches come back in
-- `unknown` so the page can say which ones to fix.  result: ok |
-- not_found | forbidden | not_employer | closed.
CREATE OR REPLACE FUNCTION gig_save(p_user bigint, p_code text, p_title text,
    p_desc text, p_budget int, p_remote boolean, p_district int,
    p_deadline date, p_required text, p_nice text)
RETURNS TABLE (result text, code text, unknown text)
LANGUAGE plpgsql AS $$
DECLARE
	g	record;
	r	user_role;
	gid	bigint;
	gcode	text;
	miss	text;
BEGIN
	SELECT u.role INTO r FROM users u WHERE u.id = p_user;
	IF r IS NULL OR r NOT IN ('employer', 'admin') THEN
		RETURN QUERY SELECT 'not_employer'::text, NULL::text, NULL::text;
		RETURN;
	END IF;
	IF p_code IS NULL THEN
		INSERT INTO gigs (employer_id, title, description, budget_pkr,
		    remote, district_id, deadline)
		    VALUES (p_user, p_title, coalesce(p_desc, ''), p_budget,
		    p_remote, p_district, p_deadline)
		    RETURNING id, gigs.code INTO gid, gcode;
	ELSE
		SELECT gg.id, gg.employer_id, gg.status INTO g FROM gigs gg
		    WHERE gg.code = upper(p_code) FOR UPDATE;
		IF NOT FOUND THEN
			RETURN QUERY SELECT 'not_found'::text, NULL::text,
			    NULL::text;
			RETURN;
		END IF;
		IF g.employer_id <> p_user AND r <> 'admin' THEN
			RETURN QUERY SELECT 'forbidden'::text, NULL::text,
			    NULL::text;
			RETURN;
		END IF;
		IF g.status <> 'open' THEN
			RETURN QUERY SELECT 'closed'::text, upper(p_code),
			    NULL::text;
			RETURN;
		END IF;
		UPDATE gigs SET title = p_title,
		    description = coalesce(p_desc, ''), budget_pkr = p_budget,
		    remote = p_remote, district_id = p_district,
		    deadline = p_deadline, updated_at = now()
		    WHERE id = g.id;
		DELETE FROM gig_skills WHERE gig_id = g.id;
		gid := g.id;
		gcode := upper(p_code);
	END IF;

	WITH want AS (
		SELECT btrim(lower(x)) AS name, true AS req
		    FROM unnest(string_to_array(translate(coalesce(p_required, ''), '،',
		    ','), ','))
		    x WHERE btrim(x) <> ''
		UNION ALL
		SELECT btrim(lower(x)), false
		    FROM unnest(string_to_array(translate(coalesce(p_nice, ''), '،',
		    ','), ','))
		    x WHERE btrim(x) <> ''
	), hit AS (
		SELECT w.name, w.req, s.id FROM want w LEFT JOIN skills s
		    ON s.slug = w.name OR lower(s.name_en) = w.name
		    OR s.slug = replace(w.name, ' ', '-')
	), ins AS (
		INSERT INTO gig_skills (gig_id, skill_id, required)
		    SELECT DISTINCT ON (h.id) gid, h.id, h.req FROM hit h
		    WHERE h.id IS NOT NULL ORDER BY h.id, h.req DESC
		    ON CONFLICT DO NOTHING
	)
	SELECT string_agg(DISTINCT h.name, ', ') INTO miss FROM hit h
	    WHERE h.id IS NULL;
	RETURN QUERY SELECT 'ok'::text, gcode, coalesce(miss, '');
END;
$$;

-- Closing (no more applications) and finishing (the work is done; hired
-- applications become done and reviews open).  result: ok | not_found |
-- forbidden | bad_status.
CREATE OR REPLACE FUNCTION gig_set_status(p_user bigint, p_code text,
    p_status text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	g	record;
	r	user_role;
BEGIN
	SELECT gg.id, gg.employer_id, gg.status INTO g FROM gigs gg
	    WHERE gg.code = upper(p_code) FOR UPDATE;
	IF NOT FOUND THEN
		RETURN 'not_found';
	END IF;
	SELECT u.role INTO r FROM users u WHERE u.id = p_user;
	IF g.employer_id <> p_user AND r IS DISTINCT FROM 'admin' THEN
		RETURN 'forbidden';
	END IF;
	IF p_status NOT IN ('closed', 'done') OR g.status = 'done' OR
	    (g.status = 'closed' AND p_status = 'closed') THEN
		RETURN 'bad_status';
	END IF;
	UPDATE gigs SET status = p_status, closed_at = now(),
	    updated_at = now() WHERE id = g.id;
	IF p_status = 'done' THEN
		UPDATE applications SET status = 'done', updated_at = now()
		    WHERE gig_id = g.id AND status = 'hired';
	END IF;
	RETURN 'ok';
END;
$$;
