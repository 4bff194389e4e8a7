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
-- A verb not in the table is the channel's, needs a person, and is
-- answered 'unknown'.
CREATE OR REPLACE FUNCTION sms_verb(p_verb text, OUT owner text,
    OUT after_stop boolean, OUT shared boolean, OUT person boolean)
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	-- PL/pgSQL, whose plan is kept for the session: as a SQL function
	-- called from sms_act() it was planned on every call, about 0.24 ms
	-- a message, half of what a batch of HELP cost PostgreSQL.
	SELECT v.owner, v.after_stop, v.shared, v.person
	    INTO owner, after_stop, shared, person
	FROM (VALUES
	    ('HELP',	 'ussd',   false, true,  false),
	    ('UNKNOWN',	 'ussd',   false, true,  false),
	    ('STOP',	 'ussd',   true,  true,  false),
	    ('START',	 'ussd',   true,  true,  false),
	    ('JOIN',	 'ussd',   true,  false, false),
	    ('LANG',	 'ussd',   false, false, false),
	    ('COURSES',	 'ussd',   false, true,  false),
	    ('GIGS',	 'ussd',   false, true,  false),
	    ('MORE',	 'ussd',   false, true,  false),
	    ('STATUS',	 'ussd',   false, false, true),
	    ('ABOUT',	 'ussd',   false, false, true),
	    ('WHO',	 'seat',   false, true,  false),
	    ('PICK',	 'seat',   false, true,  false),
	    ('ADD',	 'seat',   false, true,  false),
	    ('PIN',	 'seat',   false, true,  false),
	    ('ENROLL',	 'course', false, false, false),
	    ('LEAVE',	 'course', false, false, false),
	    ('NEXT',	 'course', false, false, false),
	    ('REPEAT',	 'course', false, false, false),
	    ('PROGRESS', 'course', false, false, false),
	    ('SKIP',	 'course', false, false, false),
	    ('ANSWER',	 'course', false, false, false),
	    ('VERIFY',	 'course', false, true,  false),
	    ('HUB',	 'prog',   false, true,  false),
	    ('IN',	 'prog',   false, false, false),
	    ('MENTOR',	 'prog',   false, false, false),
	    ('MYDATA',	 'prog',   true,  false, false),
	    ('DELETE',	 'prog',   true,  false, false),
	    ('APPLY',	 'web',    false, false, true),
	    ('YES',	 'match',  false, false, true),
	    ('NO',	 'match',  false, false, true),
	    ('GAP',	 'match',  false, false, true)
	) v(verb, owner, after_stop, shared, person) WHERE v.verb = p_verb;
	IF NOT FOUND THEN
		owner := 'ussd';
		after_stop := false;
		shared := false;
		person := true;
	END IF;
END;
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
	CASE (sms_verb(p_verb)).owner
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
