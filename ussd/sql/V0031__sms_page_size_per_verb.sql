-- sms_page_size() takes the list's verb now (R__sms_journey.sql): an Urdu
-- GIGS page holds one gig, so that its title fits in 70 characters.  The
-- one-argument form goes.
DROP FUNCTION IF EXISTS sms_page_size(text);
