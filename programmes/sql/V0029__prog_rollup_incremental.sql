-- programmes (issue 14): the rollup refreshed incrementally.  Each
-- person's share of every rollup is kept (prog_rollup_person: their row
-- per province and programme funnel; prog_rollup_person_course: per
-- programme course; prog_rollup_person_skill: per certified skill where
-- they live), so a refresh recomputes only the people written down in
-- prog_rollup_changed since the last one, takes their old shares off the
-- rollups and adds the new ones (R__prog_rollup.sql).  A change that
-- moves many people's shares at once (a programme's province or courses,
-- a district's province) is written down in prog_rollup_changed_all
-- and makes the next refresh a full rebuild.  Both are logs, inserted
-- only and read with DELETE ... RETURNING, so a writer never waits for
-- a refresh.

CREATE TABLE prog_rollup_person (
	user_id		bigint NOT NULL,
	scope		text NOT NULL,
	scope_id	integer NOT NULL,
	dist		integer,
	g		text,
	a		text,
	ch		text,
	m		text,
	en		boolean NOT NULL,
	co		boolean NOT NULL,
	ce		boolean NOT NULL,
	ap		boolean NOT NULL,
	sl		boolean NOT NULL,
	hi		boolean NOT NULL,
	PRIMARY KEY (user_id, scope, scope_id)
);

CREATE TABLE prog_rollup_person_course (
	user_id		bigint NOT NULL,
	course_id	integer NOT NULL,
	enrolled	integer NOT NULL,
	completed	integer NOT NULL,
	certified	integer NOT NULL,
	placed		integer NOT NULL,
	PRIMARY KEY (user_id, course_id)
);

CREATE TABLE prog_rollup_person_skill (
	user_id		bigint NOT NULL,
	skill_id	integer NOT NULL,
	district_id	integer NOT NULL,
	PRIMARY KEY (user_id, skill_id)
);

-- Certified people per district and skill (the gap's supply).
CREATE TABLE prog_rollup_supply (
	district_id	integer NOT NULL,
	skill_id	integer NOT NULL,
	n		integer NOT NULL,
	PRIMARY KEY (district_id, skill_id)
);

CREATE TABLE prog_rollup_changed (
	id		bigserial PRIMARY KEY,
	user_id		bigint NOT NULL
);

CREATE TABLE prog_rollup_changed_all (
	id		bigserial PRIMARY KEY,
	why		text NOT NULL
);

-- Until the first full rebuild nothing is kept: it comes first.
INSERT INTO prog_rollup_changed_all (why) VALUES ('V0029');

ALTER TABLE prog_rollup_meta ADD COLUMN mode text NOT NULL DEFAULT 'full',
    ADD COLUMN people integer NOT NULL DEFAULT 0;
