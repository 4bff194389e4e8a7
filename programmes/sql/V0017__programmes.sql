-- programmes (issue 14): what a province runs.  A programme belongs to a
-- province (NULL: national), has its courses and hubs and its targets; a
-- programme officer sees and manages only their province's; hubs carry
-- attendance codes and mentors; the dashboards read rollup tables that
-- hunar_rollup refreshes, never the raw rows.

ALTER TYPE user_role ADD VALUE IF NOT EXISTS 'officer';

CREATE TABLE prog_programmes (
	id		serial PRIMARY KEY,
	code		text NOT NULL UNIQUE CHECK (code ~ '^P[0-9]{2,5}$'),
	province_id	smallint REFERENCES provinces(id),
	name_en		text NOT NULL CHECK (length(name_en) BETWEEN 3 AND 120),
	name_ru		text NOT NULL,
	name_ur		text NOT NULL,
	budget_line	text NOT NULL DEFAULT '',
	budget_pkr	bigint NOT NULL DEFAULT 0 CHECK (budget_pkr >= 0),
	target_enrol	integer NOT NULL DEFAULT 0 CHECK (target_enrol >= 0),
	target_complete	integer NOT NULL DEFAULT 0
			    CHECK (target_complete >= 0),
	target_placed	integer NOT NULL DEFAULT 0 CHECK (target_placed >= 0),
	target_women_pct smallint NOT NULL DEFAULT 50
			    CHECK (target_women_pct BETWEEN 0 AND 100),
	created_at	timestamptz NOT NULL DEFAULT now()
);

-- An officer's province; an admin needs no row (sees all).
CREATE TABLE prog_officers (
	user_id		bigint PRIMARY KEY REFERENCES users(id)
			    ON DELETE CASCADE,
	province_id	smallint NOT NULL REFERENCES provinces(id)
);

-- A programme's courses.  attendance_counts: checking in at a hub
-- session marks that session's lesson done.  A copied course keeps its
-- source: the ids while they exist, the words always.
CREATE TABLE prog_courses (
	programme_id	integer NOT NULL REFERENCES prog_programmes(id)
			    ON DELETE CASCADE,
	course_id	integer NOT NULL REFERENCES courses(id)
			    ON DELETE CASCADE,
	attendance_counts boolean NOT NULL DEFAULT false,
	source_course_id integer REFERENCES courses(id) ON DELETE SET NULL,
	source_programme_id integer REFERENCES prog_programmes(id)
			    ON DELETE SET NULL,
	attribution	text,
	hub_id		integer,
	added_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (programme_id, course_id)
);
CREATE INDEX prog_courses_course ON prog_courses (course_id);

CREATE TABLE prog_hubs (
	id		serial PRIMARY KEY,
	programme_id	integer REFERENCES prog_programmes(id)
			    ON DELETE SET NULL,
	district_id	integer NOT NULL REFERENCES districts(id),
	name		text NOT NULL CHECK (length(name) BETWEEN 3 AND 80),
	name_ur		text NOT NULL DEFAULT '',
	address		text NOT NULL,
	hours		text NOT NULL,
	phone		text NOT NULL,
	services	text[] NOT NULL DEFAULT '{training}'
			    CHECK (services <@ ARRAY['training', 'mentorship',
			    'internet', 'government']),
	women_only	boolean NOT NULL DEFAULT false,
	women_hours	text,
	active		boolean NOT NULL DEFAULT true
);
CREATE INDEX prog_hubs_district ON prog_hubs (district_id);
ALTER TABLE prog_courses ADD FOREIGN KEY (hub_id) REFERENCES prog_hubs(id)
    ON DELETE SET NULL;

-- A session at a hub and its short code, valid until closes_at.
CREATE TABLE prog_sessions (
	id		bigserial PRIMARY KEY,
	hub_id		integer NOT NULL REFERENCES prog_hubs(id)
			    ON DELETE CASCADE,
	course_id	integer NOT NULL REFERENCES courses(id)
			    ON DELETE CASCADE,
	lesson_pos	smallint,
	code		text NOT NULL CHECK (code ~ '^[0-9]{4}$'),
	opened_by	bigint REFERENCES users(id) ON DELETE SET NULL,
	opens_at	timestamptz NOT NULL DEFAULT now(),
	closes_at	timestamptz NOT NULL
);
CREATE INDEX prog_sessions_code ON prog_sessions (code, closes_at);

