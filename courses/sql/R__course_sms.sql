-- courses (issue 4): the contract with the SMS/USSD channel (see
-- courses/courses.h):
--   SELECT status, lang, a, b, c FROM course_sms(phone, verb, arg, cert)
-- with verb/arg from course_sms_verb() and the reply text built by
-- course_reply().  cert is a fresh code from course_cert_new() (libsodium)
-- used only if this call completes a course; NULL falls back to
-- course_cert_gen().

-- The newest active course of the learner that is not taught by SMS
-- (online, or at a centre), when they have no SMS course to go on with:
-- NEXT and REPEAT say so, where NEXT said "on its way" and nothing came
-- (the lesson daemon drips SMS courses only).
CREATE OR REPLACE FUNCTION course_not_by_sms(p_user bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT co.code FROM enrolments en JOIN courses co
	    ON co.id = en.course_id
	    WHERE en.user_id = p_user AND en.status = 'active'
	    AND co.mode <> 'sms'
	    ORDER BY en.updated_at DESC LIMIT 1
$$;

-- NEXT: the daemon sends the next message at once (quiet hours or not:
-- the learner asked).  status: next | all_sent | no_courses | not_by_sms.
CREATE OR REPLACE FUNCTION course_next(p_user bigint)
RETURNS TABLE (status text, code text)
LANGUAGE plpgsql AS $$
DECLARE
	e	record;
BEGIN
	SELECT en.id, co.code, en.sent_pos, en.quiz_state,
	    (SELECT count(*) FROM lessons l WHERE l.course_id = co.id) AS n
	    INTO e FROM enrolments en JOIN courses co ON co.id = en.course_id
	    WHERE en.user_id = p_user AND en.status = 'active'
	    AND en.channel IN ('sms', 'ussd') AND co.mode = 'sms'
	    ORDER BY en.updated_at DESC LIMIT 1 FOR UPDATE OF en;
	IF NOT FOUND THEN
		e.code := course_not_by_sms(p_user);
		RETURN QUERY SELECT CASE WHEN e.code IS NULL THEN 'no_courses'
		    ELSE 'not_by_sms' END, e.code;
		RETURN;
	END IF;
	IF e.sent_pos >= e.n AND e.quiz_state <> 'due' THEN
		RETURN QUERY SELECT 'all_sent'::text, e.code;
		RETURN;
	END IF;
	UPDATE enrolments SET asap = true, next_at = NULL, updated_at = now()
	    WHERE id = e.id;
	PERFORM pg_notify('course_due', e.id::text);
	RETURN QUERY SELECT 'next'::text, e.code;
END;
$$;

-- The last lesson again, as it went out (course_lesson_sms() in C, in the
-- learner's language when the lesson has it), and
-- the question as it went out when one awaits an answer.  status: repeat | no_lesson |
-- no_courses | not_by_sms (body: the course's code).
CREATE OR REPLACE FUNCTION course_repeat(p_user bigint)
RETURNS TABLE (status text, body text)
LANGUAGE plpgsql AS $$
DECLARE
	e	record;
	lesson	text;
BEGIN
	SELECT co.code, en.sent_pos,
	    (course_lesson_text(l.id, u.lang)).body_sms,
	    (SELECT count(*) FROM lessons x WHERE x.course_id = co.id) AS n,
	    CASE WHEN en.status = 'active' AND en.quiz_state = 'sent' THEN
		(SELECT o.body FROM sms_outbox o WHERE o.dedup_key =
		'course:' || en.id || ':Q' || en.sent_pos) END AS quiz
	    INTO e FROM enrolments en JOIN courses co ON co.id = en.course_id
	    JOIN users u ON u.id = en.user_id
	    LEFT JOIN lessons l ON l.course_id = co.id
		AND l.position = en.sent_pos
	    WHERE en.user_id = p_user AND en.status IN ('active', 'completed')
	    AND co.mode = 'sms'
	    ORDER BY en.updated_at DESC LIMIT 1;
	IF NOT FOUND THEN
		lesson := course_not_by_sms(p_user);
		RETURN QUERY SELECT CASE WHEN lesson IS NULL THEN 'no_courses'
		    ELSE 'not_by_sms' END, lesson;
		RETURN;
	END IF;
	IF e.sent_pos = 0 OR e.body_sms IS NULL THEN
		RETURN QUERY SELECT 'no_lesson'::text, NULL::text;
		RETURN;
	END IF;
	lesson := format('%s %s/%s: %s', e.code, e.sent_pos, e.n,
	    e.body_sms);
	-- The question waiting goes with it (NEXT asks it again too), in
	-- one reply (SMS_REPLY_MAX in ussd/ussd_inbound.c is 1024 bytes):
	-- alone when both would not fit, as it is what awaits an answer.
	RETURN QUERY SELECT 'repeat'::text, CASE
	    WHEN e.quiz IS NULL THEN lesson
	    WHEN octet_length(lesson) + octet_length(e.quiz) < 900 THEN
		lesson || E'\n' || e.quiz
	    ELSE e.quiz END;
END;
$$;

-- The question an SMS learner has not answered yet, as it went out
-- (code NULL when none waits).
CREATE OR REPLACE FUNCTION course_waiting_quiz(p_user bigint,
    OUT code text, OUT body text)
LANGUAGE sql STABLE AS $$
	SELECT co.code, coalesce(o.body, co.code)
	    FROM enrolments en JOIN courses co ON co.id = en.course_id
	    LEFT JOIN sms_outbox o ON o.dedup_key = 'course:' || en.id ||
		':Q' || en.sent_pos
	    WHERE en.user_id = p_user AND en.status = 'active'
	    AND en.quiz_state = 'sent'
	    ORDER BY en.sent_at DESC NULLS LAST LIMIT 1
$$;

-- The code of the learner's latest course.
CREATE OR REPLACE FUNCTION course_latest_code(p_user bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT co.code FROM enrolments en JOIN courses co
	    ON co.id = en.course_id
	    WHERE en.user_id = p_user AND en.status <> 'withdrawn'
	    ORDER BY en.updated_at DESC LIMIT 1
$$;

-- NEXT with nothing more to send: a finished course (passed, or failed
-- with every answer in) says so and how to take it again.
CREATE OR REPLACE FUNCTION course_finished(p_user bigint, p_status text,
    p_code text, OUT status text, OUT code text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	e	record;
BEGIN
	status := p_status;
	code := p_code;
	SELECT v.*, co.code AS c, co.pass_mark INTO e
	    FROM course_progress_v v JOIN courses co ON co.id = v.course_id
	    WHERE v.user_id = p_user AND v.status IN ('active', 'completed')
	    ORDER BY v.enrolment_id DESC LIMIT 1;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF e.status = 'completed' OR course_failed(e.enrolment_id) THEN
		status := 'finished';
		code := e.c;
	END IF;
END;
$$;

-- SKIP: the waiting question is passed over on purpose -- counted as
-- answered wrongly -- and the next lesson comes at once.  status:
-- skipped (a: the code) | no_quiz, or passed/failed when it was the
-- course's last question (c: certificate, or "score|code").
CREATE OR REPLACE FUNCTION course_skip(p_user bigint, p_cert text,
    OUT status text, OUT a text, OUT b text, OUT c text)
LANGUAGE plpgsql AS $$
DECLARE
	e	record;
	qid	int;
	done	record;
BEGIN
	SELECT en.id, en.course_id, en.sent_pos, co.code INTO e
	    FROM enrolments en JOIN courses co ON co.id = en.course_id
	    WHERE en.user_id = p_user AND en.status = 'active'
	    AND en.quiz_state = 'sent'
	    ORDER BY en.sent_at DESC LIMIT 1 FOR UPDATE OF en;
	IF NOT FOUND THEN
		status := 'no_quiz';
		RETURN;
	END IF;
	SELECT q.id INTO qid FROM quiz_questions q JOIN lessons l
	    ON l.id = q.lesson_id
	    WHERE l.course_id = e.course_id AND l.position = e.sent_pos;
	IF qid IS NOT NULL THEN
		INSERT INTO course_answers (enrolment_id, question_id, choice,
		    correct) VALUES (e.id, qid, 0, false)
		    ON CONFLICT DO NOTHING;
		IF FOUND THEN
			UPDATE enrolments SET quiz_answered = quiz_answered + 1
			    WHERE id = e.id;
		END IF;
	END IF;
	UPDATE enrolments SET quiz_state = 'answered', asap = true,
	    next_at = NULL, updated_at = now() WHERE id = e.id;
	PERFORM pg_notify('course_due', e.id::text);
	SELECT * INTO done FROM course_complete_check(e.id, p_cert);
	a := e.code;
	IF done.outcome = 'passed' THEN
		status := 'passed';
		c := done.cert;
	ELSIF done.outcome = 'failed' THEN
		status := 'failed';
		c := done.score || '|' || e.code;
	ELSE
		status := 'skipped';
	END IF;
END;
$$;

-- What a phone is told after course_enroll() took a seat: lessons come
-- by SMS for an SMS course only; an online course is taken on the web
-- ('enrolled_web'), a centre course at its centre ('enrolled_centre').
-- SMS ENROLL and the USSD menu both ask this (the menu promised "Lessons
-- come by SMS" for every course, SMS ENROLL called a centre course
-- online).
CREATE OR REPLACE FUNCTION course_enrolled_word(p_status text,
    p_mode text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_status IS DISTINCT FROM 'enrolled' OR
	    p_mode = 'sms' THEN p_status
	    WHEN p_mode = 'centre' THEN 'enrolled_centre'
	    ELSE 'enrolled_web' END
$$;

-- Where a centre course is taught, in the reader's language ('' for
-- another mode).
CREATE OR REPLACE FUNCTION course_centre_place(p_code text, p_lang text)
RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT sms_pick(p_lang, d.name_en, d.name_ur)
	    FROM courses co JOIN districts d ON d.id = co.district_id
	    WHERE co.code = p_code AND co.mode = 'centre'), '')
$$;

-- The one entry point of the SMS/USSD channel.  verb/arg as
-- course_sms_verb() makes them; the row feeds course_reply().
CREATE OR REPLACE FUNCTION course_sms(p_phone text, p_verb text, p_arg text,
    p_cert text DEFAULT NULL)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	u	record;
	r	record;
	n	int;
BEGIN
	-- The number's person, or the one picked on a shared number.
	SELECT uu.id, uu.lang INTO u FROM users uu
	    WHERE uu.id = sms_user(p_phone);
	IF p_verb = 'VERIFY' THEN
		SELECT * INTO r FROM course_verify(p_arg);
		RETURN QUERY SELECT r.status, coalesce(u.lang, 'en'), r.code,
		    r.learner, r.course_code || ' ' || r.course_title || ', ' ||
		    to_char(r.issued, 'YYYY-MM-DD');
		RETURN;
	END IF;
	IF u.id IS NULL THEN
		RETURN QUERY SELECT 'unregistered'::text, 'en'::text,
		    NULL::text, NULL::text, NULL::text;
		RETURN;
	END IF;
	CASE p_verb
	WHEN 'ENROLL' THEN
		SELECT * INTO r FROM course_enroll(u.id, p_arg, 'sms');
		r.status := course_enrolled_word(r.status, r.mode);
		IF r.status = 'enrolled_centre' THEN
			r.info := course_centre_place(r.code, u.lang);
		ELSIF r.status = 'enrolled' AND r.info = 'retake' THEN
			r.status := 'retake';
		ELSIF r.status = 'not_allowed' THEN
			r.status := 'no_course';
		END IF;
		-- The title in the learner's language.
		SELECT CASE WHEN u.lang = 'ur' AND co.title_ur <> ''
		    THEN co.title_ur ELSE co.title_en END INTO r.title
		    FROM courses co WHERE co.code = r.code;
		RETURN QUERY SELECT r.status, u.lang, r.code, r.title, r.info;
	WHEN 'SKIP' THEN
		SELECT * INTO r FROM course_skip(u.id, p_cert);
		RETURN QUERY SELECT r.status, u.lang, r.a, r.b, r.c;
	WHEN 'LEAVE' THEN
		SELECT * INTO r FROM course_unenroll(u.id, p_arg);
		SELECT CASE WHEN u.lang = 'ur' AND co.title_ur <> ''
		    THEN co.title_ur ELSE co.title_en END INTO r.title
		    FROM courses co WHERE co.code = r.code;
		RETURN QUERY SELECT r.status, u.lang, r.code, r.title,
		    NULL::text;
	WHEN 'NEXT' THEN
		-- A question waiting is asked again, never thrown away.
		SELECT * INTO r FROM course_waiting_quiz(u.id);
		IF r.code IS NOT NULL THEN
			RETURN QUERY SELECT 'quiz_waiting'::text, u.lang,
			    r.body, r.code, NULL::text;
			RETURN;
		END IF;
		SELECT * INTO r FROM course_next(u.id);
		IF r.status = 'no_courses' OR r.status = 'all_sent' THEN
			SELECT * INTO r FROM course_finished(u.id, r.status,
			    r.code);
		END IF;
		RETURN QUERY SELECT r.status, u.lang, r.code, NULL::text,
		    NULL::text;
	WHEN 'REPEAT' THEN
		SELECT * INTO r FROM course_repeat(u.id);
		RETURN QUERY SELECT r.status, u.lang, r.body, NULL::text,
		    NULL::text;
	WHEN 'ANSWER' THEN
		n := CASE WHEN p_arg ~ '^[0-9]$' THEN p_arg::int ELSE 0 END;
		SELECT * INTO r FROM course_answer(u.id, n, p_cert);
		-- A failed course names its code, for ENROLL again.
		IF r.status LIKE '%+failed' THEN
			r.c := r.c || '|' || course_latest_code(u.id);
		END IF;
		RETURN QUERY SELECT r.status, u.lang, r.a, r.b, r.c;
	WHEN 'PROGRESS' THEN
		SELECT v.*, co.code INTO r FROM course_progress_v v
		    JOIN courses co ON co.id = v.course_id
		    WHERE v.user_id = u.id AND v.status <> 'withdrawn'
		    ORDER BY v.enrolment_id DESC LIMIT 1;
		IF NOT FOUND THEN
			RETURN QUERY SELECT 'no_courses'::text, u.lang,
			    NULL::text, NULL::text, NULL::text;
		ELSE
			RETURN QUERY SELECT 'progress'::text, u.lang, r.code,
			    r.lessons_done || '/' || r.lessons,
			    r.correct || '/' || r.questions;
		END IF;
	ELSE
		RETURN QUERY SELECT 'unknown'::text, u.lang, NULL::text,
		    NULL::text, NULL::text;
	END CASE;
END;
$$;

-- The USSD menu's ENROLL (the verb table's 'course' row, asked by
-- ussd_act(), R__sms_verbs.sql: the menu has found the person): the
-- enrolment, answered with the courses' word for it (lessons by SMS, on
-- the web or at a centre: c says where), the code and the title in the
-- person's language.
CREATE OR REPLACE FUNCTION course_ussd(p_verb text, p_user bigint,
    p_arg text, p_lang text)
RETURNS TABLE (k text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	IF p_verb <> 'ENROLL' THEN
		RETURN;
	END IF;
	SELECT * INTO r FROM course_enroll(p_user, p_arg, 'ussd');
	r.status := course_enrolled_word(r.status, r.mode);
	IF r.status = 'enrolled_centre' THEN
		r.info := course_centre_place(r.code, p_lang);
	END IF;
	RETURN QUERY SELECT r.status, coalesce(r.code, ''),
	    coalesce(course_title(r.code, p_lang), r.title, ''),
	    coalesce(r.info, '');
END;
$$;
