-- programmes (issue 14): what the pages read, one function each, the
-- viewer's rights checked inside (prog_can()).

-- The public hub directory; p_prov: a province code or ''.
CREATE OR REPLACE FUNCTION prog_hub_list(p_lang text, p_prov text)
RETURNS TABLE (id integer, name text, district text, province text,
    address text, hours text, phone text, services text,
    women_only boolean, women_hours text)
LANGUAGE sql STABLE AS $$
	SELECT h.id, prog_pick(p_lang, h.name, h.name_ru, h.name_ur),
	    sms_pick(p_lang, d.name_en, d.name_ur), pr.code,
	    prog_pick(p_lang, h.address, h.address_ru, h.address_ur), h.hours, h.phone, array_to_string(h.services, ','),
	    h.women_only, coalesce(h.women_hours, '')
	    FROM prog_hubs h JOIN districts d ON d.id = h.district_id
	    JOIN provinces pr ON pr.id = d.province_id
	    WHERE h.active AND (p_prov = '' OR pr.code = upper(p_prov))
	    ORDER BY pr.code, d.name_en, h.name
$$;

-- One hub for its public page: the hub row, then its free slots
-- (section 'slot': id, when, mentor).  mine: on the hub row, the viewer
-- runs this hub (its mentor, its province's officer, an admin: the page
-- links to the hub's session codes and slots, which a mentor had no way
-- to find); on a slot, the viewer is its mentor (no "Book" on it).
DROP FUNCTION IF EXISTS prog_hub_page(text, integer);
CREATE OR REPLACE FUNCTION prog_hub_page(p_lang text, p_hub integer,
    p_viewer bigint)
RETURNS TABLE (section text, id bigint, name text, district text,
    province text, address text, hours text, phone text, services text,
    women_only boolean, women_hours text, mine boolean)
LANGUAGE sql STABLE AS $$
	SELECT 'hub', h.id::bigint, h.name, h.district, h.province, h.address,
	    h.hours, h.phone, h.services, h.women_only, h.women_hours,
	    EXISTS (SELECT 1 FROM prog_mentors m WHERE m.hub_id = h.id
	    AND m.user_id = p_viewer) OR prog_can(p_viewer, (SELECT
	    d.province_id FROM prog_hubs ph JOIN districts d
	    ON d.id = ph.district_id WHERE ph.id = h.id))
	    FROM prog_hub_list(p_lang, '') h WHERE h.id = p_hub
	UNION ALL
	(SELECT 'slot', s.id, prog_slot_when(s.starts_at), m.name, NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL, s.mentor_id = p_viewer
	    FROM prog_slots s JOIN users m ON m.id = s.mentor_id
	    WHERE s.hub_id = p_hub AND s.booked_by IS NULL
	    AND s.starts_at > now() AND s.starts_at < now() + interval '7 days'
	    ORDER BY s.starts_at LIMIT 12)
$$;

-- The programmes a viewer runs: an officer's province, an admin's all.
CREATE OR REPLACE FUNCTION prog_list(p_viewer bigint, p_lang text)
RETURNS TABLE (code text, name text, province text, province_name text,
    courses bigint, hubs bigint)
LANGUAGE sql STABLE AS $$
	SELECT p.code, CASE p_lang WHEN 'ur' THEN p.name_ur WHEN 'ru'
	    THEN p.name_ru ELSE p.name_en END, coalesce(pr.code, ''),
	    coalesce(sms_pick(p_lang, pr.name_en, pr.name_ur), ''),
	    (SELECT count(*) FROM prog_courses pc
	    WHERE pc.programme_id = p.id),
	    (SELECT count(*) FROM prog_hubs h WHERE h.programme_id = p.id)
	    FROM prog_programmes p LEFT JOIN provinces pr
	    ON pr.id = p.province_id
	    WHERE prog_can(p_viewer, p.province_id) ORDER BY p.code
$$;

-- A programme's page.  denied (a: forbidden | not_found); head (a code,
-- b name, c province code, d province name, e budget line, f budget,
-- g targets "enrol|complete|placed|women%"); course (a code, b title,
-- c mode, d attendance counts t/f, e attribution); hub (a id, b name,
-- c district, d women-only t/f).
CREATE OR REPLACE FUNCTION prog_programme_page(p_viewer bigint,
    p_code text, p_lang text)
