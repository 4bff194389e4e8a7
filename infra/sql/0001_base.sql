-- Hunar's base schema: the records every module shares.  Modules extend it
-- in their own numbered migrations (web 01xx, sms/ussd 02xx, courses 03xx,
-- matching 04xx).

CREATE TABLE provinces (
	id		smallserial PRIMARY KEY,
	code		text NOT NULL UNIQUE,
	name_en		text NOT NULL,
	name_ur		text NOT NULL
);

CREATE TABLE districts (
	id		serial PRIMARY KEY,
	province_id	smallint NOT NULL REFERENCES provinces(id),
	name_en		text NOT NULL UNIQUE,
	name_ur		text NOT NULL
);

CREATE TABLE skill_categories (
	id		smallserial PRIMARY KEY,
	name_en		text NOT NULL UNIQUE,
	name_ur		text NOT NULL
);

CREATE TABLE skills (
	id		serial PRIMARY KEY,
	slug		text NOT NULL UNIQUE,
	category_id	smallint NOT NULL REFERENCES skill_categories(id),
	name_en		text NOT NULL,
	name_ur		text NOT NULL,
	name_ru		text NOT NULL
);

CREATE TYPE user_role AS ENUM ('trainee', 'trainer', 'employer', 'admin');

-- One row per person, whatever channel they came by.  phone is the
-- normalised international form (923001234567).
CREATE TABLE users (
	id		bigserial PRIMARY KEY,
	phone		text NOT NULL UNIQUE
			    CHECK (phone ~ '^92[0-9]{10}$'),
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
	role		user_role NOT NULL DEFAULT 'trainee',
	lang		text NOT NULL DEFAULT 'en'
			    CHECK (lang IN ('en', 'ru', 'ur')),
	district_id	integer REFERENCES districts(id),
	gender		text CHECK (gender IN ('f', 'm', 'x')),
	org_name	text,
	password_hash	text,
	phone_public	boolean NOT NULL DEFAULT false,
	sms_opt_out	boolean NOT NULL DEFAULT false,
	sms_opt_out_at	timestamptz,
	channel		text NOT NULL DEFAULT 'web'
			    CHECK (channel IN ('web', 'sms', 'ussd', 'seed')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_active	timestamptz NOT NULL DEFAULT now()
);

-- A trainee's skills; certified ones were earned through a course.
CREATE TABLE user_skills (
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	skill_id	integer NOT NULL REFERENCES skills(id),
	level		smallint NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 3),
	certified	boolean NOT NULL DEFAULT false,
	certified_at	timestamptz,
	PRIMARY KEY (user_id, skill_id)
);

CREATE TABLE user_languages (
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	lang		text NOT NULL CHECK (lang IN ('en', 'ur', 'pa', 'ps', 'sd', 'bal')),
	PRIMARY KEY (user_id, lang)
);

CREATE TABLE profiles (
	user_id		bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	bio		text NOT NULL DEFAULT '' CHECK (length(bio) <= 2000),
	links		text NOT NULL DEFAULT '' CHECK (length(links) <= 1000),
	availability	text NOT NULL DEFAULT 'part_time'
			    CHECK (availability IN ('full_time', 'part_time',
			    'weekends', 'unavailable')),
	updated_at	timestamptz NOT NULL DEFAULT now()
);

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

CREATE TABLE gigs (
	id		bigserial PRIMARY KEY,
	code		text NOT NULL UNIQUE CHECK (code ~ '^G[0-9]{3,7}$'),
	employer_id	bigint NOT NULL REFERENCES users(id),
	title		text NOT NULL CHECK (length(title) BETWEEN 3 AND 120),
	description	text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
	budget_pkr	integer NOT NULL CHECK (budget_pkr BETWEEN 0 AND 100000000),
	remote		boolean NOT NULL DEFAULT true,
	district_id	integer REFERENCES districts(id),
	deadline	date,
	status		text NOT NULL DEFAULT 'open'
			    CHECK (status IN ('open', 'closed', 'done')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE gig_skills (
	gig_id		bigint NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
	skill_id	integer NOT NULL REFERENCES skills(id),
	required	boolean NOT NULL DEFAULT true,
	min_level	smallint NOT NULL DEFAULT 1 CHECK (min_level BETWEEN 1 AND 3),
	PRIMARY KEY (gig_id, skill_id)
);

CREATE TABLE applications (
	id		bigserial PRIMARY KEY,
	gig_id		bigint NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	proposal	text NOT NULL DEFAULT '' CHECK (length(proposal) <= 4000),
	status		text NOT NULL DEFAULT 'applied'
			    CHECK (status IN ('applied', 'shortlisted', 'offered',
			    'accepted', 'declined', 'hired', 'rejected', 'done')),
	channel		text NOT NULL DEFAULT 'web',
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (gig_id, user_id)
);

CREATE TABLE reviews (
	id		bigserial PRIMARY KEY,
	gig_id		bigint NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
	author_id	bigint NOT NULL REFERENCES users(id),
	subject_id	bigint NOT NULL REFERENCES users(id),
	rating		smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
	body		text NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (gig_id, author_id)
);

-- Every inbound SMS, stored before Hunar acts on it.  Kannel's message id
-- (%I) makes a retried callback a no-op.
CREATE TABLE sms_inbox (
	id		bigserial PRIMARY KEY,
	kannel_id	text NOT NULL UNIQUE,
	sender		text NOT NULL,
	receiver	text NOT NULL,
	body		text NOT NULL,
	coding		smallint NOT NULL DEFAULT 0,
	meta		text NOT NULL DEFAULT '',
	reply		text,
	received_at	timestamptz NOT NULL DEFAULT now(),
	handled_at	timestamptz
);

-- The durable outbox: every module enqueues here, one sender sends.
CREATE TABLE sms_outbox (
	id		bigserial PRIMARY KEY,
	phone		text NOT NULL,
	body		text NOT NULL,
	kind		text NOT NULL DEFAULT 'notice',
	urgent		boolean NOT NULL DEFAULT false,
	status		text NOT NULL DEFAULT 'queued'
			    CHECK (status IN ('queued', 'sending', 'sent',
			    'delivered', 'failed', 'suppressed')),
	attempts	smallint NOT NULL DEFAULT 0,
	not_before	timestamptz NOT NULL DEFAULT now(),
	dedup_key	text UNIQUE,
	created_at	timestamptz NOT NULL DEFAULT now(),
	sent_at		timestamptz,
	last_error	text
);
CREATE INDEX sms_outbox_due ON sms_outbox (not_before) WHERE status = 'queued';

CREATE TABLE sms_dlr (
	id		bigserial PRIMARY KEY,
	outbox_id	bigint NOT NULL REFERENCES sms_outbox(id) ON DELETE CASCADE,
	state		smallint NOT NULL,
	received_at	timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX gigs_open ON gigs (created_at DESC) WHERE status = 'open';
CREATE INDEX applications_user ON applications (user_id);
CREATE INDEX enrolments_course ON enrolments (course_id);
CREATE INDEX user_skills_skill ON user_skills (skill_id);
CREATE INDEX users_district ON users (district_id);
