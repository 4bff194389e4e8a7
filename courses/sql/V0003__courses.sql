-- courses: the catalogue, lessons with their quiz questions, enrolments and
-- certificates.

CREATE TYPE course_mode AS ENUM ('online', 'sms', 'centre');

CREATE TABLE courses (
	id		serial PRIMARY KEY,
	code		text NOT NULL UNIQUE CHECK (code ~ '^C[0-9]{3,6}$'),
	trainer_id	bigint NOT NULL REFERENCES users(id),
	title_en	text NOT NULL CHECK (length(title_en) BETWEEN 3 AND 120),
	title_ur	text NOT NULL DEFAULT '',
	desc_en		text NOT NULL DEFAULT '',
	desc_ur		text NOT NULL DEFAULT '',
	mode		course_mode NOT NULL DEFAULT 'sms',
	district_id	integer REFERENCES districts(id),
	lang		text NOT NULL DEFAULT 'ru' CHECK (lang IN ('en', 'ru', 'ur')),
	capacity	integer NOT NULL DEFAULT 100 CHECK (capacity > 0),
	start_date	date NOT NULL DEFAULT current_date,
	cadence_hours	integer NOT NULL DEFAULT 24 CHECK (cadence_hours > 0),
	pass_mark	smallint NOT NULL DEFAULT 60 CHECK (pass_mark BETWEEN 0 AND 100),
	published	boolean NOT NULL DEFAULT true,
	created_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE course_skills (
	course_id	integer NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
	skill_id	integer NOT NULL REFERENCES skills(id),
	PRIMARY KEY (course_id, skill_id)
);

CREATE TABLE lessons (
	id		serial PRIMARY KEY,
	course_id	integer NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
	position	smallint NOT NULL CHECK (position > 0),
	title		text NOT NULL,
	body_web	text NOT NULL DEFAULT '',
	body_sms	text NOT NULL DEFAULT '',
	UNIQUE (course_id, position)
);

CREATE TABLE quiz_questions (
	id		serial PRIMARY KEY,
	lesson_id	integer NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
	question	text NOT NULL,
	options		text[] NOT NULL CHECK (cardinality(options) BETWEEN 2 AND 4),
	correct		smallint NOT NULL CHECK (correct >= 1),
	UNIQUE (lesson_id)
);

CREATE TABLE enrolments (
	id		bigserial PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	course_id	integer NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
	status		text NOT NULL DEFAULT 'active'
			    CHECK (status IN ('active', 'waitlisted', 'completed',
			    'withdrawn')),
	channel		text NOT NULL DEFAULT 'web',
	lessons_done	smallint NOT NULL DEFAULT 0,
	quiz_correct	smallint NOT NULL DEFAULT 0,
	quiz_answered	smallint NOT NULL DEFAULT 0,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (user_id, course_id)
);

CREATE TABLE certificates (
	id		bigserial PRIMARY KEY,
	code		text NOT NULL UNIQUE,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	course_id	integer NOT NULL REFERENCES courses(id),
	score		smallint NOT NULL,
	issued_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (user_id, course_id)
);

CREATE INDEX enrolments_course ON enrolments (course_id);
