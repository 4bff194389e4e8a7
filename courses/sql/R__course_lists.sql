-- courses: what the SMS and USSD lists show of the catalogue and of a
-- learner's courses.  The channel (ussd/sql/R__sms_journey.sql,
-- R__ussd_menu.sql) decides the page's size and remembers it for MORE;
-- which courses, in which order and with which words is decided here.

-- COURSES by SMS: what an SMS learner can take -- SMS courses first,
-- newest first, then courses at a centre; online-only ones only when
-- asked ("COURSES ONLINE", "COURSES ALL", or a skill by name), last and
-- marked.  a: one line per course (code, title, where: tab-separated),
-- b: the first code, c: 'more' when more follow.
CREATE OR REPLACE FUNCTION course_sms_page(p_lang text, p_arg text,
    p_off int, p_n int, OUT status text, OUT a text, OUT b text,
    OUT c text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	want	text := lower(btrim(coalesce(p_arg, '')));
	modes	text[] := ARRAY['sms', 'centre'];
	sk	int[];
	total	int;
BEGIN
	IF want IN ('online', 'web', 'aan line', 'آن لائن') THEN
		modes := ARRAY['online'];
		want := '';
	ELSIF want IN ('all', 'sab', 'سب', 'tamam', 'تمام') THEN
		modes := ARRAY['sms', 'centre', 'online'];
		want := '';
	ELSIF want <> '' THEN
		-- A skill asked for by name: online courses too, after the
		-- others and marked.
		modes := ARRAY['sms', 'centre', 'online'];
	END IF;
	sk := sms_skills_named(want);
	SELECT string_agg(q.code || E'\t' || q.t || E'\t' || q.x, E'\n'
	    ORDER BY q.rn), (array_agg(q.code ORDER BY q.rn))[1], max(q.tot)
	    INTO a, b, total
	    FROM (SELECT co.code, replace(sms_pick(p_lang, co.title_en,
		co.title_ur), E'\t', ' ') AS t,
		CASE co.mode WHEN 'online' THEN '@online'
		    WHEN 'centre' THEN '@centre ' || coalesce(sms_pick(p_lang,
		    d.name_en, d.name_ur), '') ELSE '' END AS x,
		row_number() OVER (ORDER BY co.mode = 'online',
		    co.mode <> 'sms', co.id DESC) AS rn,
		count(*) OVER () AS tot
		FROM courses co LEFT JOIN districts d ON d.id = co.district_id
		WHERE co.published AND co.mode::text = ANY (modes)
		AND (want = '' OR co.title_en ILIKE '%' || want || '%' OR
		    co.title_ur ILIKE '%' || want || '%' OR
		    EXISTS (SELECT 1 FROM course_skills cs
			WHERE cs.course_id = co.id AND cs.skill_id = ANY (sk))))
		q
	    WHERE q.rn > p_off AND q.rn <= p_off + p_n;
	IF a IS NULL THEN
		status := 'courses_none';
		a := coalesce(p_arg, '');
		RETURN;
	END IF;
	status := 'courses';
	c := CASE WHEN total > p_off + p_n THEN 'more' ELSE '' END;
END;
$$;

-- A learner's courses for SMS STATUS, newest first (o orders them): the
-- code and where they stand (lessons done, done, waitlisted, failed).
-- Failed is course_failed()'s test, on the row already read.
CREATE OR REPLACE FUNCTION course_status_items(p_user bigint)
RETURNS TABLE (code text, x text, o bigint)
LANGUAGE sql STABLE AS $$
	SELECT co.code, CASE
	    WHEN v.status = 'completed' THEN '@done'
	    WHEN v.status = 'waitlisted' THEN '@waitlisted'
	    WHEN (course_outcome(v.lessons, v.lessons_done, v.questions,
	    v.answered, v.correct, co.pass_mark)).outcome = 'failed'
	    THEN '@failed ' || co.code
	    ELSE v.lessons_done || '/' || v.lessons || ' @lessons' END,
	    v.enrolment_id
	    FROM course_progress_v v JOIN courses co ON co.id = v.course_id
	    WHERE v.user_id = p_user AND v.status <> 'withdrawn'
$$;

-- USSD's course screens: 'courses' lists the published ones by code
-- (key, code, title, ''), 'course' is one (code, title, mode, start),
-- 'status' a learner's four newest ('course', code, done/total,
-- status).
CREATE OR REPLACE FUNCTION course_ussd_rows(p_kind text, p_arg text,
    p_user bigint, p_lang text, p_off int, p_lim int)
RETURNS TABLE (k text, a text, b text, c text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
	CASE p_kind
	WHEN 'courses' THEN
		RETURN QUERY SELECT co.code, co.code,
		    sms_pick(p_lang, co.title_en, co.title_ur), ''::text
		    FROM courses co WHERE co.published
		    ORDER BY co.code OFFSET p_off LIMIT p_lim;
	WHEN 'course' THEN
		RETURN QUERY SELECT co.code, sms_pick(p_lang, co.title_en,
		    co.title_ur), co.mode::text,
		    to_char(co.start_date, 'YYYY-MM-DD')
		    FROM courses co WHERE co.code = upper(p_arg)
		    AND co.published;
	WHEN 'status' THEN
		RETURN QUERY SELECT 'course'::text, co.code,
		    en.lessons_done || '/' || (SELECT count(*) FROM lessons l
		    WHERE l.course_id = co.id), en.status
		    FROM enrolments en JOIN courses co ON co.id = en.course_id
		    WHERE en.user_id = p_user AND en.status <> 'withdrawn'
		    ORDER BY en.updated_at DESC, en.id DESC LIMIT 4;
	ELSE
		RETURN;
	END CASE;
END;
$$;

-- A course's title in a language (NULL: no such code).
CREATE OR REPLACE FUNCTION course_title(p_code text, p_lang text)
RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT sms_pick(p_lang, co.title_en, co.title_ur) FROM courses co
	    WHERE co.code = p_code
$$;
