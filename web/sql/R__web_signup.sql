-- Sign-up proven by SMS (issue 13, deliverable 4).  The table is in
-- V0020__web_signups.sql.

-- A pending sign-up, and the SMS its number gets: the code when the
-- number has no account, else a notice that someone tried (the person
-- who typed the number is told the same either way, so no answer says
-- whether a number is registered).  Both texts come rendered from C.
CREATE OR REPLACE FUNCTION web_signup_start(p_phone text, p_name text,
    p_role text, p_lang text, p_district text, p_org text, p_hash text,
    p_claim text, p_code text, p_sms_code text, p_sms_taken text,
    p_ttl int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM web_signups WHERE expires_at < now();
	INSERT INTO web_signups (phone, claim, code, name, role, lang,
	    district_id, org_name, password_hash, expires_at)
	VALUES (p_phone, p_claim, p_code, p_name, p_role::user_role, p_lang,
	    (SELECT id FROM districts WHERE id = NULLIF(p_district, '')::int),
	    NULLIF(p_org, ''), p_hash, now() + make_interval(secs => p_ttl));
	PERFORM sms_enqueue(p_phone, CASE WHEN EXISTS (SELECT 1 FROM users
	    WHERE phone = p_phone) THEN p_sms_taken ELSE p_sms_code END,
	    'otp', true, NULL, NULL);
END $$;

-- The code typed for a claim: 'ok' makes the user (and its profile) and
-- voids every other claim on the number; anything else is 'bad' -- a
-- wrong code (counted: after p_max_tries the claim is dead), an expired
-- or voided claim, a number registered meanwhile.  One answer for all,
-- so nothing tells them apart.
CREATE OR REPLACE FUNCTION web_signup_confirm(p_phone text, p_claim text,
    p_code text, p_max_tries int)
RETURNS TABLE (status text, user_id bigint, role text, lang text,
    name text)
LANGUAGE plpgsql AS $$
DECLARE
	s	web_signups;
	uid	bigint;
BEGIN
	SELECT * INTO s FROM web_signups w
	WHERE w.claim = p_claim AND w.phone = p_phone FOR UPDATE;
	IF NOT FOUND OR s.expires_at < now() OR s.tries >= p_max_tries THEN
		RETURN QUERY SELECT 'bad'::text, NULL::bigint, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	IF s.code <> p_code THEN
		UPDATE web_signups SET tries = tries + 1 WHERE id = s.id;
		RETURN QUERY SELECT 'bad'::text, NULL::bigint, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	INSERT INTO users AS u (phone, name, role, lang, district_id,
	    org_name, password_hash, channel)
	VALUES (s.phone, s.name, s.role, s.lang, s.district_id, s.org_name,
	    s.password_hash, 'web')
	ON CONFLICT (phone) DO NOTHING RETURNING u.id INTO uid;
	DELETE FROM web_signups WHERE phone = p_phone;
	IF uid IS NULL THEN
		RETURN QUERY SELECT 'bad'::text, NULL::bigint, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	INSERT INTO profiles (user_id) VALUES (uid);
	RETURN QUERY SELECT 'ok'::text, uid, s.role::text, s.lang, s.name;
END $$;

-- A number that becomes a user by any channel (SMS JOIN, USSD, a
-- confirmed web sign-up) voids every web claim on it: the owner's JOIN
-- wins over a claim someone else left pending.
CREATE OR REPLACE FUNCTION web_signups_void() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM web_signups WHERE phone = NEW.phone;
	RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER web_signups_void AFTER INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION web_signups_void();
