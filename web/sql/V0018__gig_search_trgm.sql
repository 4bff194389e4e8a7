-- web (issue 11): search people expect -- a prefix or a typo ("wordpres",
-- "grafic") and Urdu-script words ("لوگو") find gigs.  pg_trgm (PostgreSQL
-- contrib) compares trigrams of the words with the title's; C.UTF-8's
-- ctype counts Urdu letters as letters.  The index serves both LIKE
-- '%word%' and the word-similarity operator over open gigs.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX IF NOT EXISTS gigs_title_trgm ON gigs
    USING gin (lower(title) gin_trgm_ops) WHERE status = 'open';

-- "grafic" shares 4 of its 7 trigrams with "graphic" (0.57): the default
-- word-similarity threshold (0.6) would miss it; 0.5 still keeps
-- unrelated words out.
DO $$
BEGIN
	EXECUTE format('ALTER DATABASE %I SET pg_trgm.word_similarity_threshold '
	    '= 0.5', current_database());
END;
$$;
