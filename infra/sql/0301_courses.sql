-- courses (issue 4): the course domain as functions every channel shares.
-- The web pages, the JSON API, the SMS/USSD channel and the lesson daemon
-- all call these, so that enrolment, capacity, grading and completion run
-- the same rules in one transaction wherever a learner comes from.
--
-- The contract with the SMS/USSD channel (see courses/courses.h):
--   SELECT status, lang, a, b, c FROM course_sms(phone, verb, arg, cert)
-- with verb/arg from course_sms_verb() and the reply text built by
-- course_reply().  cert is a fresh code from course_cert_new() (libsodium)
-- used only if this call completes a course; NULL falls back to
-- course_cert_gen() here.

-- Short codes for new courses: C + a number, after the seeded C101-C106.
CREATE SEQUENCE course_code_seq START 201;
ALTER TABLE courses ALTER COLUMN code
    SET DEFAULT 'C' || nextval('course_code_seq');
ALTER TABLE courses ADD COLUMN updated_at timestamptz NOT NULL
    DEFAULT now();
-- 'simple': Urdu-script and Roman Urdu words match as they are.
ALTER TABLE courses ADD COLUMN search tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('simple', coalesce(code, '') || ' ' ||
	    coalesce(title_en, '') || ' ' || coalesce(title_ur, '')), 'A') ||
	setweight(to_tsvector('simple', coalesce(desc_en, '') || ' ' ||
	    coalesce(desc_ur, '')), 'B')) STORED;
CREATE INDEX courses_search ON courses USING gin (search);
CREATE INDEX courses_trainer ON courses (trainer_id);
CREATE INDEX course_skills_skill ON course_skills (skill_id);

-- A lesson's SMS body is checked in C (two parts at most, GSM-7 or
-- UCS-2); the table keeps a hard ceiling whatever the caller.
ALTER TABLE lessons ADD CONSTRAINT lessons_sms_len
    CHECK (length(body_sms) <= 320);
ALTER TABLE lessons ADD CONSTRAINT lessons_title_len
    CHECK (length(title) BETWEEN 1 AND 120);
ALTER TABLE lessons ADD COLUMN updated_at timestamptz NOT NULL
    DEFAULT now();

-- SMS delivery state of one enrolment, all a scheduling decision needs
-- (courses/course_sched.c): the last lesson sent, when, and where its
-- quiz stands: none (no question) | due (not sent yet) | sent (awaiting
-- the answer) | answered (or skipped with NEXT).  asap: the learner sent
-- NEXT.  next_at caches the daemon's last decision ("look again then");
-- NULL means now.  It is a hint for the index only: decisions derive
-- from the other columns, so a lost next_at delays nothing.
ALTER TABLE enrolments
    ADD COLUMN sent_pos smallint NOT NULL DEFAULT 0,
    ADD COLUMN sent_at timestamptz,
    ADD COLUMN quiz_state text NOT NULL DEFAULT 'none'
	CHECK (quiz_state IN ('none', 'due', 'sent', 'answered')),
    ADD COLUMN asap boolean NOT NULL DEFAULT false,
    ADD COLUMN next_at timestamptz,
    ADD COLUMN promoted boolean NOT NULL DEFAULT false,
    ADD COLUMN completed_at timestamptz;
CREATE INDEX enrolments_due ON enrolments (next_at NULLS FIRST)
    WHERE status = 'active';
CREATE INDEX enrolments_user ON enrolments (user_id, updated_at DESC);
CREATE INDEX enrolments_wait ON enrolments (course_id, created_at)
    WHERE status = 'waitlisted';

-- One answer per question and enrolment: a repeated SMS changes nothing.
CREATE TABLE course_answers (
	enrolment_id	bigint NOT NULL REFERENCES enrolments(id)
			    ON DELETE CASCADE,
	question_id	integer NOT NULL REFERENCES quiz_questions(id)
			    ON DELETE CASCADE,
	choice		smallint NOT NULL,	-- 0: skipped with NEXT
	correct		boolean NOT NULL,
	answered_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (enrolment_id, question_id)
);

