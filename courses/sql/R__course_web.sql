-- courses (issue 4): web learners.

-- Web learners: opening lesson p marks it done (in order), and each
-- question is answered on its page.
CREATE OR REPLACE FUNCTION course_web_lesson(p_user bigint, p_code text,
    p_pos int)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	e	record;
BEGIN
	SELECT en.id, en.lessons_done, en.status INTO e FROM enrolments en
	    JOIN courses co ON co.id = en.course_id
	    WHERE en.user_id = p_user AND co.code = upper(p_code) FOR UPDATE;
	IF NOT FOUND OR e.status NOT IN ('active', 'completed') THEN
		RETURN 'not_enrolled';
	END IF;
	IF p_pos > e.lessons_done + 1 THEN
		RETURN 'locked';
	END IF;
	UPDATE enrolments SET lessons_done = greatest(lessons_done, p_pos),
	    updated_at = now() WHERE id = e.id AND lessons_done < p_pos;
	RETURN 'ok';
END;
$$;

CREATE OR REPLACE FUNCTION course_web_answer(p_user bigint, p_code text,
    p_pos int, p_choice int, p_cert text)
RETURNS TABLE (status text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	e	record;
	qid	int;
BEGIN
	SELECT en.id, en.lessons_done, en.course_id INTO e FROM enrolments en
	    JOIN courses co ON co.id = en.course_id
	    WHERE en.user_id = p_user AND co.code = upper(p_code)
	    AND en.status IN ('active', 'completed') FOR UPDATE OF en;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'not_enrolled'::text, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	SELECT q.id INTO qid FROM quiz_questions q JOIN lessons l
	    ON l.id = q.lesson_id
	    WHERE l.course_id = e.course_id AND l.position = p_pos;
	IF qid IS NULL OR p_pos > e.lessons_done THEN
		RETURN QUERY SELECT 'no_quiz'::text, NULL::text, NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT * FROM course_grade_q(e.id, qid, p_choice, p_cert);
END;
$$;
