-- ussd (issue 3): what the channel's own SMS verbs do -- the rows of the
-- verb table (R__sms_verbs.sql) whose owner is 'ussd': help, register,
-- language, STOP/START, status, lists.  The other domains' verbs are
-- answered by their own functions (course_sms(), prog_sms(), gig_sms(),
-- match_sms()).  Rows are shaped like course_sms():
--   SELECT status, lang, a, b, c FROM sms_cmd(phone, verb, arg, rest, hint)
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
-- for numbers that have not registered yet.
CREATE OR REPLACE FUNCTION sms_cmd(p_phone text, p_verb text, p_arg text,
    p_rest text, p_hint text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	u	record;
	r	record;
	l	text;
	x	text;
BEGIN
	-- The number's person, or the one picked on a shared number.
	SELECT uu.id, uu.name, uu.lang, uu.district_id, uu.sms_opt_out INTO u
	    FROM users uu WHERE uu.id = sms_user(p_phone);
	-- The number's language, or the one it chose before registering.
	l := sms_lang_of(p_phone, p_hint);
	p_arg := btrim(coalesce(p_arg, ''));

	-- STOP and START are the number's: everyone on it.
	IF p_verb = 'STOP' THEN
		IF u.id IS NOT NULL THEN
			UPDATE users SET sms_opt_out = true,
			    sms_opt_out_at = now() WHERE id = u.id OR id IN
			    (SELECT s.user_id FROM sms_seats s
			    WHERE s.phone = p_phone);
		END IF;
		IF u.id IS NULL OR sms_shared(p_phone) THEN
			INSERT INTO sms_stops (phone) VALUES (p_phone)
			    ON CONFLICT DO NOTHING;
		END IF;
		UPDATE sms_outbox o SET status = 'suppressed',
		    last_error = 'STOP', updated_at = now()
		    WHERE o.phone = p_phone AND o.status = 'queued'
		    AND o.kind <> 'stop_confirm';
		RETURN QUERY SELECT 'stopped'::text, l, NULL::text, NULL::text,
		    NULL::text;
		RETURN;
	ELSIF p_verb = 'START' THEN
		UPDATE users SET sms_opt_out = false, sms_opt_out_at = NULL
		    WHERE id = u.id OR phone = p_phone OR id IN
		    (SELECT s.user_id FROM sms_seats s WHERE s.phone = p_phone);
		DELETE FROM sms_stops WHERE phone = p_phone;
		RETURN QUERY SELECT 'started'::text, l, NULL::text, NULL::text,
		    NULL::text;
		RETURN;
	ELSIF p_verb = 'HELP' THEN
		RETURN QUERY SELECT CASE WHEN u.id IS NULL AND
		    NOT sms_shared(p_phone) THEN 'help_new' ELSE 'help' END, l, NULL::text, NULL::text, NULL::text;
		RETURN;
	ELSIF p_verb = 'UNKNOWN' THEN
		RETURN QUERY SELECT 'unknown'::text, l, p_arg, NULL::text,
		    NULL::text;
		RETURN;
	ELSIF p_verb = 'JOIN' THEN
		IF u.id IS NOT NULL THEN
			SELECT sms_pick(l, d.name_en, d.name_ur) INTO x
			    FROM districts d WHERE d.id = u.district_id;
			RETURN QUERY SELECT 'already'::text, l, u.name, x,
			    NULL::text;
			RETURN;
		END IF;
		IF p_phone !~ '^92[0-9]{10}$' THEN
			RETURN QUERY SELECT 'bad_phone'::text, l, NULL::text,
			    NULL::text, NULL::text;
			RETURN;
		END IF;
		-- The district step (places/sql/R__place_join.sql): found,
		-- asked which, or none.  A place typed in Urdu script is
		-- answered in Urdu.
		IF coalesce(p_hint, '') = '' AND p_arg ~ '[؀-ۿ]' AND
		    NOT EXISTS (SELECT 1 FROM sms_prefs s
		    WHERE s.phone = p_phone) THEN
			l := 'ur';
		END IF;
		SELECT * INTO r FROM sms_join(p_phone, l, p_arg);
		RETURN QUERY SELECT r.status, r.lang, r.a, r.b, NULL::text;
		RETURN;
	ELSIF p_verb = 'LANG' THEN
		IF p_arg NOT IN ('en', 'ru', 'ur') THEN
			RETURN QUERY SELECT 'lang_usage'::text, l, NULL::text,
			    NULL::text, NULL::text;
			RETURN;
		END IF;
		IF u.id IS NULL THEN
			-- Remembered for this number: JOIN takes it.
			RETURN QUERY SELECT * FROM sms_lang_new(p_phone, p_arg);
			RETURN;
		END IF;
		UPDATE users SET lang = p_arg WHERE id = u.id;
		-- a: whose language, for the web's sessions (ussd_inbound.c).
		RETURN QUERY SELECT 'lang_set'::text, p_arg, u.id::text,
		    NULL::text, NULL::text;
		RETURN;
	ELSIF p_verb IN ('COURSES', 'GIGS') THEN
		-- One page, remembered for MORE (R__sms_journey.sql).
		RETURN QUERY SELECT * FROM sms_list(p_phone, u.id,
		    u.district_id, l, p_verb, p_arg, 0);
		RETURN;
	ELSIF p_verb = 'MORE' THEN
		RETURN QUERY SELECT * FROM sms_more(p_phone, u.id,
		    u.district_id, l);
		RETURN;
	END IF;

	-- Below: the verbs of a person (sms_act() has checked that there
	-- is one).
	IF p_verb = 'STATUS' THEN
		RETURN QUERY SELECT * FROM sms_list(p_phone, u.id,
		    u.district_id, l, p_verb, p_arg, 0);
		RETURN;
	ELSIF p_verb = 'ABOUT' THEN
		RETURN QUERY SELECT sms_about(u.id, p_arg), l, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'unknown'::text, l, p_verb, NULL::text, NULL::text;
END;
$$;
