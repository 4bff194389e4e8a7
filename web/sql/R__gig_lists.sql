-- web: what the SMS and USSD lists show of the open gigs and of a
-- person's applications.  The channel (ussd/sql/R__sms_journey.sql,
-- R__ussd_menu.sql) decides the page's size and remembers it for MORE;
-- which gigs, in which order and with which words is decided here.

-- GIGS by SMS: open gigs, the person's district first, then remote,
-- newest first; each with its pay and where.  a: one line per gig (code,
-- title, pay and place: tab-separated), b: the first code, c: 'more'
-- when more follow.
CREATE OR REPLACE FUNCTION gig_sms_page(p_lang text, p_district int,
    p_arg text, p_off int, p_n int, OUT status text, OUT a text,
    OUT b text, OUT c text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	want	text := btrim(coalesce(p_arg, ''));
	sk	int[] := sms_skills_named(btrim(coalesce(p_arg, '')));
	total	int;
BEGIN
	SELECT string_agg(q.code || E'\t' || q.t || E'\t' || q.x, E'\n'
	    ORDER BY q.rn), (array_agg(q.code ORDER BY q.rn))[1], max(q.tot)
	    INTO a, b, total
	    FROM (SELECT g.code, replace(g.title, E'\t', ' ') AS t,
		'Rs' || g.budget_pkr || ' ' || CASE WHEN g.remote
		    THEN '@remote' ELSE coalesce(sms_pick(p_lang, d.name_en,
		    d.name_ur), '') END AS x,
		row_number() OVER w AS rn, count(*) OVER () AS tot
		FROM gigs g LEFT JOIN districts d ON d.id = g.district_id
		WHERE g.status = 'open' AND (want = '' OR
		    g.title ILIKE '%' || want || '%' OR
		    EXISTS (SELECT 1 FROM gig_skills gs
			WHERE gs.gig_id = g.id AND gs.skill_id = ANY (sk)))
		WINDOW w AS (ORDER BY CASE WHEN g.district_id = p_district
		    THEN 0 WHEN g.remote THEN 1 ELSE 2 END,
		    g.created_at DESC, g.id DESC)) q
	    WHERE q.rn > p_off AND q.rn <= p_off + p_n;
	IF a IS NULL THEN
		status := 'gigs_none';
		a := want;
		RETURN;
	END IF;
	status := 'gigs';
	c := CASE WHEN total > p_off + p_n THEN 'more' ELSE '' END;
END;
$$;

-- A person's applications for SMS STATUS, newest first (o orders them):
-- the gig's code and the application's stage.
CREATE OR REPLACE FUNCTION gig_status_items(p_user bigint)
RETURNS TABLE (code text, x text, o bigint)
LANGUAGE sql STABLE AS $$
	SELECT g.code, '@' || ap.status, ap.id
	    FROM applications ap JOIN gigs g ON g.id = ap.gig_id
	    WHERE ap.user_id = p_user
$$;

-- USSD's gig screens: 'gigs' lists the open ones (key, code, title, ''),
-- those of p_district first (the same page for everyone of a district,
-- so the glue may keep it a moment); 'gig' is one open gig (code,
-- title, pay, district); 'offers' the person's open offers (application,
-- code, title, '') and 'offer' one (application, code, title, pay);
-- 'status' their four newest applications ('app', code, stage, '').
CREATE OR REPLACE FUNCTION gig_ussd_rows(p_kind text, p_arg text,
    p_user bigint, p_district int, p_lang text, p_off int, p_lim int)
RETURNS TABLE (k text, a text, b text, c text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	num	bigint := CASE WHEN p_arg ~ '^[0-9]{1,12}$' THEN p_arg::bigint
		    END;
BEGIN
	CASE p_kind
	WHEN 'gigs' THEN
		RETURN QUERY SELECT g.code, g.code, g.title, ''::text
		    FROM gigs g WHERE g.status = 'open'
		    ORDER BY (g.district_id IS NOT DISTINCT FROM p_district)
		    DESC, g.created_at DESC, g.id DESC
		    OFFSET p_off LIMIT p_lim;
	WHEN 'gig' THEN
		RETURN QUERY SELECT g.code, g.title, g.budget_pkr::text,
		    CASE WHEN g.remote OR g.district_id IS NULL THEN ''
		    ELSE sms_pick(p_lang, d.name_en, d.name_ur) END
		    FROM gigs g LEFT JOIN districts d ON d.id = g.district_id
		    WHERE g.code = upper(p_arg) AND g.status = 'open';
	WHEN 'offers' THEN
		RETURN QUERY SELECT ap.id::text, g.code, g.title, ''::text
		    FROM applications ap JOIN gigs g ON g.id = ap.gig_id
		    WHERE ap.user_id = p_user AND ap.status = 'offered'
		    ORDER BY ap.updated_at DESC, ap.id DESC
		    OFFSET p_off LIMIT p_lim;
	WHEN 'offer' THEN
		RETURN QUERY SELECT ap.id::text, g.code, g.title,
		    g.budget_pkr::text
		    FROM applications ap JOIN gigs g ON g.id = ap.gig_id
		    WHERE ap.id = num AND ap.user_id = p_user
		    AND ap.status = 'offered';
	WHEN 'status' THEN
		RETURN QUERY SELECT 'app'::text, g.code, ap.status, ''::text
		    FROM applications ap JOIN gigs g ON g.id = ap.gig_id
		    WHERE ap.user_id = p_user
		    ORDER BY ap.updated_at DESC, ap.id DESC LIMIT 4;
	ELSE
		RETURN;
	END CASE;
END;
$$;

-- A new person's empty profile (registration by SMS, USSD, a shared
-- phone's ADD, the web's sign-up).
CREATE OR REPLACE FUNCTION profile_start(p_user bigint)
RETURNS void
LANGUAGE sql AS $$
	INSERT INTO profiles (user_id) VALUES (p_user) ON CONFLICT DO NOTHING
$$;
