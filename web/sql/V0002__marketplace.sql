-- web: the marketplace's records -- freelancer profiles, gigs and the
-- skills they ask for, applications, reviews.

CREATE TABLE profiles (
	user_id		bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	bio		text NOT NULL DEFAULT '' CHECK (length(bio) <= 2000),
	links		text NOT NULL DEFAULT '' CHECK (length(links) <= 1000),
	availability	text NOT NULL DEFAULT 'part_time'
			    CHECK (availability IN ('full_time', 'part_time',
			    'weekends', 'unavailable')),
	updated_at	timestamptz NOT NULL DEFAULT now()
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

CREATE INDEX gigs_open ON gigs (created_at DESC) WHERE status = 'open';

CREATE INDEX applications_user ON applications (user_id);
