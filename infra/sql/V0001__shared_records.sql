-- The records every domain shares: places, the skills taxonomy and people
-- (with their skills and languages).  They hold no domain rule; every
-- domain's tables reference them.  See docs/ARCHITECTURE.md, "Migrations
-- and SQL", for why they live here.

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

CREATE INDEX user_skills_skill ON user_skills (skill_id);

CREATE INDEX users_district ON users (district_id);
