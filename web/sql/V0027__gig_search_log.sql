-- web (issue 11): what each Kore worker's in-memory gig search index
-- (web/web_search_live.c) reads to stay fresh.  Every transaction that
-- changes gigs or gig_skills takes the next version from the one row of
-- gig_search_ver and logs the gigs it touched under it
-- (R__gig_search_log.sql).  The row's lock is held to the commit, so
-- versions commit in their order: a worker that has read every version up
-- to V has missed nothing below V.  gig_id NULL: reload every gig (a bulk
-- load with triggers off says so).
CREATE TABLE gig_search_ver (
	one	boolean PRIMARY KEY DEFAULT true CHECK (one),
	v	bigint NOT NULL
);
INSERT INTO gig_search_ver VALUES (true, 1);

CREATE TABLE gig_search_log (
	ver	bigint NOT NULL,
	gig_id	bigint,
	at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gig_search_log_ver ON gig_search_log (ver);
