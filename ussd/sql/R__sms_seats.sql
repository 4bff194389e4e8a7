-- ussd (issue 14): shared phones.  Several learners on one number, each
-- with a name and a 4-digit PIN (tables in V0021__sms_seats.sql).
--
-- Every SMS and USSD function that acts for "the person of this number"
-- asks sms_user(phone): the number's only person, as before, or on a
-- shared number the one who picked themselves with their PIN ("who is
-- this?") within the last SMS_PICK_WINDOW -- or nobody, and then
-- sms_act() asks who it is before anything personal is read or written.
--
-- PINs are compared as argon2id hashes computed in C before the batch
-- (ussd/ussd_seat.c); wrong PINs are counted per number in Redis by the
-- caller, which also refuses to hash once the number is locked.

-- How long a pick lasts after the number's last message.
CREATE OR REPLACE FUNCTION sms_pick_window() RETURNS interval
LANGUAGE sql IMMUTABLE AS $$
	SELECT interval '30 minutes'
$$;

-- What a message from a number needs to know of it, in one look:
--   shared     more than one person shares the number
--   uid        the person a message from it speaks for: the number's only
--              person, or on a shared number the one who picked
--              themselves with their PIN within the window; NULL for
--              nobody (nobody registered, or nobody picked)
--   lang       the language a reply to it is written in when it says
--              none: the person's, else the number's first person's,
--              else the one it chose before registering; NULL for none
--   opted_out  the number said STOP (registered or not)
--   who        the person's name when their number is shared (what goes
--              to them says whom it is for), else NULL
-- sms_shared(), sms_user(), sms_lang_of() and sms_opted_out() each read
-- one column of it; sms_act() reads them all at once for a message.
-- An SQL function that is one SELECT and returns a table is inlined into
-- the query that names it in FROM: planned with it (once a session in
-- PL/pgSQL), and a column not asked for is not read.  As scalar SQL
-- functions with sub-selects these were planned again at every call or
-- batch: with the others so run, a quarter of PostgreSQL's time for a
-- batch of HELP (issue 13, bench/README.md).
CREATE OR REPLACE FUNCTION sms_number(p_phone text)
RETURNS TABLE (shared boolean, uid bigint, lang text, opted_out boolean,
    who text)
LANGUAGE sql STABLE AS $$
	SELECT k.shared, s.uid,
	    coalesce(p.lang, o.lang, (SELECT f.lang FROM sms_prefs f
	    WHERE f.phone = p_phone)),
	    coalesce(o.sms_opt_out, false) OR EXISTS (SELECT 1 FROM sms_stops t
	    WHERE t.phone = p_phone),
	    (SELECT p.name FROM sms_seats y WHERE y.user_id = p.id
	    AND sms_shared(y.phone))
	FROM (SELECT count(*) > 1 AS shared FROM sms_seats x
	    WHERE x.phone = p_phone) k
	LEFT JOIN users o ON o.phone = p_phone
	CROSS JOIN LATERAL (SELECT CASE WHEN k.shared THEN (SELECT c.user_id
	    FROM sms_picks c WHERE c.phone = p_phone AND c.until > now())
	    ELSE o.id END AS uid) s
	LEFT JOIN users p ON p.id = s.uid
$$;

-- Whether more than one person shares this number.
CREATE OR REPLACE FUNCTION sms_shared(p_phone text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT n.shared FROM sms_number(p_phone) n);
END;
$$;

-- The person a message from this number speaks for, or NULL (nobody
-- registered, or a shared number where nobody is picked).
CREATE OR REPLACE FUNCTION sms_user(p_phone text) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT n.uid FROM sms_number(p_phone) n);
END;
$$;

