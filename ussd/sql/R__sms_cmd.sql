-- ussd (issue 3): what the channel's own SMS verbs do -- the rows of the
-- verb table (R__sms_verbs.sql) whose owner is 'ussd': help, register,
-- language, STOP/START, status, lists.  The other domains' verbs are
-- answered by their own functions (course_sms(), prog_sms(), gig_sms(),
-- match_sms()).  Rows are shaped like course_sms():
--   SELECT status, lang, a, b, c
--       FROM sms_cmd(phone, verb, arg, rest, hint, user, shared, lang)
-- which ussd_reply() (ussd/ussd_text.c) turns into text in the user's
-- language.  The lists (sms_list(), R__sms_journey.sql) still read the
-- courses' and gigs' tables themselves.

-- A place or course title in the reader's language.
CREATE OR REPLACE FUNCTION sms_pick(p_lang text, p_en text,
    p_ur text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_lang = 'ur' AND coalesce(p_ur, '') <> '' THEN p_ur
	    ELSE p_en END
$$;

-- Everything a keyword does, one call, one transaction.  p_hint is the
-- language the keyword was written in ('' when it says nothing), used
-- for numbers that have not registered yet.  p_user, p_shared and p_lang
-- are what sms_act() read of the number (sms_number()): its person (on a
-- shared number the one picked), whether it is shared, and the language
-- of the reply.  The person's row is read only by the verbs that show
-- their name or district; a HELP runs no statement at all (but a new
-- number's first one in Roman Urdu or Urdu, which remembers it).
DROP FUNCTION IF EXISTS sms_cmd(text, text, text, text, text);
CREATE OR REPLACE FUNCTION sms_cmd(p_phone text, p_verb text, p_arg text,
    p_rest text, p_hint text, p_user bigint, p_shared boolean, p_lang text,
    OUT status text, OUT lang text, OUT a text, OUT b text, OUT c text)
LANGUAGE plpgsql AS $$
DECLARE
	u	record;
BEGIN
	lang := p_lang;
	p_arg := btrim(coalesce(p_arg, ''));

	-- STOP and START are the number's: everyone on it.
	IF p_verb = 'STOP' THEN
		IF p_user IS NOT NULL THEN
			UPDATE users SET sms_opt_out = true,
			    sms_opt_out_at = now() WHERE id = p_user OR id IN
			    (SELECT s.user_id FROM sms_seats s
			    WHERE s.phone = p_phone);
		END IF;
		IF p_user IS NULL OR p_shared THEN
			INSERT INTO sms_stops (phone) VALUES (p_phone)
			    ON CONFLICT DO NOTHING;
		END IF;
		UPDATE sms_outbox o SET status = 'suppressed',
		    last_error = 'STOP', updated_at = now()
		    WHERE o.phone = p_phone AND o.status = 'queued'
		    AND o.kind <> 'stop_confirm';
		status := 'stopped';
		RETURN;
	ELSIF p_verb = 'START' THEN
		UPDATE users SET sms_opt_out = false, sms_opt_out_at = NULL
		    WHERE id = p_user OR phone = p_phone OR id IN
		    (SELECT s.user_id FROM sms_seats s WHERE s.phone = p_phone);
		DELETE FROM sms_stops WHERE phone = p_phone;
		status := 'started';
		RETURN;
	ELSIF p_verb = 'HELP' THEN
		status := CASE WHEN p_user IS NULL AND NOT p_shared
		    THEN 'help_new' ELSE 'help' END;
		-- A number not known yet that asks in Roman Urdu or Urdu
		-- ("madad", "مدد") keeps that language for JOIN, as LANG
		-- would: its welcome came in English.  A choice made before
		-- stays; an English HELP writes nothing.
		IF status = 'help_new' AND p_hint IN ('ru', 'ur') AND
		    p_phone ~ '^92[0-9]{10}$' THEN
			INSERT INTO sms_prefs (phone, lang)
			    VALUES (p_phone, p_hint) ON CONFLICT (phone) DO NOTHING;
		END IF;
		RETURN;
	ELSIF p_verb = 'UNKNOWN' THEN
		status := 'unknown';
		a := p_arg;
		RETURN;
	ELSIF p_verb = 'JOIN' THEN
		IF p_user IS NOT NULL THEN
			SELECT uu.name, sms_pick(sms_cmd.lang, d.name_en, d.name_ur)
			    INTO a, b FROM users uu
			    LEFT JOIN districts d ON d.id = uu.district_id
			    WHERE uu.id = p_user;
			status := 'already';
			RETURN;
		END IF;
		IF p_phone !~ '^92[0-9]{10}$' THEN
			status := 'bad_phone';
			RETURN;
		END IF;
		-- The district step (places/sql/R__place_join.sql): found,
		-- asked which, or none.  A place typed in Urdu script is
		-- answered in Urdu.
		IF coalesce(p_hint, '') = '' AND p_arg ~ '[؀-ۿ]' AND
		    NOT EXISTS (SELECT 1 FROM sms_prefs s
		    WHERE s.phone = p_phone) THEN
			lang := 'ur';
		END IF;
		SELECT j.status, j.lang, j.a, j.b INTO status, lang, a, b
		    FROM sms_join(p_phone, lang, p_arg) j;
		RETURN;
	ELSIF p_verb = 'LANG' THEN
		IF p_arg NOT IN ('en', 'ru', 'ur') THEN
			status := 'lang_usage';
			RETURN;
		END IF;
		IF p_user IS NULL THEN
			-- Remembered for this number: JOIN takes it.
			SELECT * INTO status, lang, a, b, c
			    FROM sms_lang_new(p_phone, p_arg);
			RETURN;
		END IF;
		UPDATE users SET lang = p_arg WHERE id = p_user;
		-- a: whose language, for the web's sessions (ussd_inbound.c).
		status := 'lang_set';
		lang := p_arg;
		a := p_user::text;
		RETURN;
	ELSIF p_verb IN ('COURSES', 'GIGS', 'MORE') THEN
		SELECT uu.district_id INTO u FROM users uu
		    WHERE uu.id = p_user;
		-- One page, remembered for MORE (R__sms_journey.sql).
		IF p_verb = 'MORE' THEN
			SELECT * INTO status, lang, a, b, c
			    FROM sms_more(p_phone, p_user, u.district_id, lang);
		ELSE
			SELECT * INTO status, lang, a, b, c
			    FROM sms_list(p_phone, p_user, u.district_id, lang,
			    p_verb, p_arg, 0);
		END IF;
		RETURN;
	END IF;

	-- Below: the verbs of a person (sms_act() has checked that there
	-- is one).
	IF p_verb = 'STATUS' THEN
		-- A status page needs no district.
		SELECT * INTO status, lang, a, b, c
		    FROM sms_list(p_phone, p_user, NULL, lang, p_verb, p_arg, 0);
	ELSIF p_verb = 'ABOUT' THEN
		status := sms_about(p_user, p_arg);
	ELSE
		status := 'unknown';
		a := p_verb;
	END IF;
END;
$$;
