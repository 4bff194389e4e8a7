-- courses (issue 4): grading an answer and completing a course.

-- The pass/fail rule, in one place: a course is complete when every
-- lesson went out and every question was answered (or skipped with NEXT,
-- which counts as wrong); it is passed when the share of right answers,
-- rounded down (100 for a course without questions), reaches the pass
-- mark.  outcome: progress | passed | failed; score is NULL in progress.
-- Pure, so tested alone (tests/integration/test_sql_courses.py).
-- PL/pgSQL, whose expressions are kept for the session: an SQL function
-- returning a record is never inlined, and was planned again each time
-- the statement calling it ran (an SMS STATUS of a learner in a course,
-- PROGRESS, every quiz answer: ~0.04 ms each, issue 13).
CREATE OR REPLACE FUNCTION course_outcome(p_lessons int, p_done int,
    p_questions int, p_answered int, p_correct int, p_pass_mark int,
    OUT outcome text, OUT score int)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	done	boolean := coalesce(p_lessons, 0) > 0 AND p_done >= p_lessons
		    AND p_answered >= p_questions;
	pct	int := CASE WHEN coalesce(p_questions, 0) <= 0 THEN 100
		    ELSE (100 * least(greatest(p_correct, 0), p_questions)) /
		    p_questions END;
BEGIN
	outcome := CASE WHEN done THEN
	    CASE WHEN pct >= p_pass_mark THEN 'passed' ELSE 'failed' END
	    ELSE 'progress' END;
	score := CASE WHEN done THEN pct END;
END;
$$;

-- Completion by course_outcome().  A pass issues the certificate, adds
-- the course's skills to the profile as certified, frees the seat and
-- tells the matching cache.  outcome: progress | passed | failed; cert
-- is the certificate code (also when it existed).
CREATE OR REPLACE FUNCTION course_complete_check(p_enrolment bigint,
    p_cert text)
RETURNS TABLE (outcome text, cert text, score int)
LANGUAGE plpgsql AS $$
DECLARE
	p	record;
	o	record;
	pct	int;
	v_code	text;
BEGIN
	SELECT * INTO p FROM course_progress_v v
	    WHERE v.enrolment_id = p_enrolment;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'progress'::text, NULL::text, NULL::int;
		RETURN;
	END IF;
	SELECT * INTO o FROM course_outcome(p.lessons, p.lessons_done,
	    p.questions, p.answered, p.correct,
	    (SELECT c.pass_mark FROM courses c WHERE c.id = p.course_id));
	pct := o.score;
	IF o.outcome <> 'passed' THEN
		RETURN QUERY SELECT o.outcome, NULL::text, pct;
		RETURN;
	END IF;
	v_code := course_cert_norm(p_cert);
	IF v_code IS NULL OR EXISTS (SELECT 1 FROM certificates ce
	    WHERE ce.code = v_code) THEN
		v_code := course_cert_gen();
	END IF;
	INSERT INTO certificates (code, user_id, course_id, score)
	    VALUES (v_code, p.user_id, p.course_id, pct)
	    ON CONFLICT (user_id, course_id) DO NOTHING;
	SELECT ce.code INTO v_code FROM certificates ce
	    WHERE ce.user_id = p.user_id AND ce.course_id = p.course_id;
	UPDATE enrolments SET status = 'completed', completed_at = now(),
	    asap = false, next_at = NULL, updated_at = now()
	    WHERE id = p_enrolment AND status <> 'completed';
	INSERT INTO user_skills (user_id, skill_id, level, certified,
	    certified_at)
	    SELECT p.user_id, cs.skill_id, 2, true, now()
	    FROM course_skills cs WHERE cs.course_id = p.course_id
	    ON CONFLICT (user_id, skill_id) DO UPDATE SET certified = true,
	    certified_at = coalesce(user_skills.certified_at, now()),
	    level = greatest(user_skills.level, 2);
	PERFORM course_promote(p.course_id);
	RETURN QUERY SELECT 'passed'::text, v_code, pct;
END;
$$;

-- Grades one answer to one question, once.  status: correct | wrong |
-- bad_answer | answered (the question had its answer already), each
-- with +passed/+failed when it completed the course.  a: choice, b: the
-- right option (or the number of options for bad_answer), c: the
-- certificate code or the score.
CREATE OR REPLACE FUNCTION course_grade_q(p_enrolment bigint, p_question int,
    p_choice int, p_cert text)
RETURNS TABLE (status text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	q	record;
	ok	boolean;
	done	record;
	st	text;
BEGIN
	SELECT qq.id, qq.correct, cardinality(qq.options) AS n INTO q
	    FROM quiz_questions qq WHERE qq.id = p_question;
	IF p_choice IS NULL OR p_choice < 1 OR p_choice > q.n THEN
		RETURN QUERY SELECT 'bad_answer'::text, q.n::text, q.n::text,
		    NULL::text;
		RETURN;
	END IF;
	ok := p_choice = q.correct;
	INSERT INTO course_answers (enrolment_id, question_id, choice, correct)
	    VALUES (p_enrolment, p_question, p_choice, ok)
	    ON CONFLICT DO NOTHING;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'answered'::text, p_choice::text,
		    q.correct::text, NULL::text;
		RETURN;
	END IF;
	UPDATE enrolments SET quiz_answered = quiz_answered + 1,
	    quiz_correct = quiz_correct + ok::int, updated_at = now()
	    WHERE id = p_enrolment;
	st := CASE WHEN ok THEN 'correct' ELSE 'wrong' END;
	SELECT * INTO done FROM course_complete_check(p_enrolment, p_cert);
	IF done.outcome = 'passed' THEN
		RETURN QUERY SELECT st || '+passed', p_choice::text,
		    q.correct::text, done.cert;
	ELSIF done.outcome = 'failed' THEN
		RETURN QUERY SELECT st || '+failed', p_choice::text,
		    q.correct::text, done.score::text;
	ELSE
		RETURN QUERY SELECT st, p_choice::text, q.correct::text,
		    NULL::text;
	END IF;
END;
$$;

-- An SMS answer: to the question that went out last and awaits one.
-- status as course_grade_q(), or no_quiz.
CREATE OR REPLACE FUNCTION course_answer(p_user bigint, p_choice int,
    p_cert text)
RETURNS TABLE (status text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	e	record;
	qid	int;
	r	record;
BEGIN
	SELECT en.id, en.course_id, en.sent_pos INTO e FROM enrolments en
	    WHERE en.user_id = p_user AND en.status = 'active'
	    AND en.quiz_state = 'sent'
	    ORDER BY en.sent_at DESC LIMIT 1 FOR UPDATE;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'no_quiz'::text, NULL::text, NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	SELECT q.id INTO qid FROM quiz_questions q JOIN lessons l
	    ON l.id = q.lesson_id
	    WHERE l.course_id = e.course_id AND l.position = e.sent_pos;
	IF qid IS NULL THEN
		UPDATE enrolments SET quiz_state = 'none', next_at = NULL
		    WHERE id = e.id;
		RETURN QUERY SELECT 'no_quiz'::text, NULL::text, NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	SELECT * INTO r FROM course_grade_q(e.id, qid, p_choice, p_cert);
	IF r.status <> 'bad_answer' THEN
		UPDATE enrolments SET quiz_state = 'answered', next_at = NULL
		    WHERE id = e.id;
	END IF;
	UPDATE users SET last_active = now() WHERE id = p_user;
	RETURN QUERY SELECT r.status, r.a, r.b, r.c;
END;
$$;
