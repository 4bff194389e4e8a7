-- web (issue 11): the search over 100k gigs (bench/web_bench.sh), its
-- plans read with EXPLAIN ANALYZE.  The typo fallback compares titles with
-- "ph" read as "f" (grafic, graphic): a trigram index on that form lets
-- it find its candidates by index instead of reading every title.  The
-- cards count each employer's finished gigs (a partial index, a few rows
-- per employer instead of all their gigs), and a district filter reads
-- its district's open gigs.
CREATE INDEX IF NOT EXISTS gigs_title_f_trgm ON gigs
    USING gin (replace(lower(title), 'ph', 'f') gin_trgm_ops)
    WHERE status = 'open';
CREATE INDEX IF NOT EXISTS gigs_employer_done ON gigs (employer_id)
    WHERE status = 'done';
CREATE INDEX IF NOT EXISTS gigs_open_district ON gigs (district_id)
    WHERE status = 'open';
