-- ussd (issue 12): the verb table.  Every verb the keyword parser gives
-- (ussd/ussd_keyword.c; courses' and programmes' words are read by their
-- own course_sms_verb() and prog_sms_verb()) is one row here: the domain
-- whose function answers it, and what the channel checks before asking
-- that function (sms_act(), R__sms_inbound.sql).  Adding a verb is one
-- row here and a branch in its owner's function.
--
--   owner       whose function answers (each returns status, lang, a, b, c)
--     ussd      sms_cmd(): help, JOIN, LANG, STOP/START, the lists
--               (R__sms_cmd.sql, R__sms_journey.sql)
--     seat      sms_seat(): who is on a shared phone (R__sms_seats.sql)
--     course    course_sms() (courses/sql/R__course_sms.sql)
--     prog      prog_sms() (programmes/sql/R__prog_rules.sql)
--     web       gig_sms(): APPLY (web/sql/R__applications.sql)
--     match     match_sms(): YES, NO, GAP (matching/sql/R__match_offers.sql)
--   after_stop  acts for a number that sent STOP: a new consent (STOP,
--               START, JOIN) or the person's own data (MYDATA, DELETE);
--               any other verb is told that messages are off
--   shared      anyone on a shared number may use it without picking
--               themselves: it reads or writes nobody's own data
--   person      needs the number's person: the channel answers
--               'unregistered' when there is nobody, and marks the person
--               active (at most hourly), before the owner is asked
--   moves       may change whom the number speaks for (registers, picks,
--               adds or erases a person): the name a reply on a shared
--               number says is read again after it, where the others
--               take it from what sms_act() read before (sms_number())
-- A verb not in the table is the channel's, needs a person, and is
-- answered 'unknown'.
-- One row for any verb.  An SQL function that is one SELECT and returns a
-- table: inlined into the statement of sms_act() that reads it together
-- with the number's facts (sms_number()), so it is planned with that
-- statement, once a session, and costs no call of its own.  (As an SQL
-- function returning a record it was planned at every call, ~0.24 ms a
-- message; as PL/pgSQL it was two statements a message.)
DROP FUNCTION IF EXISTS sms_verb(text);
CREATE OR REPLACE FUNCTION sms_verb(p_verb text)
RETURNS TABLE (owner text, after_stop boolean, shared boolean,
    person boolean, moves boolean)
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(v.owner, 'ussd'), coalesce(v.after_stop, false),
	    coalesce(v.shared, false), coalesce(v.person, true),
	    coalesce(v.moves, false)
	FROM (VALUES (p_verb)) q(verb) LEFT JOIN (VALUES
	    ('HELP',	 'ussd',   false, true,  false, false),
	    ('UNKNOWN',	 'ussd',   false, true,  false, false),
	    ('STOP',	 'ussd',   true,  true,  false, false),
	    ('START',	 'ussd',   true,  true,  false, false),
	    ('JOIN',	 'ussd',   true,  false, false, true),
	    ('LANG',	 'ussd',   false, false, false, false),
	    ('COURSES',	 'ussd',   false, true,  false, false),
	    ('GIGS',	 'ussd',   false, true,  false, false),
	    ('MORE',	 'ussd',   false, true,  false, false),
	    ('STATUS',	 'ussd',   false, false, true,  false),
	    ('ABOUT',	 'ussd',   false, false, true,  false),
	    ('WHO',	 'seat',   false, true,  false, true),
	    ('PICK',	 'seat',   false, true,  false, true),
	    ('ADD',	 'seat',   false, true,  false, true),
	    ('PIN',	 'seat',   false, true,  false, true),
	    ('ENROLL',	 'course', false, false, false, false),
	    ('LEAVE',	 'course', false, false, false, false),
	    ('NEXT',	 'course', false, false, false, false),
	    ('REPEAT',	 'course', false, false, false, false),
	    ('PROGRESS', 'course', false, false, false, false),
	    ('SKIP',	 'course', false, false, false, false),
	    ('ANSWER',	 'course', false, false, false, false),
	    ('VERIFY',	 'course', false, true,  false, false),
	    ('HUB',	 'prog',   false, true,  false, false),
	    ('IN',	 'prog',   false, false, false, false),
	    ('MENTOR',	 'prog',   false, false, false, false),
	    ('MYDATA',	 'prog',   true,  false, false, false),
	    ('DELETE',	 'prog',   true,  false, false, true),
	    ('APPLY',	 'web',    false, false, true,  false),
	    ('YES',	 'match',  false, false, true,  false),
	    ('NO',	 'match',  false, false, true,  false),
	    ('GAP',	 'match',  false, false, true,  false)
	) v(verb, owner, after_stop, shared, person, moves) ON v.verb = q.verb
$$;

-- The USSD menu's actions go through the same table: an enrolment is
-- ENROLL, an application APPLY, an offer's answer YES or NO, each asked
-- of its owner's USSD function (course_ussd(), gig_ussd(), match_ussd(),
-- each returning the k, a, b, c row the menu renders).  The menu has
-- already found the person (a shared number's pick included) and asks
-- for nobody else: an action without a person is 'unregistered'.  STOP
-- stops messages, not a session the person dialled, so the menu acts
-- after STOP as before.  A verb no owner answers on USSD gives no row.
CREATE OR REPLACE FUNCTION ussd_act(p_phone text, p_verb text,
    p_user bigint, p_arg text, p_lang text)
RETURNS TABLE (k text, a text, b text, c text)
LANGUAGE plpgsql AS $$
BEGIN
	IF p_user IS NULL THEN
		RETURN QUERY SELECT 'unregistered'::text, ''::text, ''::text,
		    ''::text;
		RETURN;
	END IF;
	CASE (SELECT v.owner FROM sms_verb(p_verb) v)
	WHEN 'course' THEN
		RETURN QUERY SELECT * FROM course_ussd(p_verb, p_user, p_arg,
		    p_lang);
	WHEN 'web' THEN
		RETURN QUERY SELECT * FROM gig_ussd(p_verb, p_user, p_arg);
	WHEN 'match' THEN
		RETURN QUERY SELECT * FROM match_ussd(p_phone, p_verb, p_user,
		    p_arg);
	ELSE
		RETURN;
	END CASE;
END;
$$;
