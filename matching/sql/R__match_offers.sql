-- matching (issue 6): offers by SMS with their YES/NO answers, and the
-- employer's view of a trainee's contact.

-- The offer texts, in the trainee's language.
CREATE OR REPLACE FUNCTION match_text(p_lang text, p_key text, a text, b text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p_key || ':' || p_lang
	WHEN 'offer:en' THEN 'Hunar: ' || a || ' offers you gig ' || b ||
	    '. Reply YES ' || b || ' or NO ' || b ||
	    '. Your number is shared only after YES.'
	WHEN 'offer:ru' THEN 'Hunar: ' || a || ' ki gig ' || b ||
	    ' ki offer. Qubool: YES ' || b || ', inkaar: NO ' || b ||
	    '. Number sirf YES ke baad diya jaye ga.'
	WHEN 'offer:ur' THEN 'ہنر: ' || a || ' کی پیشکش، گِگ ' || b ||
	    '۔ قبول: YES ' || b || '، انکار: NO ' || b ||
	    '۔ نمبر صرف YES کے بعد ملے گا۔'
	WHEN 'yes:en' THEN 'Hunar: you accepted gig ' || b || '. ' || a ||
	    ' can now see your number and will contact you.'
	WHEN 'yes:ru' THEN 'Hunar: aap ne gig ' || b || ' qubool kar liya. ' ||
	    a || ' ab aap ka number dekh sakta hai aur rabta kare ga.'
	WHEN 'yes:ur' THEN 'ہنر: آپ نے گِگ ' || b || ' قبول کر لیا۔ ' || a ||
	    ' اب آپ کا نمبر دیکھ سکتا ہے اور رابطہ کرے گا۔'
	WHEN 'no:en' THEN 'Hunar: you declined gig ' || b ||
	    '. Your number stays private.'
	WHEN 'no:ru' THEN 'Hunar: aap ne gig ' || b ||
	    ' se inkaar kar diya. Aap ka number raaz rahe ga.'
	WHEN 'no:ur' THEN 'ہنر: آپ نے گِگ ' || b ||
	    ' سے انکار کر دیا۔ آپ کا نمبر پوشیدہ رہے گا۔'
	WHEN 'none:en' THEN 'Hunar: you have no open offer' ||
	    coalesce(' for ' || b, '') || '.'
	WHEN 'none:ru' THEN 'Hunar: aap ke liye koi khuli offer nahi' ||
	    coalesce(' (' || b || ')', '') || '.'
	WHEN 'none:ur' THEN 'ہنر: آپ کے لیے کوئی کھلی پیشکش نہیں' ||
	    coalesce(' (' || b || ')', '') || '۔'
	WHEN 'gap:en' THEN 'Hunar: learn ' || a || ' to rise most' ||
	    coalesce(' for ' || b, '') || '.'
	WHEN 'gap:ru' THEN 'Hunar: ' || a || ' seekhein, is se' ||
	    coalesce(' ' || b || ' ke liye', '') || ' sab se zyada faida.'
	WHEN 'gap:ur' THEN 'ہنر: ' || a || ' سیکھیں، اس سے' ||
	    coalesce(' ' || b || ' کے لیے', '') || ' سب سے زیادہ فائدہ۔'
	WHEN 'nogap:en' THEN 'Hunar: you already have every skill asked' ||
	    coalesce(' for ' || b, '') || '.'
	WHEN 'nogap:ru' THEN 'Hunar: aap ke paas' ||
	    coalesce(' ' || b || ' ki', '') || ' har maangi gayi skill hai.'
	WHEN 'nogap:ur' THEN 'ہنر: آپ کے پاس' ||
	    coalesce(' ' || b || ' کی', '') || ' ہر مطلوبہ مہارت موجود ہے۔'
	END
$$;

-- A title cut at a word to at most n characters, the ellipsis included
-- ("…" in Urdu script, "..." in GSM-7 texts, where "…" would make the
-- SMS UCS-2).
CREATE OR REPLACE FUNCTION match_cut(p_text text, p_n int, p_lang text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN length(t) <= p_n THEN t ELSE coalesce(nullif(
	    regexp_replace(left(t, p_n - e), '[\s,;:-]*\S*$', ''), ''),
	    left(t, p_n - e)) || CASE WHEN p_lang = 'ur' THEN '…' ELSE '...'
	    END END
	FROM (SELECT btrim(regexp_replace(coalesce(p_text, ''), '\s+', ' ',
	    'g')) AS t, CASE WHEN p_lang = 'ur' THEN 1 ELSE 3 END AS e) x
$$;

-- The offer SMS: what the work is, what it pays, where, who offers it,
-- and how to answer -- a decision the person can make from the SMS
-- alone, in two SMS at most (titles and names cut at a word).
CREATE OR REPLACE FUNCTION match_offer_text(p_lang text, p_org text,
    p_code text, p_title text, p_pay int, p_place text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p_lang
	WHEN 'ur' THEN 'ہنر پیشکش: ' || match_cut(p_title, 30, p_lang) ||
	    ' (' || p_code || ')، ' || p_pay || ' روپے، ' || p_place || '، ' ||
	    match_cut(p_org, 24, p_lang) || '۔ قبول: YES ' || p_code ||
	    '، انکار: NO ' || p_code || '۔'
	WHEN 'ru' THEN 'Hunar offer: ' || match_cut(p_title, 60, p_lang) ||
	    ' (' || p_code || '), Rs ' || p_pay || ', ' || p_place || ', ' ||
	    match_cut(p_org, 40, p_lang) || ' ki taraf se. Qubool: YES ' ||
	    p_code || ', inkaar: NO ' || p_code ||
	    '. Number sirf YES ke baad diya jaye ga.'
	ELSE 'Hunar offer: ' || match_cut(p_title, 60, p_lang) || ' (' ||
	    p_code || '), Rs ' || p_pay || ', ' || p_place || ', from ' ||
	    match_cut(p_org, 40, p_lang) || '. Reply YES ' || p_code ||
	    ' to accept or NO ' || p_code ||
	    '. Your number is shared only after YES.' END
$$;

-- An employer (or an admin) offers a gig to a suggested trainee: the
-- application becomes 'offered' (created if there was none) and one SMS
-- goes out through the outbox (dedup key: one offer per gig and trainee).
-- Returns 'offered', 'forbidden', 'closed', 'no_trainee' or the status the
-- application already had beyond an offer.
CREATE OR REPLACE FUNCTION match_offer(p_actor bigint, p_gig bigint,
    p_user bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	g	gigs%ROWTYPE;
	t	users%ROWTYPE;
	st	text;
	org	text;
	place	text;
BEGIN
	SELECT * INTO g FROM gigs WHERE id = p_gig FOR UPDATE;
	IF NOT FOUND OR (g.employer_id <> p_actor AND NOT EXISTS
	    (SELECT 1 FROM users WHERE id = p_actor AND role = 'admin')) THEN
		RETURN 'forbidden';
	END IF;
	IF g.status <> 'open' THEN
		RETURN 'closed';
	END IF;
	SELECT * INTO t FROM users WHERE id = p_user AND role = 'trainee';
	IF NOT FOUND THEN
		RETURN 'no_trainee';
	END IF;
	SELECT status INTO st FROM applications
	    WHERE gig_id = p_gig AND user_id = p_user FOR UPDATE;
	IF FOUND AND st NOT IN ('applied', 'shortlisted') THEN
		RETURN st;
	END IF;
	INSERT INTO applications (gig_id, user_id, status, channel)
	    VALUES (p_gig, p_user, 'offered', 'match')
	    ON CONFLICT (gig_id, user_id) DO UPDATE
	    SET status = 'offered', updated_at = now();
	SELECT coalesce(nullif(org_name, ''), name) INTO org FROM users
	    WHERE id = g.employer_id;
	SELECT CASE WHEN g.remote THEN CASE t.lang WHEN 'ur' THEN 'ریموٹ'
	    ELSE 'remote' END ELSE coalesce(CASE WHEN t.lang = 'ur' AND
	    d.name_ur <> '' THEN d.name_ur ELSE d.name_en END, '') END
	    INTO place FROM (SELECT 1) one
	    LEFT JOIN districts d ON d.id = g.district_id;
	-- Not urgent: an offer waits for the morning in quiet hours (only
	-- one-time codes and what a person just asked for go at night).
	-- user_id: on a shared phone the SMS names the person it is for.
	PERFORM sms_enqueue(t.phone, match_offer_text(t.lang, org, g.code,
	    g.title, g.budget_pkr, place), 'offer', false,
	    'offer:' || p_gig || ':' || p_user, t.id);
	RETURN 'offered';
END;
$$;

-- The SMS/USSD channel calls this for YES/NO (with or without a gig code)
-- and sends back the text it returns.  Without a code the newest open
-- offer is answered.  YES makes the phone visible to that employer.
CREATE OR REPLACE FUNCTION offer_answer(p_phone text, p_yes boolean,
    p_gig_code text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	t	users%ROWTYPE;
	a	record;
BEGIN
	-- The number's person, or the one picked on a shared number.
	SELECT * INTO t FROM users WHERE id = sms_user(p_phone);
	IF NOT FOUND THEN
		RETURN match_text('en', 'none', NULL, upper(p_gig_code));
	END IF;
	SELECT ap.id, g.code, coalesce(nullif(e.org_name, ''), e.name) AS org
	    INTO a
	    FROM applications ap JOIN gigs g ON g.id = ap.gig_id
	    JOIN users e ON e.id = g.employer_id
	    WHERE ap.user_id = t.id AND ap.status = 'offered'
	    AND (p_gig_code IS NULL OR g.code = upper(p_gig_code))
	    ORDER BY ap.updated_at DESC, ap.id DESC LIMIT 1 FOR UPDATE OF ap;
	IF NOT FOUND THEN
		RETURN match_text(t.lang, 'none', NULL, upper(p_gig_code));
	END IF;
	UPDATE applications SET status = CASE WHEN p_yes THEN 'accepted'
	    ELSE 'declined' END, updated_at = now(), answered_at = now()
	    WHERE id = a.id;
	UPDATE users SET last_active = now() WHERE id = t.id;
	RETURN match_text(t.lang, CASE WHEN p_yes THEN 'yes' ELSE 'no' END,
	    left(a.org, 40), a.code);
END;
$$;

-- USSD's answer to the offer the caller saw (application p_app, theirs
-- and still offered): offer_answer() for it, then (stage, code, title,
-- the employer when accepted); ('gone', ...) when it is no longer open.
CREATE OR REPLACE FUNCTION offer_answer_ussd(p_phone text, p_user bigint,
    p_app bigint, p_yes boolean)
RETURNS TABLE (k text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	SELECT ap.id, g.code, g.title, coalesce(nullif(e.org_name, ''),
	    e.name) AS org INTO r
	    FROM applications ap JOIN gigs g ON g.id = ap.gig_id
	    JOIN users e ON e.id = g.employer_id
	    WHERE ap.id = p_app AND ap.user_id = p_user
	    AND ap.status = 'offered';
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'gone'::text, ''::text, ''::text, ''::text;
		RETURN;
	END IF;
	PERFORM offer_answer(p_phone, p_yes, r.code);
	RETURN QUERY SELECT ap.status, r.code, r.title,
	    CASE WHEN ap.status = 'accepted' THEN left(r.org, 40) ELSE '' END
	    FROM applications ap WHERE ap.id = r.id;
END;
$$;

-- SMS YES/NO (an offer's answer) and GAP (skill-gap advice): the verb
-- table's 'match' rows (R__sms_verbs.sql; the channel has found the
-- person).  'text' rows carry matching's own words.
CREATE OR REPLACE FUNCTION match_sms(p_phone text, p_verb text,
    p_arg text, p_lang text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	x	text;
BEGIN
	p_arg := btrim(coalesce(p_arg, ''));
	IF p_verb IN ('YES', 'NO') THEN
		RETURN QUERY SELECT 'text'::text, p_lang, offer_answer(p_phone,
		    p_verb = 'YES', nullif(upper(p_arg), '')), NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	IF p_arg <> '' AND NOT EXISTS (SELECT 1 FROM gigs g
	    WHERE g.code = upper(p_arg)) THEN
		RETURN QUERY SELECT 'apply_no_gig'::text, p_lang, upper(p_arg),
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	-- The gap weighed; its best row answers.
	SELECT sg.reply INTO x FROM skill_gap(p_phone,
	    nullif(upper(p_arg), '')) sg LIMIT 1;
	IF x IS NULL THEN
		RETURN QUERY SELECT CASE WHEN p_arg = '' THEN 'gap_near_none'
		    ELSE 'gap_none' END, p_lang, upper(p_arg), NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'text'::text, p_lang, x, NULL::text, NULL::text;
END;
$$;

-- Contact for the employer: the phone only once the trainee said YES
-- (or was hired); otherwise NULL.  A learner who shares a phone is
-- reached on that number (sms_user_phone(), issue 14).
CREATE OR REPLACE FUNCTION match_contact(p_actor bigint, p_gig bigint,
    p_user bigint)
RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT sms_user_phone(u.id) FROM applications a
	JOIN gigs g ON g.id = a.gig_id
	JOIN users u ON u.id = a.user_id
	WHERE a.gig_id = p_gig AND a.user_id = p_user
	AND a.status IN ('accepted', 'hired', 'done')
	AND (g.employer_id = p_actor OR EXISTS (SELECT 1 FROM users x
	    WHERE x.id = p_actor AND x.role = 'admin'))
$$;

-- What the employer sees of an offer: the SMS's state (queued, sent,
-- delivered by the phone's DLR, failed, suppressed after STOP; '' when no
-- SMS went) and when the trainee answered (NULL until then).
CREATE OR REPLACE FUNCTION match_offer_state(p_gig bigint, p_user bigint,
    OUT sms text, OUT answered_at timestamptz)
LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT o.status FROM sms_outbox o
	    WHERE o.dedup_key = 'offer:' || p_gig || ':' || p_user), ''),
	    (SELECT ap.answered_at FROM applications ap
	    WHERE ap.gig_id = p_gig AND ap.user_id = p_user)
$$;
