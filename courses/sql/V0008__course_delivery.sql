-- courses (issue 4): C short codes, search, the SMS delivery state of each
-- enrolment, and one answer per question and enrolment.

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
