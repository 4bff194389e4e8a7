-- A web sign-up waiting for the SMS code that proves the number (issue 13,
-- deliverable 4).  It is not a user: it blocks nobody's JOIN, matching
-- and the dashboards never see it, and it becomes a user only in
-- web_signup_confirm().  Each try has its own row, found by the digest of
-- the claim token its browser holds, so a second claim on the same number
-- (someone else's, or the owner's own retry) never takes over the first;
-- the owner's JOIN, or any confirmed sign-up, voids every claim on the
-- number (trigger in R__web_signup.sql).
CREATE TABLE web_signups (
	id		bigserial PRIMARY KEY,
	phone		text NOT NULL CHECK (phone ~ '^92[0-9]{10}$'),
	claim		text NOT NULL UNIQUE,	-- keyed digest of the claim token
	code		text NOT NULL,		-- keyed digest of the code
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
	role		user_role NOT NULL,
	lang		text NOT NULL CHECK (lang IN ('en', 'ru', 'ur')),
	district_id	integer REFERENCES districts(id) ON DELETE SET NULL,
	org_name	text,
	password_hash	text NOT NULL,
	tries		smallint NOT NULL DEFAULT 0,
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL
);
CREATE INDEX web_signups_phone ON web_signups (phone);
CREATE INDEX web_signups_expires ON web_signups (expires_at);
