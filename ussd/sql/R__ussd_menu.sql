-- USSD menus (issue 3): one function per hop.  The pure menu machine
-- (ussd/ussd_menu.c) asks for one "kind" of rows per screen; the glue runs
--   SELECT k, a, b, c FROM ussd_fetch(phone, kind, arg, arg2, lang, off, lim)
-- and hands the rows back.  Lists and records are asked of their owners
-- (course_ussd_rows(), gig_ussd_rows(), prog_hubs_near()); actions go
-- through the verb table (ussd_act(), R__sms_verbs.sql) to the owners'
-- course_ussd(), gig_ussd(), match_ussd(); registration is here.

-- A new number registers from the menu: name, district, language.
-- result: registered | already (the number has an account: nothing
-- changes) | no_district | bad_name.
CREATE OR REPLACE FUNCTION ussd_register(p_phone text, p_name text,
    p_district int, p_lang text)
RETURNS TABLE (result text, lang text, name text)
LANGUAGE plpgsql AS $$
DECLARE
	uid	bigint;
	nm	text := btrim(regexp_replace(coalesce(p_name, ''), '\s+', ' ',
		    'g'));
BEGIN
	IF length(nm) NOT BETWEEN 2 AND 80 THEN
		RETURN QUERY SELECT 'bad_name'::text, 'en'::text, NULL::text;
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM districts d WHERE d.id = p_district) THEN
		RETURN QUERY SELECT 'no_district'::text, 'en'::text, NULL::text;
		RETURN;
	END IF;
	INSERT INTO users (phone, name, lang, district_id, channel, role)
	    VALUES (p_phone, nm, CASE WHEN p_lang IN ('en', 'ru', 'ur')
	    THEN p_lang ELSE 'en' END, p_district, 'ussd', 'trainee')
	    ON CONFLICT (phone) DO NOTHING RETURNING id INTO uid;
	IF uid IS NULL THEN
		RETURN QUERY SELECT 'already'::text, u.lang, u.name
		    FROM users u WHERE u.phone = p_phone;
		RETURN;
	END IF;
	PERFORM profile_start(uid);
	RETURN QUERY SELECT 'registered'::text, u.lang, u.name
	    FROM users u WHERE u.id = uid;
END;
$$;

-- Rows for one USSD screen or action.  Lists answer (key, code, label,
-- ''), at most p_lim rows from p_off; records and actions one row whose
-- first column says what happened.  See ussd/ussd.h for each kind.
CREATE OR REPLACE FUNCTION ussd_fetch(p_phone text, p_kind text, p_arg text,
    p_arg2 text, p_lang text, p_off int, p_lim int)