-- The number a person's messages go to.
CREATE OR REPLACE FUNCTION sms_user_phone(p_user bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce(u.phone, (SELECT s.phone FROM sms_seats s
	    WHERE s.user_id = u.id)) FROM users u WHERE u.id = p_user
$$;

-- sms_for(user): a reply's name is sms_number()'s who now.
DROP FUNCTION IF EXISTS sms_for(bigint);

-- "For Ayesha: " is worded in C (ussd_seat.c's "for"), by hunar_sender
-- for the outbox (for_name, text_lang) as by the replies.
DROP FUNCTION IF EXISTS sms_for_text(text, text);

-- "1 Ayesha, 2 Bilal": the people of a shared number, as "who is this?"
-- lists them (names cut to 20 characters).
CREATE OR REPLACE FUNCTION sms_who_list(p_phone text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT string_agg(s.seat || ' ' || left(u.name, 20), ', '
	    ORDER BY s.seat)
	    FROM sms_seats s JOIN users u ON u.id = s.user_id
	    WHERE s.phone = p_phone
$$;

-- A message queued for a person (user_id set) goes to their number and,
-- on a shared number, says whom it is for: their name and language, at
-- the time it is queued, for hunar_sender to word.  Rows without user_id pass
-- untouched.  One query, the seats counted only for a person who has
-- one: a lesson of a number's only learner costs two index look-ups.
CREATE OR REPLACE FUNCTION sms_outbox_for() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	IF NEW.user_id IS NULL THEN
		RETURN NEW;
	END IF;
	SELECT u.lang, u.name, coalesce(u.phone, s.phone) AS phone,
	    s.phone IS NOT NULL AND (SELECT count(*) FROM sms_seats x
	    WHERE x.phone = s.phone) > 1 AS shared
	    INTO r FROM users u LEFT JOIN sms_seats s ON s.user_id = u.id
	    WHERE u.id = NEW.user_id;
	NEW.phone := coalesce(NEW.phone, r.phone);
	IF r.shared THEN
		NEW.for_name := r.name;
		NEW.text_lang := coalesce(NEW.text_lang, r.lang);
	END IF;
	RETURN NEW;
END;
$$;

CREATE OR REPLACE TRIGGER sms_outbox_for BEFORE INSERT ON sms_outbox
    FOR EACH ROW EXECUTE FUNCTION sms_outbox_for();

-- Picks a person of a shared number (p_seat: their number in the list,
-- 'locked' when the caller found too many wrong PINs, 'down' when it
-- could not count them).  status: picked (a name) | pin_wrong |
-- pick_none | pin_locked | pin_down (a the list) | who_one |
-- unregistered.
CREATE OR REPLACE FUNCTION sms_seat_pick(p_phone text, p_seat text,
    p_pin text, p_lang text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	IF NOT sms_shared(p_phone) THEN
		SELECT u.name, u.lang INTO r FROM users u
		    WHERE u.id = sms_user(p_phone);
		RETURN QUERY SELECT CASE WHEN r.name IS NULL
		    THEN 'unregistered' ELSE 'who_one' END,
		    coalesce(r.lang, p_lang), r.name::text, NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	IF p_seat IN ('locked', 'down') THEN
		RETURN QUERY SELECT 'pin_' || p_seat, p_lang,
		    sms_who_list(p_phone), NULL::text, NULL::text;
		RETURN;
	END IF;
	SELECT s.user_id, s.pin_hash, u.name, u.lang INTO r
	    FROM sms_seats s JOIN users u ON u.id = s.user_id
	    WHERE s.phone = p_phone AND p_seat ~ '^[1-9]$'
	    AND s.seat = p_seat::smallint;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'pick_none'::text, p_lang,
		    sms_who_list(p_phone), NULL::text, NULL::text;
		RETURN;
	END IF;
	IF r.pin_hash IS NULL OR p_pin IS NULL OR r.pin_hash <> p_pin THEN
		RETURN QUERY SELECT 'pin_wrong'::text, p_lang,
		    sms_who_list(p_phone), NULL::text, NULL::text;
		RETURN;
	END IF;
	INSERT INTO sms_picks (phone, user_id, until)
	    VALUES (p_phone, r.user_id, now() + sms_pick_window())
	    ON CONFLICT (phone) DO UPDATE SET user_id = EXCLUDED.user_id,
	    until = EXCLUDED.until;
	RETURN QUERY SELECT 'picked'::text, r.lang, r.name, NULL::text,
	    NULL::text;
END;
$$;

-- ADD name: another learner on this number.  The one adding (the
-- number's only person, or the one picked) needs a PIN first; then the
-- new person chooses theirs (sms_seat_pin()).  status: add_own_pin (a
-- the one adding, b the new name) | add_new_pin (a the new name) |
-- add_usage | add_full | add_same.
CREATE OR REPLACE FUNCTION sms_seat_add(p_phone text, p_user bigint,
    p_name text, p_lang text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	nm	text := btrim(regexp_replace(coalesce(p_name, ''), '\s+', ' ',
		    'g'));
	me	record;
BEGIN
	IF length(nm) NOT BETWEEN 2 AND 40 OR nm ~ '[0-9]' THEN
		RETURN QUERY SELECT 'add_usage'::text, p_lang, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	IF (SELECT count(*) FROM sms_seats s WHERE s.phone = p_phone) >= 9 THEN
		RETURN QUERY SELECT 'add_full'::text, p_lang, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	IF EXISTS (SELECT 1 FROM sms_seats s JOIN users u ON u.id = s.user_id
	    WHERE s.phone = p_phone AND lower(u.name) = lower(nm)) OR
	    EXISTS (SELECT 1 FROM users u WHERE u.id = p_user AND
	    lower(u.name) = lower(nm)) THEN
		RETURN QUERY SELECT 'add_same'::text, p_lang, nm, NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	SELECT u.name, s.pin_hash INTO me FROM users u
	    LEFT JOIN sms_seats s ON s.user_id = u.id WHERE u.id = p_user;
	INSERT INTO sms_seat_adds (phone, by_user, name, step)
	    VALUES (p_phone, p_user, nm, CASE WHEN me.pin_hash IS NULL
	    THEN 'own_pin' ELSE 'new_pin' END)
	    ON CONFLICT (phone) DO UPDATE SET by_user = EXCLUDED.by_user,
	    name = EXCLUDED.name, step = EXCLUDED.step, at = now();
	IF me.pin_hash IS NULL THEN
		RETURN QUERY SELECT 'add_own_pin'::text, p_lang, me.name, nm,
		    NULL::text;
	ELSE
		RETURN QUERY SELECT 'add_new_pin'::text, p_lang, nm,
		    NULL::text, NULL::text;
	END IF;
END;
$$;

-- The new person of an ADD, once their PIN came: a learner of their own
-- (the adder's district and language), the next seat, picked now.
CREATE OR REPLACE FUNCTION sms_seat_new(p_phone text, p_by bigint,
    p_name text, p_pin text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	ad	record;
	nid	bigint;
	n	smallint;
BEGIN
	SELECT u.lang, u.district_id INTO ad FROM users u WHERE u.id = p_by;
	-- The number's first person takes seat 1 if they had none.
	INSERT INTO sms_seats (phone, seat, user_id)
	    SELECT p_phone, 1, p_by WHERE NOT EXISTS (SELECT 1 FROM sms_seats
	    s WHERE s.user_id = p_by)
	    ON CONFLICT DO NOTHING;
	INSERT INTO users (phone, name, lang, district_id, channel, role)
	    VALUES (NULL, p_name, coalesce(ad.lang, 'en'), ad.district_id,
	    'sms', 'trainee') RETURNING id INTO nid;
	PERFORM profile_start(nid);
	SELECT coalesce(max(s.seat), 0) + 1 INTO n FROM sms_seats s
	    WHERE s.phone = p_phone;
	INSERT INTO sms_seats (phone, seat, user_id, pin_hash)
	    VALUES (p_phone, n, nid, p_pin);
	DELETE FROM sms_seat_adds WHERE phone = p_phone;
	INSERT INTO sms_picks (phone, user_id, until)
	    VALUES (p_phone, nid, now() + sms_pick_window())
	    ON CONFLICT (phone) DO UPDATE SET user_id = EXCLUDED.user_id,
	    until = EXCLUDED.until;
	RETURN QUERY SELECT 'added'::text, coalesce(ad.lang, 'en'), p_name,
	    n::text, sms_who_list(p_phone);
END;
$$;

-- PIN 1234 (p_how '' ), a bare 1234 ('bare', only while an ADD waits)
-- or a malformed PIN ('bad').  An ADD waiting takes it (the adder's own,
-- then the new person's); otherwise the number's only person sets theirs.
-- status: add_new_pin | added | pin_set | pin_has | pin_usage |
-- pin_nothing | who | unregistered.
CREATE OR REPLACE FUNCTION sms_seat_pin(p_phone text, p_user bigint,
    p_how text, p_pin text, p_lang text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	ad	record;
BEGIN
	IF p_how = 'bad' OR p_pin IS NULL THEN
		RETURN QUERY SELECT 'pin_usage'::text, p_lang, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	SELECT * INTO ad FROM sms_seat_adds x WHERE x.phone = p_phone
	    AND x.at > now() - sms_pick_window() AND x.by_user = p_user
	    FOR UPDATE;
	IF FOUND AND ad.step = 'own_pin' THEN
		INSERT INTO sms_seats (phone, seat, user_id, pin_hash)
		    VALUES (p_phone, 1, p_user, p_pin)
		    ON CONFLICT (user_id) DO UPDATE
		    SET pin_hash = EXCLUDED.pin_hash;
		UPDATE sms_seat_adds SET step = 'new_pin', at = now()
		    WHERE phone = p_phone;
		RETURN QUERY SELECT 'add_new_pin'::text, p_lang, ad.name,
		    NULL::text, NULL::text;
		RETURN;
	ELSIF FOUND THEN
		RETURN QUERY SELECT * FROM sms_seat_new(p_phone, p_user,
		    ad.name, p_pin);
		RETURN;
	END IF;
	IF p_how = 'bare' THEN
		RETURN QUERY SELECT 'pin_nothing'::text, p_lang, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	IF p_user IS NULL THEN
		RETURN QUERY SELECT CASE WHEN sms_shared(p_phone) THEN 'who'
		    ELSE 'unregistered' END, p_lang, sms_who_list(p_phone),
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	IF EXISTS (SELECT 1 FROM sms_seats s WHERE s.user_id = p_user
	    AND s.pin_hash IS NOT NULL) THEN
		RETURN QUERY SELECT 'pin_has'::text, p_lang, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	INSERT INTO sms_seats (phone, seat, user_id, pin_hash)
	    VALUES (p_phone, 1, p_user, p_pin)
	    ON CONFLICT (user_id) DO UPDATE SET pin_hash = EXCLUDED.pin_hash;
	RETURN QUERY SELECT 'pin_set'::text, p_lang, NULL::text, NULL::text,
	    NULL::text;
END;
$$;

-- The seat verbs by SMS: WHO (who is this? -- and the pick ends), PICK
-- ("2 4821": seat and PIN), ADD name, PIN 1234.
CREATE OR REPLACE FUNCTION sms_seat(p_phone text, p_verb text, p_arg text,
    p_pin text, p_hint text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	uid	bigint := sms_user(p_phone);
	u	record;
	l	text := sms_lang_of(p_phone, p_hint);
BEGIN
	SELECT uu.name, uu.lang INTO u FROM users uu WHERE uu.id = uid;
	IF p_verb = 'PICK' THEN
		RETURN QUERY SELECT * FROM sms_seat_pick(p_phone, p_arg, p_pin,
		    l);
		RETURN;
	ELSIF p_verb = 'WHO' THEN
		IF sms_shared(p_phone) THEN
			DELETE FROM sms_picks WHERE phone = p_phone;
			RETURN QUERY SELECT 'who'::text, l,
			    sms_who_list(p_phone), NULL::text, NULL::text;
		ELSE
			RETURN QUERY SELECT CASE WHEN uid IS NULL
			    THEN 'unregistered' ELSE 'who_one' END, l,
			    u.name::text, NULL::text, NULL::text;
		END IF;
		RETURN;
	END IF;
	IF uid IS NULL AND (p_verb = 'ADD' OR p_arg <> 'bare') THEN
		RETURN QUERY SELECT CASE WHEN sms_shared(p_phone) THEN 'who'
		    ELSE 'unregistered' END, l, sms_who_list(p_phone),
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	IF p_verb = 'ADD' THEN
		RETURN QUERY SELECT * FROM sms_seat_add(p_phone, uid, p_arg, l);
	ELSE
		RETURN QUERY SELECT * FROM sms_seat_pin(p_phone, uid, p_arg,
		    p_pin, l);
	END IF;
END;
$$;

-- After a person of a shared number is erased (prog_forget()): the
-- number keeps a first person (users.phone) if anyone is left, and a
-- number left with one person is an ordinary one again.
CREATE OR REPLACE FUNCTION sms_seat_gone(p_phone text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	first	bigint;
BEGIN
	IF p_phone IS NULL OR NOT EXISTS (SELECT 1 FROM sms_seats s
	    WHERE s.phone = p_phone) THEN
		RETURN;
	END IF;
	SELECT s.user_id INTO first FROM sms_seats s WHERE s.phone = p_phone
	    ORDER BY s.seat LIMIT 1;
	IF NOT EXISTS (SELECT 1 FROM users u WHERE u.phone = p_phone) THEN
		UPDATE users SET phone = p_phone WHERE id = first;
	END IF;
	IF (SELECT count(*) FROM sms_seats s WHERE s.phone = p_phone) = 1 THEN
		DELETE FROM sms_seats WHERE phone = p_phone;
		DELETE FROM sms_picks WHERE phone = p_phone;
	END IF;
END;
$$;
