-- courses (issue 4): enrolment with capacity and a waitlist, leaving, and
-- the waitlist moving up.  Every channel (web pages, JSON API, SMS/USSD)
-- calls these, so the same rules run in one transaction wherever a
-- learner comes from.

-- Seats freed: the longest-waiting learners move up.  The lesson daemon
-- tells SMS learners (promoted = true) that they are in.
CREATE OR REPLACE FUNCTION course_promote(p_course int) RETURNS int
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
-- waitlisted, 'retake' when a finished course (passed or failed) starts
-- again from lesson 1.  A withdrawn learner who enrols again resumes.
CREATE OR REPLACE FUNCTION course_enroll(p_user bigint, p_code text,
    p_channel text)
RETURNS TABLE (status text, code text, title text, info text, mode text)
LANGUAGE plpgsql AS $$
DECLARE
	c	record;
	e	record;
	used	int;
	pos	int;
	st	text;
	ch	text := coalesce(p_channel, 'web');
	retake	boolean;
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
	-- A course finished (passed or failed) is taken again from lesson 1.
	retake := FOUND AND (e.status = 'completed' OR
	    (e.status = 'active' AND course_failed(e.id)));
	IF FOUND AND e.status <> 'withdrawn' AND NOT retake THEN
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
	    WHERE en.course_id = c.id AND en.status = 'active'
	    AND en.id IS DISTINCT FROM e.id;
	st := CASE WHEN used < c.capacity THEN 'active' ELSE 'waitlisted' END;
	IF retake THEN
		-- The certificate of a pass stays; the answers go.  The
		-- lessons go out again: the first time's outbox rows keep
		-- their history under another dedup key.
		DELETE FROM course_answers WHERE enrolment_id = e.id;
		UPDATE sms_outbox o SET dedup_key = o.dedup_key || ':was' ||
		    o.id WHERE o.dedup_key LIKE 'course:' || e.id || ':%'
		    AND o.dedup_key NOT LIKE '%:was%';
		UPDATE enrolments SET status = st, channel = ch,
		    lessons_done = 0, sent_pos = 0, sent_at = NULL,
		    quiz_state = 'none', quiz_answered = 0, quiz_correct = 0,
		    completed_at = NULL, promoted = false, asap = false,
		    next_at = NULL, created_at = now(), updated_at = now()
		    WHERE id = e.id;
	ELSIF e.id IS NULL THEN
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
	IF st = 'waitlisted' THEN
		SELECT count(*) INTO pos FROM enrolments w
		    WHERE w.course_id = c.id AND w.status = 'waitlisted';
		RETURN QUERY SELECT 'waitlisted'::text, c.code, c.title_en,
		    pos::text, c.mode;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'enrolled'::text, c.code, c.title_en,
	    CASE WHEN retake THEN 'retake' END, c.mode;
END;
$$;

-- Every lesson done and every question answered, below the pass mark:
-- the course is over for this learner, who may take it again.
-- PL/pgSQL: its plan is kept for the session (as an SQL function it was
-- planned again at every call, issue 13).
CREATE OR REPLACE FUNCTION course_failed(p_enrolment bigint) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN coalesce((SELECT (course_outcome(v.lessons, v.lessons_done,
	    v.questions, v.answered, v.correct, co.pass_mark)).outcome =
	    'failed'
	    FROM course_progress_v v JOIN courses co ON co.id = v.course_id
	    WHERE v.enrolment_id = p_enrolment), false);
END;
$$;

-- Leaving frees the seat for the waitlist.  status: left | not_enrolled
-- | no_course.  A NULL or empty code means the learner's latest course.
CREATE OR REPLACE FUNCTION course_unenroll(p_user bigint, p_code text)
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
	RETURN QUERY SELECT 'left'::text, c.code, c.title_en;
END;
$$;
