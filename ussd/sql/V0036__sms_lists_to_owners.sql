-- The SMS lists' pages are their owners' now: courses' course_sms_page()
-- and web's gig_sms_page() (R__course_lists.sql, R__gig_lists.sql).
DROP FUNCTION IF EXISTS sms_courses_page(text, text, int);
DROP FUNCTION IF EXISTS sms_gigs_page(text, int, text, int);