-- Luhn mod 32 over Crockford base32, as course_cert_check() in C.
CREATE FUNCTION course_cert_check(p text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	alpha	constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
	factor	int := 2;
	total	int := 0;
	v	int;
	addend	int;
	i	int;
BEGIN
	FOR i IN REVERSE length(p)..1 LOOP
		v := strpos(alpha, substr(p, i, 1)) - 1;
		IF v < 0 THEN
			RETURN NULL;
		END IF;
		addend := factor * v;
		factor := CASE WHEN factor = 2 THEN 1 ELSE 2 END;
		total := total + addend / 32 + addend % 32;
	END LOOP;
	RETURN substr(alpha, 1 + (32 - total % 32) % 32, 1);
END;
$$;

-- A typed code in canonical form, or NULL when it cannot be one (wrong
-- shape or failing check): I/L read as 1, O as 0, dashes and case ignored.
CREATE FUNCTION course_cert_norm(p text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN c ~ '^[0-9A-HJKMNP-TV-Z]{10}$' AND
	    course_cert_check(left(c, 9)) = right(c, 1) THEN c END
	FROM (SELECT translate(upper(regexp_replace(coalesce(p, ''),
	    '[-. ]', '', 'g')), 'ILO', '110') AS c) x
$$;

-- Fallback when no caller-made (libsodium) code is at hand.
CREATE FUNCTION course_cert_gen() RETURNS text
LANGUAGE sql VOLATILE AS $$
	SELECT s || course_cert_check(s) FROM (SELECT string_agg(substr(
	    '0123456789ABCDEFGHJKMNPQRSTVWXYZ',
	    1 + (get_byte(b, i) % 32), 1), '' ORDER BY i) AS s
	    FROM (SELECT decode(replace(gen_random_uuid()::text, '-', ''),
	    'hex') AS b) r, generate_series(0, 8) i) x
$$;

-- The learner's and the course's numbers at a glance.
CREATE VIEW course_progress_v AS
SELECT e.id AS enrolment_id, e.user_id, e.course_id, e.status, e.channel,
    e.lessons_done, e.sent_pos, e.quiz_state,
    (SELECT count(*) FROM lessons l WHERE l.course_id = e.course_id)::int
	AS lessons,
    (SELECT count(*) FROM quiz_questions q JOIN lessons l ON l.id = q.lesson_id
	WHERE l.course_id = e.course_id)::int AS questions,
    (SELECT count(*) FROM course_answers a WHERE a.enrolment_id = e.id)::int
	AS answered,
    (SELECT count(*) FROM course_answers a WHERE a.enrolment_id = e.id
	AND a.correct)::int AS correct
FROM enrolments e;

-- Seats freed: the longest-waiting learners move up.  The lesson daemon
-- tells SMS learners (promoted = true) that they are in.
CREATE FUNCTION course_promote(p_course int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	cap	int;
	used	int;
	n	int;
BEGIN
	SELECT capacity INTO cap FROM courses WHERE id = p_course FOR UPDATE;
	SELECT count(*) INTO used FROM enrolments
	    WHERE course_id = p_course AND status = 'active';
	IF used >= cap THEN
		RETURN 0;
	END IF;
	UPDATE enrolments SET status = 'active', promoted = true,
	    next_at = NULL, updated_at = now()
	    WHERE id IN (SELECT id FROM enrolments
		WHERE course_id = p_course AND status = 'waitlisted'
		ORDER BY created_at, id LIMIT cap - used);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END;
$$;

-- Enrolment with capacity and a waitlist.  status: enrolled | waitlisted
-- | already (info = the enrolment's status) | no_course | not_allowed.
-- code/title name the course; info is the waitlist position when
-- waitlisted.  A withdrawn learner who enrols again resumes.
CREATE FUNCTION course_enroll(p_user bigint, p_code text, p_channel text)
RETURNS TABLE (status text, code text, title text, info text, mode text)
LANGUAGE plpgsql AS $$
DECLARE
	c	record;
	e	record;
	used	int;
	pos	int;
	st	text;
	ch	text := coalesce(p_channel, 'web');
BEGIN
	SELECT co.id, co.code, co.title_en, co.capacity, co.mode::text AS mode
	    INTO c FROM courses co
	    WHERE co.code = upper(btrim(coalesce(p_code, ''))) AND co.published
	    FOR UPDATE;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'no_course'::text, upper(btrim(coalesce(
		    p_code, ''))), NULL::text, NULL::text, NULL::text;
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p_user AND
	    u.role IN ('trainee', 'admin')) THEN
		RETURN QUERY SELECT 'not_allowed'::text, c.code, c.title_en,
		    NULL::text, c.mode;
		RETURN;
	END IF;
	SELECT en.id, en.status INTO e FROM enrolments en
	    WHERE en.user_id = p_user AND en.course_id = c.id;
	IF FOUND AND e.status <> 'withdrawn' THEN
		st := e.status;
		IF e.status = 'waitlisted' THEN
			SELECT count(*) INTO pos FROM enrolments w
			    WHERE w.course_id = c.id AND w.status = 'waitlisted'
			    AND (w.created_at, w.id) <= (SELECT x.created_at,
			    x.id FROM enrolments x WHERE x.id = e.id);
			st := 'waitlisted #' || pos;
		END IF;
		RETURN QUERY SELECT 'already'::text, c.code, c.title_en, st,
		    c.mode;
		RETURN;
	END IF;
	SELECT count(*) INTO used FROM enrolments en
	    WHERE en.course_id = c.id AND en.status = 'active';
	st := CASE WHEN used < c.capacity THEN 'active' ELSE 'waitlisted' END;
	IF e.id IS NULL THEN
		INSERT INTO enrolments (user_id, course_id, status, channel)
		    VALUES (p_user, c.id, st, ch);
	ELSE
		-- Back after leaving: keep the progress, queue at the end.
		UPDATE enrolments SET status = st, channel = ch,
		    created_at = now(), updated_at = now(), next_at = NULL,
		    asap = false
		    WHERE id = e.id;
	END IF;
	UPDATE users SET last_active = now() WHERE id = p_user;
	PERFORM pg_notify('profile_changed', p_user::text);
	IF st = 'waitlisted' THEN
		SELECT count(*) INTO pos FROM enrolments w
		    WHERE w.course_id = c.id AND w.status = 'waitlisted';
		RETURN QUERY SELECT 'waitlisted'::text, c.code, c.title_en,
		    pos::text, c.mode;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'enrolled'::text, c.code, c.title_en, NULL::text,
	    c.mode;
END;
$$;

-- Leaving frees the seat for the waitlist.  status: left | not_enrolled
-- | no_course.  A NULL or empty code means the learner's latest course.
CREATE FUNCTION course_unenroll(p_user bigint, p_code text)
RETURNS TABLE (status text, code text, title text)
LANGUAGE plpgsql AS $$
DECLARE
	c	record;
	eid	bigint;
BEGIN
	IF coalesce(btrim(p_code), '') = '' THEN
		SELECT co.id, co.code, co.title_en INTO c FROM enrolments en
		    JOIN courses co ON co.id = en.course_id
		    WHERE en.user_id = p_user
		    AND en.status IN ('active', 'waitlisted')
		    ORDER BY en.updated_at DESC LIMIT 1;
		IF NOT FOUND THEN
			RETURN QUERY SELECT 'not_enrolled'::text, ''::text,
			    NULL::text;
			RETURN;
		END IF;
	ELSE
		SELECT co.id, co.code, co.title_en INTO c FROM courses co
		    WHERE co.code = upper(btrim(p_code));
		IF NOT FOUND THEN
			RETURN QUERY SELECT 'no_course'::text,
			    upper(btrim(p_code)), NULL::text;
			RETURN;
		END IF;
	END IF;
	PERFORM 1 FROM courses WHERE id = c.id FOR UPDATE;
	UPDATE enrolments en SET status = 'withdrawn', asap = false,
	    updated_at = now()
	    WHERE en.user_id = p_user AND en.course_id = c.id
	    AND en.status IN ('active', 'waitlisted') RETURNING en.id INTO eid;
	IF eid IS NULL THEN
		RETURN QUERY SELECT 'not_enrolled'::text, c.code, c.title_en;
		RETURN;
	END IF;
	PERFORM course_promote(c.id);
	PERFORM pg_notify('profile_changed', p_user::text);
	RETURN QUERY SELECT 'left'::text, c.code, c.title_en;
END;
$$;

-- Completion: every lesson done, every question answered (or skipped),
-- and the pass mark reached (course_outcome() in C).  A pass issues the
-- certificate, adds the course's skills to the profile as certified,
-- frees the seat and tells the matching cache.  outcome: progress |
-- passed | failed; cert is the certificate code (also when it existed).
CREATE FUNCTION course_complete_check(p_enrolment bigint, p_cert text)
RETURNS TABLE (outcome text, cert text, score int)
LANGUAGE plpgsql AS $$
DECLARE
	p	record;
	pct	int;
	pm	int;
	v_code	text;
BEGIN
	SELECT * INTO p FROM course_progress_v v
	    WHERE v.enrolment_id = p_enrolment;
	IF NOT FOUND OR p.lessons = 0 OR p.lessons_done < p.lessons OR
	    p.answered < p.questions THEN
		RETURN QUERY SELECT 'progress'::text, NULL::text, NULL::int;
		RETURN;
	END IF;
	pct := CASE WHEN p.questions = 0 THEN 100
	    ELSE (100 * p.correct) / p.questions END;
	SELECT pass_mark INTO pm FROM courses WHERE id = p.course_id;
	IF pct < pm THEN
		RETURN QUERY SELECT 'failed'::text, NULL::text, pct;
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
	PERFORM pg_notify('profile_changed', p.user_id::text);
	RETURN QUERY SELECT 'passed'::text, v_code, pct;
END;
$$;

-- Grades one answer to one question, once.  status: correct | wrong |
-- bad_answer | answered (the question had its answer already), each
-- with +passed/+failed when it completed the course.  a: choice, b: the
-- right option (or the number of options for bad_answer), c: the
-- certificate code or the score.
CREATE FUNCTION course_grade_q(p_enrolment bigint, p_question int,
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
CREATE FUNCTION course_answer(p_user bigint, p_choice int, p_cert text)
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

-- NEXT: the daemon sends the next message at once (quiet hours or not:
-- the learner asked).  status: next | all_sent | no_courses.
CREATE FUNCTION course_next(p_user bigint)
RETURNS TABLE (status text, code text)
LANGUAGE plpgsql AS $$
DECLARE
	e	record;
BEGIN
	SELECT en.id, co.code, en.sent_pos, en.quiz_state,
	    (SELECT count(*) FROM lessons l WHERE l.course_id = co.id) AS n
	    INTO e FROM enrolments en JOIN courses co ON co.id = en.course_id
	    WHERE en.user_id = p_user AND en.status = 'active'
	    AND en.channel IN ('sms', 'ussd')
	    ORDER BY en.updated_at DESC LIMIT 1 FOR UPDATE OF en;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'no_courses'::text, NULL::text;
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

-- The last lesson again, as it went out (course_lesson_sms() in C), its
-- question too when one awaits an answer.  status: repeat | no_lesson |
-- no_courses.
CREATE FUNCTION course_repeat(p_user bigint)
RETURNS TABLE (status text, body text)
LANGUAGE plpgsql AS $$
DECLARE
	e	record;
BEGIN
	SELECT co.code, en.sent_pos, l.body_sms,
	    (SELECT count(*) FROM lessons x WHERE x.course_id = co.id) AS n
	    INTO e FROM enrolments en JOIN courses co ON co.id = en.course_id
	    LEFT JOIN lessons l ON l.course_id = co.id
		AND l.position = en.sent_pos
	    WHERE en.user_id = p_user AND en.status IN ('active', 'completed')
	    ORDER BY en.updated_at DESC LIMIT 1;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'no_courses'::text, NULL::text;
		RETURN;
	END IF;
	IF e.sent_pos = 0 OR e.body_sms IS NULL THEN
		RETURN QUERY SELECT 'no_lesson'::text, NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'repeat'::text,
	    format('%s %s/%s: %s', e.code, e.sent_pos, e.n, e.body_sms);
END;
$$;

-- Verification by anyone: status valid | invalid | mistyped.
CREATE FUNCTION course_verify(p_code text)
RETURNS TABLE (status text, code text, learner text, course_code text,
    course_title text, issued date, score int, district text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	c	text := course_cert_norm(p_code);
BEGIN
	IF c IS NULL THEN
		RETURN QUERY SELECT 'mistyped'::text, upper(coalesce(p_code,
		    '')), NULL::text, NULL::text, NULL::text, NULL::date,
		    NULL::int, NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'valid'::text, ce.code, u.name, co.code,
	    co.title_en, (ce.issued_at AT TIME ZONE 'Asia/Karachi')::date,
	    ce.score::int, d.name_en
	    FROM certificates ce JOIN users u ON u.id = ce.user_id
	    JOIN courses co ON co.id = ce.course_id
	    LEFT JOIN districts d ON d.id = u.district_id
	    WHERE ce.code = c;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'invalid'::text, c, NULL::text, NULL::text,
		    NULL::text, NULL::date, NULL::int, NULL::text;
	END IF;
END;
$$;

-- The one entry point of the SMS/USSD channel.  verb/arg as
-- course_sms_verb() makes them; the row feeds course_reply().
CREATE FUNCTION course_sms(p_phone text, p_verb text, p_arg text,
    p_cert text DEFAULT NULL)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	u	record;
	r	record;
	n	int;
BEGIN
	SELECT uu.id, uu.lang INTO u FROM users uu WHERE uu.phone = p_phone;
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
		IF r.status = 'enrolled' AND r.mode <> 'sms' THEN
			r.status := 'enrolled_web';
		ELSIF r.status = 'not_allowed' THEN
			r.status := 'no_course';
		END IF;
		RETURN QUERY SELECT r.status, u.lang, r.code, r.title, r.info;
	WHEN 'LEAVE' THEN
		SELECT * INTO r FROM course_unenroll(u.id, p_arg);
		RETURN QUERY SELECT r.status, u.lang, r.code, r.title,
		    NULL::text;
	WHEN 'NEXT' THEN
		SELECT * INTO r FROM course_next(u.id);
		RETURN QUERY SELECT r.status, u.lang, r.code, NULL::text,
		    NULL::text;
	WHEN 'REPEAT' THEN
		SELECT * INTO r FROM course_repeat(u.id);
		RETURN QUERY SELECT r.status, u.lang, r.body, NULL::text,
		    NULL::text;
	WHEN 'ANSWER' THEN
		n := CASE WHEN p_arg ~ '^[0-9]$' THEN p_arg::int ELSE 0 END;
		SELECT * INTO r FROM course_answer(u.id, n, p_cert);
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

-- The lesson daemon's two writes, each one transaction with its outbox
-- row.  The dedup key ("course:<enrolment>:L<pos>" / ":Q<pos>") and the
-- guard on the stored state make a repeated or raced call a no-op: after
-- a crash the daemon decides again and nothing goes out twice.  result:
-- sent | stale (the state moved on: decide again).
CREATE FUNCTION course_lesson_sent(p_enrolment bigint, p_pos int,
    p_from_pos int, p_body text, p_urgent boolean, p_has_quiz boolean)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	ph	text;
BEGIN
	SELECT u.phone INTO ph FROM enrolments en JOIN users u
	    ON u.id = en.user_id
	    WHERE en.id = p_enrolment AND en.sent_pos = p_from_pos
	    AND en.status = 'active' AND NOT u.sms_opt_out
	    FOR UPDATE OF en;
	IF ph IS NULL THEN
		RETURN 'stale';
	END IF;
	INSERT INTO sms_outbox (phone, body, kind, urgent, dedup_key)
	    VALUES (ph, p_body, 'lesson', p_urgent,
	    'course:' || p_enrolment || ':L' || p_pos)
	    ON CONFLICT (dedup_key) DO NOTHING;
	-- A quiz skipped with NEXT counts as answered, wrongly.
	INSERT INTO course_answers (enrolment_id, question_id, choice, correct)
	    SELECT p_enrolment, q.id, 0, false FROM enrolments en
	    JOIN lessons l ON l.course_id = en.course_id
		AND l.position = en.sent_pos
	    JOIN quiz_questions q ON q.lesson_id = l.id
	    WHERE en.id = p_enrolment AND en.quiz_state IN ('due', 'sent')
	    ON CONFLICT DO NOTHING;
	UPDATE enrolments SET sent_pos = p_pos, sent_at = now(),
	    lessons_done = greatest(lessons_done, p_pos),
	    quiz_state = CASE WHEN p_has_quiz THEN 'due' ELSE 'none' END,
	    asap = false, next_at = NULL, updated_at = now()
	    WHERE id = p_enrolment;
	RETURN 'sent';
END;
$$;

CREATE FUNCTION course_quiz_sent(p_enrolment bigint, p_pos int,
    p_body text, p_urgent boolean)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	ph	text;
BEGIN
	SELECT u.phone INTO ph FROM enrolments en JOIN users u
	    ON u.id = en.user_id
	    WHERE en.id = p_enrolment AND en.sent_pos = p_pos
	    AND en.quiz_state = 'due' AND en.status = 'active'
	    AND NOT u.sms_opt_out
	    FOR UPDATE OF en;
	IF ph IS NULL THEN
		RETURN 'stale';
	END IF;
	INSERT INTO sms_outbox (phone, body, kind, urgent, dedup_key)
	    VALUES (ph, p_body, 'quiz', p_urgent,
	    'course:' || p_enrolment || ':Q' || p_pos)
	    ON CONFLICT (dedup_key) DO NOTHING;
	UPDATE enrolments SET quiz_state = 'sent', asap = false,
	    next_at = 'infinity', updated_at = now()
	    WHERE id = p_enrolment;
	RETURN 'sent';
END;
$$;

-- Web learners: opening lesson p marks it done (in order), and each
-- question is answered on its page.
CREATE FUNCTION course_web_lesson(p_user bigint, p_code text, p_pos int)
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

CREATE FUNCTION course_web_answer(p_user bigint, p_code text, p_pos int,
    p_choice int, p_cert text)
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

-- Trainers: a course in one call, skills included (slugs or English
-- names, comma-separated; unknown ones come back).  p_code NULL creates.
-- result: ok | not_found | forbidden | not_trainer.
CREATE FUNCTION course_save(p_user bigint, p_code text, p_title_en text,
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
		    FROM unnest(string_to_array(coalesce(p_skills, ''), ',')) x
		    WHERE btrim(x) <> ''
	), hit AS (
		SELECT w.name, s.id FROM want w LEFT JOIN skills s
		    ON s.slug = w.name OR lower(s.name_en) = w.name
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

-- A lesson with its question (p_question NULL or '' removes it).  p_pos
-- NULL appends.  The SMS body was counted in C before (two parts at
-- most).  result: ok | not_found | forbidden | bad_position | bad_quiz.
CREATE FUNCTION course_lesson_save(p_user bigint, p_code text, p_pos int,
    p_title text, p_body_web text, p_body_sms text, p_question text,
    p_options text[], p_correct int)
RETURNS TABLE (result text, pos int)
LANGUAGE plpgsql AS $$
DECLARE
	c	record;
	r	user_role;
	lid	int;
	n	int;
	opts	text[];
BEGIN
	SELECT co.id, co.trainer_id INTO c FROM courses co
	    WHERE co.code = upper(p_code) FOR UPDATE;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'not_found'::text, NULL::int;
		RETURN;
	END IF;
	SELECT u.role INTO r FROM users u WHERE u.id = p_user;
	IF c.trainer_id <> p_user AND r IS DISTINCT FROM 'admin' THEN
		RETURN QUERY SELECT 'forbidden'::text, NULL::int;
		RETURN;
	END IF;
	SELECT count(*) INTO n FROM lessons WHERE course_id = c.id;
	IF p_pos IS NULL THEN
		p_pos := n + 1;
	ELSIF p_pos < 1 OR p_pos > n + 1 THEN
		RETURN QUERY SELECT 'bad_position'::text, p_pos;
		RETURN;
	END IF;
	SELECT array_agg(btrim(o)) INTO opts FROM unnest(p_options) o
	    WHERE btrim(o) <> '';
	IF coalesce(btrim(p_question), '') <> '' AND
	    (coalesce(cardinality(opts), 0) NOT BETWEEN 2 AND 4 OR
	    p_correct IS NULL OR p_correct < 1 OR
	    p_correct > cardinality(opts)) THEN
		RETURN QUERY SELECT 'bad_quiz'::text, p_pos;
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
	RETURN QUERY SELECT 'ok'::text, p_pos;
END;
$$;

-- The trainer's view: learners by district and gender.
CREATE FUNCTION course_breakdown(p_course int)
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
