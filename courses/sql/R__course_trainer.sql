-- courses (issue 4): trainers write courses and lessons and read who
-- learns.

-- Trainers: a course in one call, skills included (slugs or names in
-- any of the three languages, as course_skill_name() lists them,
-- comma-separated; unknown ones come back).  p_code NULL creates.
-- result: ok | not_found | forbidden | not_trainer.
CREATE OR REPLACE FUNCTION course_save(p_user bigint, p_code text,
    p_title_en text,
    p_title_ur text, p_desc_en text, p_desc_ur text, p_mode text,
    p_district int, p_lang text, p_capacity int, p_start date,
    p_cadence int, p_pass int, p_skills text, p_published boolean)
RETURNS TABLE (result text, code text, unknown text)
LANGUAGE plpgsql AS $$
DECLARE
	r	user_role;
	cid	int;
	owner	bigint;
	ccode	text;
	miss	text;
BEGIN
	SELECT u.role INTO r FROM users u WHERE u.id = p_user;
	IF r IS NULL OR r NOT IN ('trainer', 'admin') THEN
		RETURN QUERY SELECT 'not_trainer'::text, NULL::text, NULL::text;
		RETURN;
	END IF;
	IF p_code IS NULL THEN
		INSERT INTO courses (trainer_id, title_en, title_ur, desc_en,
		    desc_ur, mode, district_id, lang, capacity, start_date,
		    cadence_hours, pass_mark, published)
		    VALUES (p_user, p_title_en, coalesce(p_title_ur, ''),
		    coalesce(p_desc_en, ''), coalesce(p_desc_ur, ''),
		    p_mode::course_mode, p_district, p_lang, p_capacity,
		    coalesce(p_start, current_date), p_cadence, p_pass,
		    coalesce(p_published, true))
		    RETURNING id, courses.code INTO cid, ccode;
	ELSE
		SELECT co.id, co.trainer_id, co.code INTO cid, owner, ccode
		    FROM courses co WHERE co.code = upper(p_code) FOR UPDATE;
		IF cid IS NULL THEN
			RETURN QUERY SELECT 'not_found'::text, NULL::text,
			    NULL::text;
			RETURN;
		END IF;
		IF owner <> p_user AND r <> 'admin' THEN
			RETURN QUERY SELECT 'forbidden'::text, ccode, NULL::text;
			RETURN;
		END IF;
		UPDATE courses SET title_en = p_title_en,
		    title_ur = coalesce(p_title_ur, ''),
		    desc_en = coalesce(p_desc_en, ''),
		    desc_ur = coalesce(p_desc_ur, ''),
		    mode = p_mode::course_mode, district_id = p_district,
		    lang = p_lang, capacity = p_capacity,
		    start_date = coalesce(p_start, start_date),
		    cadence_hours = p_cadence, pass_mark = p_pass,
		    published = coalesce(p_published, published),
		    updated_at = now()
		    WHERE id = cid;
		DELETE FROM course_skills WHERE course_id = cid;
		-- More seats may let the waitlist in.
		PERFORM course_promote(cid);
	END IF;
	WITH want AS (
		SELECT DISTINCT btrim(lower(x)) AS name
		    FROM unnest(string_to_array(translate(coalesce(p_skills, ''), '،',
		    ','), ',')) x
		    WHERE btrim(x) <> ''
	), hit AS (
		SELECT w.name, s.id FROM want w LEFT JOIN skills s
		    ON s.slug = w.name OR lower(s.name_en) = w.name
		    OR lower(s.name_ru) = w.name OR s.name_ur = w.name
		    OR s.slug = replace(w.name, ' ', '-')
	), ins AS (
		INSERT INTO course_skills (course_id, skill_id)
		    SELECT DISTINCT cid, h.id FROM hit h WHERE h.id IS NOT NULL
		    ON CONFLICT DO NOTHING
	)
	SELECT string_agg(DISTINCT h.name, ', ') INTO miss FROM hit h
	    WHERE h.id IS NULL;
	RETURN QUERY SELECT 'ok'::text, ccode, coalesce(miss, '');
END;
$$;

