-- web (issue 5): full-text search over gigs, the indexes the marketplace's
-- pages read by, G short codes, and when a gig was closed.

-- Full-text search over title (weight A) and description (B).  'english'
-- stems English words; Urdu-script and Roman Urdu words pass through as
-- they are, which still matches them exactly.
ALTER TABLE gigs ADD COLUMN search tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
	setweight(to_tsvector('english', coalesce(description, '')), 'B'))
	STORED;

CREATE INDEX gigs_search ON gigs USING gin (search);

CREATE INDEX gigs_employer ON gigs (employer_id, created_at DESC);

CREATE INDEX gigs_open_budget ON gigs (budget_pkr) WHERE status = 'open';

CREATE INDEX gig_skills_skill ON gig_skills (skill_id);

CREATE INDEX applications_gig ON applications (gig_id, status);

CREATE INDEX reviews_subject ON reviews (subject_id);

-- Short codes for SMS: G + a number, after the seeded G1001-G1008.
CREATE SEQUENCE gig_code_seq START 2001;

ALTER TABLE gigs ALTER COLUMN code SET DEFAULT 'G' || nextval('gig_code_seq');

-- Who closed or finished a gig, and when.
ALTER TABLE gigs ADD COLUMN closed_at timestamptz;
