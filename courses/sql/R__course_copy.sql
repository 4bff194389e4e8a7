-- A course copied, with its lessons, questions and skills, under a new
-- code owned by p_owner, in p_lang, for p_district (NULL: the source's).
-- A proven course is published as it was.  Returns the new code (NULL:
-- no such course).  Used by programmes' prog_replicate() (issue 14).
CREATE OR REPLACE FUNCTION course_copy(p_code text, p_owner bigint,
    p_lang text, p_district integer)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	src	courses;
	nid	integer;
	ncode	text;
BEGIN
	SELECT * INTO src FROM courses WHERE code = upper(p_code);
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	INSERT INTO courses (trainer_id, title_en, title_ur, desc_en,
	    desc_ur, mode, district_id, lang, capacity, start_date,
	    cadence_hours, pass_mark, published)
	    VALUES (p_owner, src.title_en, src.title_ur, src.desc_en,
	    src.desc_ur, src.mode, coalesce(p_district, src.district_id),
	    CASE WHEN p_lang IN ('en', 'ru', 'ur') THEN p_lang ELSE src.lang
	    END, src.capacity, current_date, src.cadence_hours,
	    src.pass_mark, true)
	    RETURNING id, code INTO nid, ncode;
	INSERT INTO course_skills (course_id, skill_id)
	    SELECT nid, cs.skill_id FROM course_skills cs
	    WHERE cs.course_id = src.id;
	INSERT INTO lessons (course_id, position, title, body_web, body_sms)
	    SELECT nid, l.position, l.title, l.body_web, l.body_sms
	    FROM lessons l WHERE l.course_id = src.id;
	INSERT INTO quiz_questions (lesson_id, question, options, correct)
	    SELECT nl.id, q.question, q.options, q.correct
	    FROM quiz_questions q JOIN lessons l ON l.id = q.lesson_id
	    JOIN lessons nl ON nl.course_id = nid
	    AND nl.position = l.position
	    WHERE l.course_id = src.id;
	INSERT INTO lesson_texts (lesson_id, lang, body_sms, question, options,
	    written_sms, written_question, written_options)
	    SELECT nl.id, t.lang, t.body_sms, t.question, t.options,
	    t.written_sms, t.written_question, t.written_options
	    FROM lesson_texts t JOIN lessons l ON l.id = t.lesson_id
	    JOIN lessons nl ON nl.course_id = nid
	    AND nl.position = l.position
	    WHERE l.course_id = src.id;
	RETURN ncode;
END;
$$;