RETURNS TABLE (k text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	u	record;
	r	record;
	off	int := greatest(coalesce(p_off, 0), 0);
	lim	int := least(greatest(coalesce(p_lim, 10), 1), 20);
	lg	text := CASE WHEN p_lang IN ('en', 'ru', 'ur') THEN p_lang
		    ELSE 'en' END;
	num	bigint := CASE WHEN p_arg ~ '^[0-9]{1,12}$' THEN p_arg::bigint
		    END;
	shared	boolean := sms_shared(p_phone);
BEGIN
	-- The number's person, or the one picked on a shared number (each
	-- hop keeps the pick, as each SMS does).  sms_user() spelt out:
	-- whether the number is shared is asked once a hop.
	IF shared THEN
		IF p_kind NOT IN ('user', 'pick') THEN
			UPDATE sms_picks SET until = now() + sms_pick_window()
			    WHERE phone = p_phone AND until > now();
		END IF;
		SELECT uu.id, uu.lang, uu.name, uu.district_id INTO u
		    FROM users uu WHERE uu.id = (SELECT k.user_id
		    FROM sms_picks k WHERE k.phone = p_phone
		    AND k.until > now());
	ELSE
		SELECT uu.id, uu.lang, uu.name, uu.district_id INTO u
		    FROM users uu WHERE uu.phone = p_phone;
	END IF;
	CASE p_kind
	WHEN 'user' THEN
		-- A shared number: every dial asks who is this, the people
		-- as a list (key the seat, c "seat:" and the language of
		-- the number's first person); a PIN then picks ('pick').
		IF shared THEN
			RETURN QUERY SELECT s.seat::text, ''::text,
			    left(uu.name, 20), 'seat:' || sms_lang_of(p_phone,
			    '') FROM sms_seats s JOIN users uu
			    ON uu.id = s.user_id
			    WHERE s.phone = p_phone ORDER BY s.seat;
			-- ... and someone new (the menu writes the words).
			RETURN QUERY SELECT 'new'::text, ''::text, ''::text,
			    'seat:' || sms_lang_of(p_phone, '');
			RETURN;
		END IF;
		IF u.id IS NOT NULL THEN
			UPDATE users SET last_active = now() WHERE id = u.id
			    AND last_active < now() - interval '1 hour';
			RETURN QUERY SELECT 'user'::text, u.lang, u.name,
			    coalesce(u.district_id::text, '');
		END IF;
	WHEN 'provinces' THEN
		RETURN QUERY SELECT pr.id::text, ''::text,
		    sms_pick(lg, pr.name_en, pr.name_ur), ''::text
		    FROM provinces pr ORDER BY pr.id OFFSET off LIMIT lim;
	WHEN 'districts' THEN
		RETURN QUERY SELECT d.id::text, ''::text,
		    sms_pick(lg, d.name_en, d.name_ur), ''::text
		    FROM districts d WHERE d.province_id = num
		    ORDER BY d.name_en OFFSET off LIMIT lim;
	WHEN 'courses', 'course' THEN
		RETURN QUERY SELECT * FROM course_ussd_rows(p_kind, p_arg,
		    u.id, lg, off, lim);
	WHEN 'gigs', 'gig', 'offers', 'offer' THEN
		-- Gigs: those of the district given (the caller's, which the
		-- menu keeps) first.
		RETURN QUERY SELECT * FROM gig_ussd_rows(p_kind, p_arg, u.id,
		    coalesce(num::int, u.district_id), lg, off, lim);
	WHEN 'status' THEN
		RETURN QUERY SELECT * FROM course_ussd_rows('status', NULL,
		    u.id, lg, 0, 4)
		    UNION ALL
		    SELECT * FROM gig_ussd_rows('status', NULL, u.id, NULL, lg,
		    0, 4);
	WHEN 'hubs' THEN
		-- The hubs nearest the caller: programmes' one rule, the
		-- one SMS HUB asks (the district's, then the province's;
		-- women-only hubs first for women, never for men).  b:
		-- the hours, a tab, the address in the caller's language.
		RETURN QUERY SELECT CASE WHEN h.women_only THEN 'hubw'
		    ELSE 'hub' END, prog_pick(lg, h.name, h.name_ru, h.name_ur),
		    h.hours || E'\t' || prog_pick(lg, h.address, h.address_ru,
		    h.address_ur), h.phone
		    FROM prog_hubs_near(u.district_id, (SELECT uu.gender
		    FROM users uu WHERE uu.id = u.id), 9) h;
	WHEN 'register' THEN
		-- p_arg: the district id, then the optional answers of the
		-- menu: gender (f, m; s skipped) and age band (1-4, 0
		-- skipped), e.g. "17f2".
		RETURN QUERY SELECT x.result, x.lang, x.name,
		    coalesce((SELECT uu.district_id::text FROM users uu
		    WHERE uu.phone = p_phone), '')
		    FROM ussd_register(p_phone, p_arg2,
		    substring(p_arg FROM '^[0-9]{1,9}')::int, lg) x;
		IF p_arg ~ '^[0-9]+[fms][0-4]$' THEN
			UPDATE users SET gender = nullif(substring(p_arg FROM
			    '([fms])[0-4]$'), 's'),
			    age_band = (ARRAY['u18', '18-24', '25-34',
			    '35+'])[nullif(right(p_arg, 1)::int, 0)]
			    WHERE phone = p_phone AND channel = 'ussd'
			    AND created_at > now() - interval '1 minute';
		END IF;
	WHEN 'pick' THEN
		-- p_arg the seat, p_arg2 the PIN's hash (or 'locked'): the
		-- person picked (sms_seat_pick()), then as 'user' answers.
		SELECT * INTO r FROM sms_seat_pick(p_phone, CASE WHEN
		    p_arg2 IN ('locked', 'down') THEN p_arg2 ELSE p_arg END,
		    p_arg2, lg);
		IF r.status <> 'picked' THEN
			RETURN QUERY SELECT r.status, ''::text, ''::text,
			    ''::text;
			RETURN;
		END IF;
		RETURN QUERY SELECT 'picked'::text, uu.lang, uu.name,
		    coalesce(uu.district_id::text, '')
		    FROM users uu WHERE uu.id = sms_user(p_phone);
	WHEN 'add' THEN
		-- Someone new on a shared number, from its "who is this?":
		-- p_arg2 the name, p_arg their PIN's hash; added as ADD by
		-- SMS adds (the first person's district and language), then
		-- picked and answered as 'pick' does.
		SELECT * INTO r FROM sms_seat_add(p_phone, (SELECT s.user_id
		    FROM sms_seats s WHERE s.phone = p_phone ORDER BY s.seat
		    LIMIT 1), p_arg2, lg);
		IF NOT sms_shared(p_phone) OR r.status <> 'add_new_pin' OR
		    coalesce(p_arg, '') !~ '^a2id1\$' THEN
			DELETE FROM sms_seat_adds WHERE phone = p_phone;
			RETURN QUERY SELECT 'add_failed'::text,
			    coalesce(r.status, ''), ''::text, ''::text;
			RETURN;
		END IF;
		PERFORM sms_seat_new(p_phone, x.by_user, x.name, p_arg)
		    FROM sms_seat_adds x WHERE x.phone = p_phone;
		RETURN QUERY SELECT 'picked'::text, uu.lang, uu.name,
		    coalesce(uu.district_id::text, '')
		    FROM users uu WHERE uu.id = sms_user(p_phone);
	WHEN 'lang' THEN
		UPDATE users SET lang = lg WHERE id = u.id;
		-- b: whose language, for the web's sessions (ussd_http.c).
		RETURN QUERY SELECT 'ok'::text, lg, coalesce(u.id::text, ''),
		    ''::text;
	WHEN 'enroll', 'apply', 'answer' THEN
		-- The menu's actions, through the verb table as every SMS
		-- verb (ussd_act(), R__sms_verbs.sql): p_arg the course or
		-- gig code, or the offer's application; p_arg2 'yes' for an
		-- offer accepted.
		RETURN QUERY SELECT * FROM ussd_act(p_phone, CASE p_kind
		    WHEN 'enroll' THEN 'ENROLL' WHEN 'apply' THEN 'APPLY'
		    WHEN 'answer' THEN CASE WHEN p_arg2 = 'yes' THEN 'YES'
		    ELSE 'NO' END END, u.id, p_arg, u.lang);
	ELSE
		RETURN;
	END CASE;
END;
$$;

-- The dial's person is kept by each Kore worker (ussd/ussd_who.c) while
-- the number's generation holds: every change that can change what
-- ussd_fetch(phone, 'user') answers NOTIFYs ussd_who with the number --
-- a person registered, deleted, given another number, language, name or
-- district, and a number's seats (shared or not) -- and an empty payload
-- (every number) when a table is emptied.  last_active is not watched:
-- it changes no answer.  The NOTIFY goes at commit, so a worker hears of
-- a change before it can read it.
CREATE OR REPLACE FUNCTION ussd_who_changed()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_LEVEL = 'STATEMENT' THEN
		PERFORM pg_notify('ussd_who', '');
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		IF OLD.phone IS NOT NULL THEN
			PERFORM pg_notify('ussd_who', OLD.phone);
		END IF;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		IF NEW.phone IS NOT NULL THEN
			PERFORM pg_notify('ussd_who', NEW.phone);
		END IF;
	END IF;
	RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER ussd_who_users AFTER INSERT OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION ussd_who_changed();
CREATE OR REPLACE TRIGGER ussd_who_users_upd AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.phone IS DISTINCT FROM NEW.phone OR
    OLD.lang IS DISTINCT FROM NEW.lang OR OLD.name IS DISTINCT FROM
    NEW.name OR OLD.district_id IS DISTINCT FROM NEW.district_id)
    EXECUTE FUNCTION ussd_who_changed();
CREATE OR REPLACE TRIGGER ussd_who_users_all AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION ussd_who_changed();
CREATE OR REPLACE TRIGGER ussd_who_seats AFTER INSERT OR UPDATE OR DELETE
    ON sms_seats FOR EACH ROW EXECUTE FUNCTION ussd_who_changed();
CREATE OR REPLACE TRIGGER ussd_who_seats_all AFTER TRUNCATE ON sms_seats
    FOR EACH STATEMENT EXECUTE FUNCTION ussd_who_changed();