RETURNS TABLE (section text, a text, b text, c text, d text, e text,
    f text, g text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	p	record;
BEGIN
	SELECT pp.*, pr.code AS pcode, sms_pick(p_lang, pr.name_en,
	    pr.name_ur) AS pname INTO p FROM prog_programmes pp
	    LEFT JOIN provinces pr ON pr.id = pp.province_id
	    WHERE pp.code = upper(p_code);
	IF NOT FOUND OR NOT prog_can(p_viewer, p.province_id) THEN
		RETURN QUERY SELECT 'denied'::text, CASE WHEN p.id IS NULL
		    THEN 'not_found' ELSE 'forbidden' END, NULL::text,
		    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'head'::text, p.code, CASE p_lang WHEN 'ur'
	    THEN p.name_ur WHEN 'ru' THEN p.name_ru ELSE p.name_en END,
	    coalesce(p.pcode, ''), coalesce(p.pname, ''), p.budget_line,
	    p.budget_pkr::text, concat_ws('|', p.target_enrol,
	    p.target_complete, p.target_placed, p.target_women_pct);
	RETURN QUERY SELECT 'course'::text, co.code, sms_pick(p_lang,
	    co.title_en, co.title_ur), co.mode::text,
	    CASE WHEN pc.attendance_counts THEN 't' ELSE 'f' END,
	    coalesce(pc.attribution, ''), NULL::text, NULL::text
	    FROM prog_courses pc JOIN courses co ON co.id = pc.course_id
	    WHERE pc.programme_id = p.id ORDER BY co.code;
	RETURN QUERY SELECT 'hub'::text, h.id::text, prog_pick(p_lang, h.name,
	    h.name_ru, h.name_ur), sms_pick(p_lang, d.name_en, d.name_ur),
	    CASE WHEN h.women_only THEN 't' ELSE 'f' END, NULL::text,
	    NULL::text, NULL::text
	    FROM prog_hubs h JOIN districts d ON d.id = h.district_id
	    WHERE h.programme_id = p.id ORDER BY d.name_en, h.name;
END;
$$;

-- A hub's page for those who run it: the province's officer or an
-- admin and its mentors see it all; any trainer may open a session for
-- their own course there (prog_session_open), so a trainer sees the
-- page with their own courses' sessions only -- no other trainer's
-- codes, no mentor slots and no learner's name.
-- denied (a: forbidden | not_found);
-- head (a id, b name, c district, d province code); session (a code,
-- b course, c lesson, d closes, e check-ins, f open t/f); slot (a id,
-- b when, c mentor, d learner, e held t/f, f mine t/f).
CREATE OR REPLACE FUNCTION prog_hub_admin(p_viewer bigint, p_hub integer,
    p_lang text)
RETURNS TABLE (section text, a text, b text, c text, d text, e text,
    f text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	h	record;
	mine	boolean;
	staff	boolean;
BEGIN
	SELECT ph.*, d.province_id, sms_pick(p_lang, d.name_en, d.name_ur)
	    AS dname, pr.code AS pcode INTO h FROM prog_hubs ph
	    JOIN districts d ON d.id = ph.district_id
	    JOIN provinces pr ON pr.id = d.province_id WHERE ph.id = p_hub;
	mine := EXISTS (SELECT 1 FROM prog_mentors m WHERE m.hub_id = p_hub
	    AND m.user_id = p_viewer);
	staff := h.id IS NOT NULL AND (prog_can(p_viewer, h.province_id)
	    OR mine);
	IF h.id IS NULL OR NOT (staff OR EXISTS (SELECT 1 FROM users u
	    WHERE u.id = p_viewer AND u.role = 'trainer')) THEN
		RETURN QUERY SELECT 'denied'::text, CASE WHEN h.id IS NULL
		    THEN 'not_found' ELSE 'forbidden' END, NULL::text,
		    NULL::text, NULL::text, NULL::text, NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'head'::text, h.id::text, prog_pick(p_lang, h.name,
	    h.name_ru, h.name_ur), h.dname, h.pcode, NULL::text, NULL::text;
	RETURN QUERY SELECT 'session'::text, s.code, co.code,
	    coalesce(s.lesson_pos::text, ''), to_char(s.closes_at AT TIME
	    ZONE 'Asia/Karachi', 'DD/MM HH24:MI'), (SELECT count(*)
	    FROM prog_attendance at WHERE at.session_id = s.id)::text,
	    CASE WHEN s.closes_at > now() THEN 't' ELSE 'f' END
	    FROM prog_sessions s JOIN courses co ON co.id = s.course_id
	    WHERE s.hub_id = p_hub AND (staff OR co.trainer_id = p_viewer)
	    ORDER BY s.id DESC LIMIT 10;
	RETURN QUERY SELECT 'slot'::text, s.id::text, prog_slot_when(
	    s.starts_at), m.name, coalesce(l.name, ''),
	    CASE WHEN s.held_at IS NOT NULL THEN 't' ELSE 'f' END,
	    CASE WHEN s.mentor_id = p_viewer THEN 't' ELSE 'f' END
	    FROM prog_slots s JOIN users m ON m.id = s.mentor_id
	    LEFT JOIN users l ON l.id = s.booked_by
	    WHERE staff AND s.hub_id = p_hub AND (s.booked_by IS NOT NULL OR
	    s.starts_at > now()) AND s.starts_at > now() - interval '7 days'
	    ORDER BY s.starts_at LIMIT 20;
END;
$$;

-- Courses of other provinces' programmes with their outcomes, for an
-- officer choosing one to copy: code, title, programme, province,
-- enrolled, completion %, certified, placed (counts under 5 hidden).
CREATE OR REPLACE FUNCTION prog_replicate_list(p_viewer bigint, p_lang text)
RETURNS TABLE (code text, title text, programme text, province text,
    enrolled integer, completion integer, certified integer,
    placed integer)
LANGUAGE sql STABLE AS $$
	SELECT co.code, sms_pick(p_lang, co.title_en, co.title_ur), p.code,
	    coalesce(pr.code, ''), prog_safe(r.enrolled),
	    CASE WHEN prog_safe(r.enrolled) IS NULL OR r.enrolled = 0
	    OR prog_safe(r.completed) IS NULL THEN NULL
	    ELSE (100 * r.completed / r.enrolled)::int END,
	    prog_safe(r.certified), prog_safe(r.placed)
	    FROM prog_courses pc JOIN prog_programmes p ON p.id = pc.programme_id
	    JOIN courses co ON co.id = pc.course_id
	    LEFT JOIN provinces pr ON pr.id = p.province_id
	    LEFT JOIN prog_rollup_course r ON r.course_id = co.id
	    WHERE co.published AND pc.source_course_id IS NULL
	    AND NOT prog_can(p_viewer, p.province_id)
	    ORDER BY coalesce(r.certified, 0) DESC, co.code
$$;

-- An officer copies a course of another programme into their own,
-- adapting language, district and hub; the copy keeps its source (ids
-- and words).  result: ok | forbidden | no_course | no_programme |
-- no_hub; code: the new course.
CREATE OR REPLACE FUNCTION prog_replicate(p_viewer bigint, p_course text,
    p_programme text, p_lang text, p_hub integer,
    OUT result text, OUT code text)
LANGUAGE plpgsql AS $$
DECLARE
	src	record;
	dst	record;
	dist	integer;
	ncode	text;
BEGIN
	SELECT co.id, co.code, co.title_en, pc.programme_id, p.code AS pcode,
	    p.name_en AS pname INTO src FROM courses co
	    JOIN prog_courses pc ON pc.course_id = co.id
	    JOIN prog_programmes p ON p.id = pc.programme_id
	    WHERE co.code = upper(p_course) ORDER BY pc.added_at LIMIT 1;
	IF NOT FOUND THEN
		result := 'no_course';
		RETURN;
	END IF;
	SELECT * INTO dst FROM prog_programmes p
	    WHERE p.code = upper(p_programme);
	IF NOT FOUND THEN
		result := 'no_programme';
		RETURN;
	END IF;
	IF NOT prog_can(p_viewer, dst.province_id) THEN
		result := 'forbidden';
		RETURN;
	END IF;
	IF p_hub IS NOT NULL THEN
		SELECT ph.district_id INTO dist FROM prog_hubs ph
		    JOIN districts d ON d.id = ph.district_id
		    WHERE ph.id = p_hub
		    AND d.province_id IS NOT DISTINCT FROM dst.province_id;
		IF NOT FOUND THEN
			result := 'no_hub';
			RETURN;
		END IF;
	END IF;
	ncode := course_copy(src.code, p_viewer, p_lang, dist);
	INSERT INTO prog_courses (programme_id, course_id, source_course_id,
	    source_programme_id, attribution, hub_id)
	    SELECT dst.id, co.id, src.id, src.programme_id,
	    src.pname || ' (' || src.pcode || '), ' || src.code || ' "' ||
	    src.title_en || '"', p_hub FROM courses co WHERE co.code = ncode;
	code := ncode;
	result := 'ok';
END;
$$;

-- Whether a person mentors a hub: the web lands them on /me/mentoring and
-- shows "My mentoring" in the navigation (web_account.c asks at log-in).
CREATE OR REPLACE FUNCTION prog_is_mentor(p_user bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM prog_mentors m WHERE m.user_id = p_user)
$$;

-- A mentor's own page (/me/mentoring): each hub they mentor, with their
-- slots there this week and the past week's booked ones (a hub without
-- any: one row, slot NULL).  No row: the viewer mentors no hub.
CREATE OR REPLACE FUNCTION prog_mentoring(p_viewer bigint, p_lang text)
RETURNS TABLE (hub integer, name text, district text, slot bigint,
    at text, learner text, held boolean)
LANGUAGE sql STABLE AS $$
	SELECT h.id, prog_pick(p_lang, h.name, h.name_ru, h.name_ur),
	    sms_pick(p_lang, d.name_en, d.name_ur), s.id,
	    prog_slot_when(s.starts_at), coalesce(l.name, ''),
	    s.held_at IS NOT NULL
	    FROM prog_mentors m JOIN prog_hubs h ON h.id = m.hub_id
	    JOIN districts d ON d.id = h.district_id
	    LEFT JOIN prog_slots s ON s.hub_id = h.id
		AND s.mentor_id = m.user_id
		AND s.starts_at < now() + interval '7 days'
		AND (s.starts_at > now() OR (s.booked_by IS NOT NULL
		AND s.starts_at > now() - interval '7 days'))
	    LEFT JOIN users l ON l.id = s.booked_by
	    WHERE m.user_id = p_viewer
	    ORDER BY h.name, h.id, s.starts_at
$$;