CREATE TABLE prog_attendance (
	session_id	bigint NOT NULL REFERENCES prog_sessions(id)
			    ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	channel		text NOT NULL DEFAULT 'sms',
	at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (session_id, user_id)
);
CREATE INDEX prog_attendance_user ON prog_attendance (user_id);

-- Wrong codes per number: IN is rate-limited (a 4-digit code could
-- otherwise be guessed).
CREATE TABLE prog_code_tries (
	phone		text NOT NULL,
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prog_code_tries_phone ON prog_code_tries (phone, at);

CREATE TABLE prog_mentors (
	hub_id		integer NOT NULL REFERENCES prog_hubs(id)
			    ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	PRIMARY KEY (hub_id, user_id)
);

-- A mentor's slot; booked_by is the learner.  reminded_at: the SMS
-- reminder to both went out (hunar_rollup, once).
CREATE TABLE prog_slots (
	id		bigserial PRIMARY KEY,
	hub_id		integer NOT NULL REFERENCES prog_hubs(id)
			    ON DELETE CASCADE,
	mentor_id	bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	starts_at	timestamptz NOT NULL,
	minutes		smallint NOT NULL DEFAULT 30,
	booked_by	bigint REFERENCES users(id) ON DELETE SET NULL,
	booked_at	timestamptz,
	channel		text,
	reminded_at	timestamptz,
	held_at		timestamptz,
	UNIQUE (mentor_id, starts_at)
);
CREATE INDEX prog_slots_hub ON prog_slots (hub_id, starts_at);
CREATE INDEX prog_slots_learner ON prog_slots (booked_by);

-- Who asked to see or erase their data, when and how: the subject is a
-- masked number, never the data itself.
CREATE TABLE prog_privacy_log (
	id		bigserial PRIMARY KEY,
	subject		text NOT NULL,
	action		text NOT NULL CHECK (action IN ('view', 'delete')),
	channel		text NOT NULL,
	at		timestamptz NOT NULL DEFAULT now()
);

-- The dashboards' rollups.  scope: 'prov' (province id) or 'prog'
-- (programme id); dim: all | district | gender | age | channel | month;
-- grp: the group's key (district id, f/m/x/?, band, channel, YYYY-MM).
CREATE TABLE prog_rollup (
	scope		text NOT NULL,
	scope_id	integer NOT NULL,
	dim		text NOT NULL,
	grp		text NOT NULL,
	registered	integer NOT NULL,
	enrolled	integer NOT NULL,
	completed	integer NOT NULL,
	certified	integer NOT NULL,
	applied		integer NOT NULL,
	shortlisted	integer NOT NULL,
	hired		integer NOT NULL,
	PRIMARY KEY (scope, scope_id, dim, grp)
);

-- Districts by the gap between gig demand (skills asked by open gigs
-- there, and by remote ones) and certified supply (people there
-- certified in those skills).
CREATE TABLE prog_rollup_gap (
	district_id	integer PRIMARY KEY REFERENCES districts(id)
			    ON DELETE CASCADE,
	demand		integer NOT NULL,
	supply		integer NOT NULL,
	gap		integer NOT NULL,
	top_skill_id	integer REFERENCES skills(id) ON DELETE SET NULL
);

-- Each programme course's outcomes, for officers choosing what to copy.
CREATE TABLE prog_rollup_course (
	course_id	integer PRIMARY KEY REFERENCES courses(id)
			    ON DELETE CASCADE,
	enrolled	integer NOT NULL,
	completed	integer NOT NULL,
	certified	integer NOT NULL,
	placed		integer NOT NULL
);

CREATE TABLE prog_rollup_meta (
	one		boolean PRIMARY KEY DEFAULT true CHECK (one),
	refreshed_at	timestamptz NOT NULL,
	took_ms		integer NOT NULL,
	learners	bigint NOT NULL
);
