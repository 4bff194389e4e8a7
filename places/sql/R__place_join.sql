-- JOIN's district step (issue 10): "JOIN <name> <place>" finds the
-- district with place_split(); when the place names several (Karachi: 7),
-- the number waits in join_pending and the reply asks which, numbered,
-- in the person's language; "2" (or "JOIN 2", or "East") answers.
-- Returns the sms_cmd() fields: status, lang (the question's, for an
-- answer), a, b.
--   joined         a: name, b: district (in p_lang)
--   join_which     a: the place as typed, b: "1 Karachi Central, 2 ..."
--   join_district  a: the text (no district found)
--   join_usage     nothing typed, or a place without a name
CREATE OR REPLACE FUNCTION sms_join(p_phone text, p_lang text, p_arg text,
    OUT status text, OUT lang text, OUT a text, OUT b text)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	p_arg := btrim(coalesce(p_arg, ''));
	lang := p_lang;
	IF p_arg ~ '^[0-9۰-۹٠-٩]{1,2}$' THEN
		SELECT j.status, j.lang, j.a, j.b INTO status, lang, a, b
		    FROM sms_join_pick(p_phone, p_arg) j;
		IF status IS NOT NULL THEN
			RETURN;
		END IF;
	END IF;
	SELECT * INTO r FROM place_split(p_arg);
	IF r.districts IS NULL OR char_length(r.name) NOT BETWEEN 1 AND 80
	    THEN
		-- "JOIN Mingora": a place but no name is a usage question.
		status := CASE WHEN p_arg = '' OR place_match(p_arg, true)
		    IS NOT NULL THEN 'join_usage' ELSE 'join_district' END;
		a := p_arg;
		RETURN;
	END IF;
	IF cardinality(r.districts) > 1 THEN
		INSERT INTO join_pending (phone, name, lang, choices)
		    VALUES (p_phone, r.name, p_lang, r.districts)
		    ON CONFLICT (phone) DO UPDATE SET name = EXCLUDED.name,
		    lang = EXCLUDED.lang, choices = EXCLUDED.choices,
		    created_at = now();
		status := 'join_which';
		a := r.place;
		b := place_choices_text(r.districts, p_lang);
		RETURN;
	END IF;
	SELECT j.status, j.a, j.b INTO status, a, b
	    FROM sms_join_register(p_phone, r.name, p_lang, r.districts[1]) j;
END;
$$;

-- The registration itself, once the district is known.
CREATE OR REPLACE FUNCTION sms_join_register(p_phone text, p_name text,
    p_lang text, p_district int, OUT status text, OUT a text, OUT b text)
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO users (phone, name, lang, district_id, channel)
	    VALUES (p_phone, p_name, p_lang, p_district, 'sms')
	    ON CONFLICT (phone) DO NOTHING;
	DELETE FROM sms_stops WHERE phone = p_phone;
	DELETE FROM join_pending WHERE phone = p_phone;
	-- The language chosen before is now the account's; gender and age
	-- are asked, optionally (ussd/sql/R__sms_journey.sql).
	DELETE FROM sms_prefs WHERE phone = p_phone;
	PERFORM sms_about_ask(p_phone, p_lang);
	status := 'joined';
	a := p_name;
	SELECT sms_pick(p_lang, d.name_en, d.name_ur) INTO b
	    FROM districts d WHERE d.id = p_district;
END;
$$;

-- An answer to "which district?" from a number that was asked within a
-- day and has not registered since: its number or its name.  No row of
-- status (NULL) when there is no such question, so the message is read
-- as it would be otherwise; the question again when the answer names
-- none of the districts offered.
CREATE OR REPLACE FUNCTION sms_join_pick(p_phone text, p_answer text,
    OUT status text, OUT lang text, OUT a text, OUT b text)
LANGUAGE plpgsql AS $$
DECLARE
	pend	record;
	did	int;
BEGIN
	SELECT jp.* INTO pend FROM join_pending jp WHERE jp.phone = p_phone
	    AND jp.created_at > now() - interval '1 day'
	    AND NOT EXISTS (SELECT 1 FROM users u WHERE u.phone = p_phone);
	IF pend.phone IS NULL THEN
		RETURN;
	END IF;
	lang := pend.lang;
	did := place_pick(pend.choices, p_answer);
	IF did IS NULL THEN
		status := 'join_which';
		a := btrim(coalesce(p_answer, ''));
		b := place_choices_text(pend.choices, pend.lang);
		RETURN;
	END IF;
	SELECT j.status, j.a, j.b INTO status, a, b
	    FROM sms_join_register(p_phone, pend.name, pend.lang, did) j;
END;
$$;
