-- ussd (issue 10): the SMS verbs a new user meets on the way, each the
-- answer sms_cmd() gives: lists that page (COURSES, GIGS, STATUS, MORE),
-- the language chosen before registering, gender and age (optional).
--
-- A list row is (status, a, b, c): a the page's items, one per line, each
-- "code<TAB>title<TAB>extra" ("@word" in extra is a word ussd_text.c
-- writes in the reader's language: @online, @remote, @applied, ...), b
-- the first code (or the person, for STATUS), c 'more' when MORE has a
-- next page.  ussd_reply() fits the page in one SMS, cutting titles at a
-- word; sms_page_size() says how many items a page holds.

-- The language a reply to this number is written in: its person's (on a
-- shared number the one picked, else its first person's), else the one
-- it chose before registering (sms_number()), else the hint's.
CREATE OR REPLACE FUNCTION sms_lang_of(p_phone text, p_hint text)
RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN coalesce((SELECT n.lang FROM sms_number(p_phone) n),
	    nullif(p_hint, ''), 'en');
END;
$$;

-- How many items one page of a list holds, so that ussd_reply() can fit
-- it in one SMS with each title cut at a word but still there.  An SMS is
-- 160 GSM-7 characters but 70 in Urdu script (UCS-2).  In Urdu a gig's
-- code, pay and place ("G1001 Rs3000 سوات") take some 18 of the 70 and the
-- frame ("کام: ... APPLY G1001 مزید: MORE") 29: two gigs left no room for
-- either title (the reply showed codes and pay alone), one leaves ~20
-- characters.  Courses too: the frame ("کورس: ... ENROLL C106 مزید:
-- MORE") takes 29 and each code 6, so two courses left ~14 characters a
-- title and the seed's 17-35 were cut to a word or two ("C101 ایس…");
-- one leaves ~35, the longest seed title.  STATUS items have no title:
-- twice as many.  In English and Roman Urdu a gig's pay and place take
-- ~26 of the 160: three gigs a page cut each title to a word or two
-- ("G1007 Customer... Rs35000 remote", a new user's walk), two leave ~30
-- characters a title; course titles are shorter and three still fit.
CREATE OR REPLACE FUNCTION sms_page_size(p_lang text, p_verb text)
RETURNS int
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_verb = 'STATUS' THEN 2 ELSE 1 END *
	    CASE WHEN p_lang = 'ur' THEN
		CASE WHEN p_verb = 'STATUS' THEN 2 ELSE 1 END
	    WHEN p_verb = 'GIGS' THEN 2 ELSE 3 END
$$;

-- Skills a list's words name (slug, English or Roman Urdu name, Urdu).
CREATE OR REPLACE FUNCTION sms_skills_named(p_arg text) RETURNS int[]
LANGUAGE sql STABLE AS $$
	SELECT array_agg(s.id) FROM skills s
	    WHERE p_arg <> '' AND (s.slug ILIKE '%' || p_arg || '%'
	    OR s.name_en ILIKE '%' || p_arg || '%'
	    OR s.name_ru ILIKE '%' || p_arg || '%' OR s.name_ur = p_arg)
$$;

-- STATUS: the person, then their courses (progress, done, failed:
-- courses' course_status_items()) and applications (web's
-- gig_status_items()), newest first.  One statement.
CREATE OR REPLACE FUNCTION sms_status_page(p_lang text, p_user bigint,
    p_off int, OUT status text, OUT a text, OUT b text, OUT c text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	n	int := sms_page_size(p_lang, 'STATUS');
	total	int;
BEGIN
	WITH items AS (
		SELECT 0 AS k, ci.* FROM course_status_items(p_user) ci
		UNION ALL
		SELECT 1, gi.* FROM gig_status_items(p_user) gi
	), ranked AS (
		SELECT i.*, row_number() OVER (ORDER BY i.k, i.o DESC) AS rn,
		    count(*) OVER () AS tot FROM items i
	)
	SELECT (SELECT uu.name || coalesce(', ' || sms_pick(p_lang,
	    d.name_en, d.name_ur), '') FROM users uu
	    LEFT JOIN districts d ON d.id = uu.district_id
	    WHERE uu.id = p_user),
	    string_agg(r.code || E'\t\t' || r.x, E'\n' ORDER BY r.rn),
	    max(r.tot) INTO b, a, total
	    FROM ranked r WHERE r.rn > p_off AND r.rn <= p_off + n;
	status := 'status';
	IF a IS NULL THEN
		a := '@nothing';
	END IF;
	c := CASE WHEN coalesce(total, 0) > p_off + n THEN 'more' ELSE '' END;
END;
$$;

-- One page of a list, remembered for MORE.  p_verb: COURSES, GIGS or
-- STATUS; p_off: where the page starts.  What a page holds is its
-- owner's (courses' course_sms_page(), web's gig_sms_page()); how many
-- items, and where MORE goes on, the channel's.
DROP FUNCTION IF EXISTS sms_list(text, bigint, int, text, text, text, int);
CREATE OR REPLACE FUNCTION sms_list(p_phone text, p_user bigint,
    p_district int, p_lang text, p_verb text, p_arg text, p_off int,
    OUT status text, OUT lang text, OUT a text, OUT b text, OUT c text)
LANGUAGE plpgsql AS $$
DECLARE
	n	int := sms_page_size(p_lang, p_verb);
BEGIN
	lang := p_lang;
	IF p_verb = 'COURSES' THEN
		SELECT x.status, x.a, x.b, x.c INTO status, a, b, c
		    FROM course_sms_page(p_lang, p_arg, p_off, n) x;
	ELSIF p_verb = 'GIGS' THEN
		SELECT x.status, x.a, x.b, x.c INTO status, a, b, c
		    FROM gig_sms_page(p_lang, p_district, p_arg, p_off, n) x;
	ELSE
		SELECT x.status, x.a, x.b, x.c INTO status, a, b, c
		    FROM sms_status_page(p_lang, p_user, p_off) x;
	END IF;
	IF c = 'more' THEN
		INSERT INTO sms_pages (phone, verb, arg, next_off)
		    VALUES (p_phone, p_verb, coalesce(p_arg, ''), p_off + n)
		    ON CONFLICT (phone) DO UPDATE SET verb = EXCLUDED.verb,
		    arg = EXCLUDED.arg, next_off = EXCLUDED.next_off,
		    shown_at = now();
	ELSE
		DELETE FROM sms_pages WHERE phone = p_phone;
	END IF;
END;
$$;

-- MORE: the next page of the last list shown (within a day).
DROP FUNCTION IF EXISTS sms_more(text, bigint, int, text);
CREATE OR REPLACE FUNCTION sms_more(p_phone text, p_user bigint,
    p_district int, p_lang text, OUT status text, OUT lang text,
    OUT a text, OUT b text, OUT c text)
LANGUAGE plpgsql AS $$
DECLARE
	pg	record;
BEGIN
	SELECT * INTO pg FROM sms_pages s WHERE s.phone = p_phone
	    AND s.shown_at > now() - interval '1 day';
	IF NOT FOUND OR (pg.verb = 'STATUS' AND p_user IS NULL) THEN
		status := 'more_none';
		lang := p_lang;
		RETURN;
	END IF;
	SELECT * INTO status, lang, a, b, c FROM sms_list(p_phone, p_user,
	    p_district, p_lang, pg.verb, pg.arg, pg.next_off);
END;
$$;

-- LANG from a number that has not registered: remembered for JOIN.
CREATE OR REPLACE FUNCTION sms_lang_new(p_phone text, p_lang text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
BEGIN
	IF p_phone ~ '^92[0-9]{10}$' THEN
		INSERT INTO sms_prefs (phone, lang) VALUES (p_phone, p_lang)
		    ON CONFLICT (phone) DO UPDATE SET lang = EXCLUDED.lang,
		    updated_at = now();
	END IF;
	RETURN QUERY SELECT 'lang_new'::text, p_lang, NULL::text, NULL::text,
	    NULL::text;
END;
$$;

-- The age band of an age in years, NULL for none that makes sense.
CREATE OR REPLACE FUNCTION sms_age_band(p_age int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_age IS NULL OR p_age < 10 OR p_age > 99 THEN NULL
	    WHEN p_age < 18 THEN 'u18' WHEN p_age < 25 THEN '18-24'
	    WHEN p_age < 35 THEN '25-34' ELSE '35+' END
$$;

-- F 19, M, AGE 30 (ussd_keyword.c makes "f:19", "m:", ":30"): gender
-- and age band, each optional.  status: about_set | about_usage.
CREATE OR REPLACE FUNCTION sms_about(p_user bigint, p_arg text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	g	text := nullif(split_part(coalesce(p_arg, ''), ':', 1), '');
	ag	text := split_part(coalesce(p_arg, ''), ':', 2);
	band	text;
BEGIN
	band := sms_age_band(CASE WHEN ag ~ '^[0-9]{1,3}$' THEN ag::int END);
	IF g IS NULL AND band IS NULL THEN
		RETURN 'about_usage';
	END IF;
	UPDATE users SET gender = coalesce(g, gender),
	    age_band = coalesce(band, age_band) WHERE id = p_user;
	RETURN 'about_set';
END;
$$;

-- After JOIN: the optional question, as an ordinary message (it waits
-- for the morning in quiet hours, like every message that is no reply).
-- It leaves five seconds after the welcome: the welcome is JOIN's reply,
-- sent on its own path, and a phone should read it first.  Queued by its
-- key, worded in p_lang by hunar_sender (ussd_text.c's "ask_about").
CREATE OR REPLACE FUNCTION sms_about_ask(p_phone text, p_lang text)
RETURNS void
LANGUAGE sql AS $$
	SELECT sms_enqueue(p_phone, '', 'ask_about', false,
	    'ask_about:' || p_phone, NULL, interval '5 seconds', 'ask_about',
	    p_lang)
$$;
