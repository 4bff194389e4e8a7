-- programmes: prog_mydata() answers plain columns (one row per course)
-- for C to say in the reader's language, instead of three lines of text
-- built in SQL ("ur, F, seed 2026-12-05"): a new shape, so the old
-- definition goes (programmes/sql/R__prog_rules.sql makes it again).
DROP FUNCTION IF EXISTS prog_mydata(bigint, text);