-- A skill's name as a trainer reading p_lang sees and types it: the
-- course editor lists them (course_save() takes each).
CREATE OR REPLACE FUNCTION course_skill_name(p_lang text, p_en text,
    p_ru text, p_ur text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p_lang WHEN 'ur' THEN p_ur WHEN 'ru' THEN p_ru
	    ELSE p_en END
$$;

-- The course p_code, locked for an edit by p_user: result ok, or
-- not_found, or forbidden (its trainer or an admin only).
CREATE OR REPLACE FUNCTION course_edit_lock(p_user bigint, p_code text,
    OUT result text, OUT id int, OUT lang text)
LANGUAGE plpgsql AS $$
BEGIN
	SELECT co.id, co.lang, CASE WHEN co.trainer_id = p_user OR
	    EXISTS (SELECT 1 FROM users u WHERE u.id = p_user AND
	    u.role = 'admin') THEN 'ok' ELSE 'forbidden' END
	    INTO id, lang, result FROM courses co
	    WHERE co.code = upper(p_code) FOR UPDATE;
	IF NOT FOUND THEN
		result := 'not_found';
	END IF;
END;
$$;

-- A lesson with its question (p_question NULL or '' removes it).  p_pos
-- NULL appends.  The SMS body was counted in C before (two parts at
-- most).  result: ok | not_found | forbidden | bad_position | bad_quiz;
-- to_check: how many of the lesson's other languages were written for
-- an earlier text (course_text_state() not 'current'): kept, for the
-- trainer to check.
CREATE OR REPLACE FUNCTION course_lesson_save(p_user bigint, p_code text,
    p_pos int, p_title text, p_body_web text, p_body_sms text, p_question text,
    p_options text[], p_correct int)
RETURNS TABLE (result text, pos int, to_check int)
LANGUAGE plpgsql AS $$
DECLARE
	c	record;
	lid	int;
	n	int;
	opts	text[];
BEGIN
	c := course_edit_lock(p_user, p_code);
	IF c.result <> 'ok' THEN
		RETURN QUERY SELECT c.result, NULL::int, 0;
		RETURN;
	END IF;
	SELECT count(*) INTO n FROM lessons WHERE course_id = c.id;
	IF p_pos IS NULL THEN
		p_pos := n + 1;
	ELSIF p_pos < 1 OR p_pos > n + 1 THEN
		RETURN QUERY SELECT 'bad_position'::text, p_pos, 0;
		RETURN;
	END IF;
	SELECT array_agg(btrim(o)) INTO opts FROM unnest(p_options) o
	    WHERE btrim(o) <> '';
	IF coalesce(btrim(p_question), '') <> '' AND
	    (coalesce(cardinality(opts), 0) NOT BETWEEN 2 AND 4 OR
	    p_correct IS NULL OR p_correct < 1 OR
	    p_correct > cardinality(opts)) THEN
		RETURN QUERY SELECT 'bad_quiz'::text, p_pos, 0;
		RETURN;
	END IF;
	INSERT INTO lessons (course_id, position, title, body_web, body_sms)
	    VALUES (c.id, p_pos, p_title, coalesce(p_body_web, ''),
	    coalesce(p_body_sms, ''))
	    ON CONFLICT (course_id, position) DO UPDATE SET
	    title = EXCLUDED.title, body_web = EXCLUDED.body_web,
	    body_sms = EXCLUDED.body_sms, updated_at = now()
	    RETURNING id INTO lid;
	IF coalesce(btrim(p_question), '') = '' THEN
		DELETE FROM quiz_questions WHERE lesson_id = lid;
	ELSE
		INSERT INTO quiz_questions (lesson_id, question, options,
		    correct) VALUES (lid, btrim(p_question), opts, p_correct)
		    ON CONFLICT (lesson_id) DO UPDATE SET
		    question = EXCLUDED.question, options = EXCLUDED.options,
		    correct = EXCLUDED.correct;
	END IF;
	UPDATE courses SET updated_at = now() WHERE id = c.id;
	RETURN QUERY SELECT 'ok'::text, p_pos, (SELECT count(*)::int
	    FROM lesson_texts t JOIN lessons l ON l.id = t.lesson_id
	    LEFT JOIN quiz_questions q ON q.lesson_id = l.id
	    WHERE l.id = lid AND course_text_state(t.written_sms,
	    t.written_question, t.written_options, l.body_sms, q.question,
	    q.options) <> 'current');
END;
$$;

-- A lesson's SMS text and question in a language other than the course's
-- (lesson_texts, V0032), written by its trainer or an admin.  p_sms NULL
-- or '' removes that language's text.  The options must be as many as
-- the course-language question's, in its order, so that its correct
-- letter answers here too; a lesson without a question takes none.  It
-- keeps what the lesson says now as what it was written for (written_*:
-- course_text_state()), so saving it again marks it current.  The SMS
-- parts were counted in C before.  result: ok | forbidden | not_found |
-- same_lang | bad_quiz.
CREATE OR REPLACE FUNCTION course_lesson_text_save(p_user bigint,
    p_code text, p_pos int, p_lang text, p_sms text, p_question text,
    p_options text[])
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	c	record;
	lid	int;
	nq	int;
	opts	text[];
	now_sms	text;
	now_q	text;
	now_opts text[];
BEGIN
	c := course_edit_lock(p_user, p_code);
	IF c.result <> 'ok' THEN
		RETURN c.result;
	END IF;
	IF p_lang IS NULL OR p_lang NOT IN ('en', 'ru', 'ur') THEN
		RETURN 'not_found';
	END IF;
	IF p_lang = c.lang THEN
		RETURN 'same_lang';
	END IF;
	SELECT l.id, cardinality(q.options), l.body_sms, q.question,
	    q.options INTO lid, nq, now_sms, now_q, now_opts FROM lessons l
	    LEFT JOIN quiz_questions q ON q.lesson_id = l.id
	    WHERE l.course_id = c.id AND l.position = p_pos;
	IF lid IS NULL THEN
		RETURN 'not_found';
	END IF;
	IF coalesce(btrim(p_sms), '') = '' THEN
		DELETE FROM lesson_texts
		    WHERE lesson_id = lid AND lang = p_lang;
		RETURN 'ok';
	END IF;
	SELECT array_agg(btrim(o)) INTO opts FROM unnest(p_options) o
	    WHERE btrim(o) <> '';
	IF (nq IS NULL AND (coalesce(btrim(p_question), '') <> '' OR
	    opts IS NOT NULL)) OR (nq IS NOT NULL AND
	    (coalesce(btrim(p_question), '') = '' OR
	    cardinality(opts) IS DISTINCT FROM nq)) THEN
		RETURN 'bad_quiz';
	END IF;
	INSERT INTO lesson_texts (lesson_id, lang, body_sms, question, options,
	    written_sms, written_question, written_options)
	    VALUES (lid, p_lang, btrim(p_sms), CASE WHEN nq IS NOT NULL
	    THEN btrim(p_question) END, opts, now_sms, now_q, now_opts)
	    ON CONFLICT (lesson_id, lang) DO UPDATE SET
	    body_sms = EXCLUDED.body_sms, question = EXCLUDED.question,
	    options = EXCLUDED.options, written_sms = EXCLUDED.written_sms,
	    written_question = EXCLUDED.written_question,
	    written_options = EXCLUDED.written_options;
	RETURN 'ok';
END;
$$;

-- The trainer's view: learners by district and gender.
CREATE OR REPLACE FUNCTION course_breakdown(p_course int)
RETURNS TABLE (district text, gender text, enrolled int, active int,
    waitlisted int, completed int, avg_lessons numeric, completion_pct int)
LANGUAGE sql STABLE AS $$
	SELECT coalesce(d.name_en, '-'), coalesce(u.gender, 'x'),
	    count(*)::int,
	    count(*) FILTER (WHERE e.status = 'active')::int,
	    count(*) FILTER (WHERE e.status = 'waitlisted')::int,
	    count(*) FILTER (WHERE e.status = 'completed')::int,
	    round(avg(e.lessons_done), 1),
	    (100 * count(*) FILTER (WHERE e.status = 'completed') /
		count(*))::int
	FROM enrolments e JOIN users u ON u.id = e.user_id
	LEFT JOIN districts d ON d.id = u.district_id
	WHERE e.course_id = p_course AND e.status <> 'withdrawn'
	GROUP BY 1, 2 ORDER BY 1, 2
$$;
