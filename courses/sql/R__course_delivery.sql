-- courses (issue 4): the lesson daemon's writes, and the trigger that
-- makes it decide again when a lesson or a course's timing changes.

-- The enrolment a drip message is for, locked, while it still stands at
-- p_pos (with p_quiz: its quiz due), is active and its learner takes SMS:
-- the learner's id, NULL when the state moved on.  The one lock of
-- course_lesson_sent() and course_quiz_sent() (it was written in both).
CREATE OR REPLACE FUNCTION course_drip_lock(p_enrolment bigint, p_pos int,
    p_quiz boolean)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	uid	bigint;
BEGIN
	SELECT u.id INTO uid FROM enrolments en JOIN users u
	    ON u.id = en.user_id
	    WHERE en.id = p_enrolment AND en.sent_pos = p_pos
	    AND (NOT p_quiz OR en.quiz_state = 'due') AND en.status = 'active'
	    AND NOT u.sms_opt_out
	    FOR UPDATE OF en;
	RETURN uid;
END;
$$;

-- An urgent message (the learner sent NEXT) must not overtake what of
-- the same enrolment still waits in the outbox: NEXT's quiz went out at
-- once while the lesson it asks about, queued without hurry (held by
-- quiet hours, or not yet claimed), reached the phone after it (seen on
-- a new user's walk, Dec 2026).  What waits goes at once too, first (its
-- not_before is the older).  The learner's number finds the rows
-- (sms_outbox_phone); the enrolment's keys pick them.
CREATE OR REPLACE FUNCTION course_drip_hurry(p_enrolment bigint,
    p_uid bigint)
RETURNS void
LANGUAGE sql AS $$
	UPDATE sms_outbox o SET urgent = true,
	    not_before = least(o.not_before, now()), updated_at = now()
	    WHERE o.phone = sms_user_phone(p_uid) AND o.status = 'queued'
	    AND NOT o.urgent AND o.kind IN ('lesson', 'quiz')
	    AND o.dedup_key LIKE 'course:' || p_enrolment || ':%'
$$;

-- The lesson daemon's two writes, each one transaction with its outbox
-- row.  The dedup key ("course:<enrolment>:L<pos>" / ":Q<pos>") and the
-- guard on the stored state make a repeated or raced call a no-op: after
-- a crash the daemon decides again and nothing goes out twice.  result:
-- sent | stale (the state moved on: decide again).
CREATE OR REPLACE FUNCTION course_lesson_sent(p_enrolment bigint, p_pos int,
    p_from_pos int, p_body text, p_urgent boolean, p_has_quiz boolean)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	uid	bigint;
BEGIN
	uid := course_drip_lock(p_enrolment, p_from_pos, false);
	IF uid IS NULL THEN
		RETURN 'stale';
	END IF;
	IF p_urgent THEN
		PERFORM course_drip_hurry(p_enrolment, uid);
	END IF;
	-- user_id: the outbox finds the number (shared phones: V0021) and
	-- names the learner when several share it.
	PERFORM sms_enqueue(NULL, p_body, 'lesson', p_urgent,
	    'course:' || p_enrolment || ':L' || p_pos, uid);
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

CREATE OR REPLACE FUNCTION course_quiz_sent(p_enrolment bigint, p_pos int,
    p_body text, p_urgent boolean)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	uid	bigint;
BEGIN
	uid := course_drip_lock(p_enrolment, p_pos, true);
	IF uid IS NULL THEN
		RETURN 'stale';
	END IF;
	IF p_urgent THEN
		PERFORM course_drip_hurry(p_enrolment, uid);
	END IF;
	PERFORM sms_enqueue(NULL, p_body, 'quiz', p_urgent,
	    'course:' || p_enrolment || ':Q' || p_pos, uid);
	UPDATE enrolments SET quiz_state = 'sent', asap = false,
	    next_at = 'infinity', updated_at = now()
	    WHERE id = p_enrolment;
	RETURN 'sent';
END;
$$;

-- The lesson daemon's other two messages, through the outbox's door
-- (sms_enqueue, for the person: the outbox finds the number and names
-- the learner on a shared phone).  A learner moved up from the waiting
-- list is told once per enrolment ("course:<e>:in:<created>"), unless
-- they said STOP, and the flag is cleared in the same transaction; a
-- completed course is told once ("course:<e>:done").  true when queued.
CREATE OR REPLACE FUNCTION course_promoted_sent(p_enrolment bigint,
    p_body text)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	queued	boolean;
