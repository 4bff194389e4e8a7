-- programmes: prog_reminders_due() names the hub in the learner's and in
-- the mentor's language (a column appended): the old shape goes, and
-- R__prog_rules.sql makes the new one.
DROP FUNCTION IF EXISTS prog_reminders_due(integer);