BEGIN
	SELECT sms_enqueue(NULL, p_body, 'course', false, 'course:' || e.id ||
	    ':in:' || extract(epoch FROM e.created_at)::bigint, u.id)
	    INTO queued FROM enrolments e JOIN users u ON u.id = e.user_id
	    WHERE e.id = p_enrolment AND NOT u.sms_opt_out;
	UPDATE enrolments SET promoted = false WHERE id = p_enrolment;
	RETURN coalesce(queued, false);
END;
$$;

CREATE OR REPLACE FUNCTION course_done_sent(p_enrolment bigint, p_body text)
RETURNS boolean
LANGUAGE sql AS $$
	SELECT coalesce((SELECT sms_enqueue(NULL, p_body, 'course', false,
	    'course:' || e.id || ':done', e.user_id) FROM enrolments e
	    WHERE e.id = p_enrolment), false);
$$;

-- The lesson daemon caches its next look at an enrolment in next_at
-- ('infinity' while there is nothing to send).  A lesson added or
-- changed, or a course whose cadence or start moved, clears the cache of
-- its active enrolments so that the daemon decides again.  One query per
-- table: a CASE over NEW binds both NEW.id and NEW.course_id, and courses
-- has no course_id.
CREATE OR REPLACE FUNCTION course_recheck() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	cid	int;
BEGIN
	IF TG_TABLE_NAME = 'courses' THEN
		cid := NEW.id;
	ELSE
		cid := NEW.course_id;
	END IF;
	UPDATE enrolments SET next_at = NULL
	    WHERE course_id = cid AND status = 'active' AND next_at IS NOT NULL;
	RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER lessons_recheck AFTER INSERT OR UPDATE ON lessons
    FOR EACH ROW EXECUTE FUNCTION course_recheck();

CREATE OR REPLACE TRIGGER courses_recheck AFTER UPDATE OF cadence_hours,
    start_date, mode ON courses
    FOR EACH ROW EXECUTE FUNCTION course_recheck();

-- What a lesson's text in another language is worth now, from what the
-- course-language lesson said when it was written (lesson_texts.written_*,
-- V0045) and what it says now: 'current'; 'stale' when the SMS text or the
-- question changed since (learners still get it: their own language,
-- perhaps out of date); 'held' when the options changed (their order may
-- no longer put the right answer on the same letter, or the question came
-- or went): learners get the course's language until the trainer saves
-- the text again.  The trainer's pages show the same three.
CREATE OR REPLACE FUNCTION course_text_state(p_written_sms text,
    p_written_question text, p_written_options text[], p_sms text,
    p_question text, p_options text[])
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_written_options IS DISTINCT FROM p_options
	    THEN 'held'
	    WHEN p_written_sms IS DISTINCT FROM p_sms OR
	    p_written_question IS DISTINCT FROM p_question THEN 'stale'
	    ELSE 'current' END
$$;

-- A lesson's SMS text and question in language p_lang when the lesson
-- has them (lesson_texts, V0032) and they are not held (above), else in
-- the course's own; lang says which, so that the quiz's frame ("reply A,
-- B or C") speaks the same.  question and options are NULL for a lesson
-- without a question.
CREATE OR REPLACE FUNCTION course_lesson_text(p_lesson int, p_lang text,
    OUT lang text, OUT body_sms text, OUT question text,
    OUT options text[])
LANGUAGE sql STABLE AS $$
	SELECT coalesce(t.lang, co.lang), coalesce(t.body_sms, l.body_sms),
	    CASE WHEN t.lang IS NULL THEN q.question ELSE t.question END,
	    CASE WHEN t.lang IS NULL THEN q.options ELSE t.options END
	    FROM lessons l JOIN courses co ON co.id = l.course_id
	    LEFT JOIN quiz_questions q ON q.lesson_id = l.id
	    LEFT JOIN lesson_texts t ON t.lesson_id = l.id
		AND t.lang = p_lang
		AND course_text_state(t.written_sms, t.written_question,
		    t.written_options, l.body_sms, q.question, q.options)
		    <> 'held'
	    WHERE l.id = p_lesson
$$;
