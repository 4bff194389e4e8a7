-- matching (issue 6): offers by SMS with their YES/NO answers, and the
-- employer's view of a trainee's contact.

-- Every word of these offers and answers is rendered in C
-- (matching/match_text.c): the functions here return data only.

-- What the offer SMS says of a gig to a trainee (match_offer_post()
-- renders it before match_offer() queues it): the trainee's language,
-- who offers, the gig, its pay, and where -- remote, or the district in
-- the trainee's language.  No row for no gig; lang NULL for no trainee.
CREATE OR REPLACE FUNCTION match_offer_card(p_gig bigint, p_user bigint)
RETURNS TABLE (lang text, org text, code text, title text, pay int,
    remote boolean, place text)
LANGUAGE sql STABLE AS $$
	SELECT t.lang, coalesce(nullif(e.org_name, ''), e.name), g.code,
	    g.title, g.budget_pkr, g.remote, coalesce(CASE WHEN t.lang = 'ur'
	    AND d.name_ur <> '' THEN d.name_ur ELSE d.name_en END, '')
	FROM gigs g JOIN users e ON e.id = g.employer_id
	LEFT JOIN users t ON t.id = p_user AND t.role = 'trainee'
	LEFT JOIN districts d ON d.id = g.district_id
	WHERE g.id = p_gig
$$;

-- An employer (or an admin) offers a gig to a suggested trainee: the
-- application becomes 'offered' (created if there was none) and one SMS,
-- p_body (rendered from match_offer_card() in C), goes out through the
-- outbox (dedup key: one offer per gig and trainee).  Returns 'offered',
-- 'forbidden', 'closed', 'no_trainee' or the status the application
-- already had beyond an offer.
CREATE OR REPLACE FUNCTION match_offer(p_actor bigint, p_gig bigint,
    p_user bigint, p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	g	gigs%ROWTYPE;
	t	users%ROWTYPE;
	st	text;
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
	-- Not urgent: an offer waits for the morning in quiet hours (only
	-- one-time codes and what a person just asked for go at night).
	-- user_id: on a shared phone the SMS names the person it is for.
	PERFORM sms_enqueue(t.phone, p_body, 'offer', false,
	    'offer:' || p_gig || ':' || p_user, t.id);
	RETURN 'offered';
END;
$$;

-- The SMS/USSD channel calls this for YES/NO (with or without a gig code).
-- Without a code the newest open offer is answered.  YES makes the phone
-- visible to that employer.  Returns what matching/match_text.c words:
-- status 'offer_yes', 'offer_no' or 'offer_none' (nothing open), the
-- person's language ('en' for nobody), who offered (cut to 40
-- characters) and the gig's code (for 'offer_none', the code asked).
CREATE OR REPLACE FUNCTION offer_answer(p_phone text, p_yes boolean,
    p_gig_code text DEFAULT NULL)
RETURNS TABLE (status text, lang text, org text, code text)
LANGUAGE plpgsql AS $$
DECLARE
	t	users%ROWTYPE;
	a	record;
BEGIN
	-- The number's person, or the one picked on a shared number.
	SELECT * INTO t FROM users WHERE id = sms_user(p_phone);
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'offer_none'::text, 'en'::text, NULL::text,
		    upper(p_gig_code);
		RETURN;
	END IF;
	SELECT ap.id, g.code, coalesce(nullif(e.org_name, ''), e.name) AS org
	    INTO a
	    FROM applications ap JOIN gigs g ON g.id = ap.gig_id
	    JOIN users e ON e.id = g.employer_id
	    WHERE ap.user_id = t.id AND ap.status = 'offered'
	    AND (p_gig_code IS NULL OR g.code = upper(p_gig_code))
	    ORDER BY ap.updated_at DESC, ap.id DESC LIMIT 1 FOR UPDATE OF ap;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'offer_none'::text, t.lang, NULL::text,
		    upper(p_gig_code);
		RETURN;
	END IF;
	UPDATE applications SET status = CASE WHEN p_yes THEN 'accepted'
	    ELSE 'declined' END, updated_at = now(), answered_at = now()
	    WHERE id = a.id;
	UPDATE users SET last_active = now() WHERE id = t.id;
	RETURN QUERY SELECT CASE WHEN p_yes THEN 'offer_yes' ELSE 'offer_no'
	    END, t.lang, left(a.org, 40), a.code;
END;
$$;

-- The USSD menu's YES and NO (the verb table's 'match' rows, asked by
-- ussd_act(), R__sms_verbs.sql: the menu has found the person) to the
-- offer the caller saw (application p_arg, theirs and still offered):
-- offer_answer() for it, then (stage, code, title, the employer when
-- accepted); ('gone', ...) when it is no longer open.
CREATE OR REPLACE FUNCTION match_ussd(p_phone text, p_verb text,
    p_user bigint, p_arg text)
RETURNS TABLE (k text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	IF p_verb NOT IN ('YES', 'NO') THEN
		RETURN;
	END IF;
	SELECT ap.id, g.code, g.title, coalesce(nullif(e.org_name, ''),
	    e.name) AS org INTO r
	    FROM applications ap JOIN gigs g ON g.id = ap.gig_id
	    JOIN users e ON e.id = g.employer_id
	    WHERE ap.id = CASE WHEN p_arg ~ '^[0-9]{1,12}$' THEN
	    p_arg::bigint END AND ap.user_id = p_user
	    AND ap.status = 'offered';
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'gone'::text, ''::text, ''::text, ''::text;
		RETURN;
	END IF;
	PERFORM 1 FROM offer_answer(p_phone, p_verb = 'YES', r.code);
	RETURN QUERY SELECT ap.status, r.code, r.title,
	    CASE WHEN ap.status = 'accepted' THEN left(r.org, 40) ELSE '' END
	    FROM applications ap WHERE ap.id = r.id;
END;
$$;

-- SMS YES/NO (an offer's answer) and GAP (skill-gap advice): the verb
-- table's 'match' rows (R__sms_verbs.sql; the channel has found the
-- person).  Rows are data for matching/match_text.c's match_reply():
--   offer_yes, offer_no   a who offered, b the gig's code
--   offer_none            b the code asked (NULL: none)
--   gap_advice            a the skill to learn (in the person's
--                         language), b the course teaching most of what
--                         is missing (NULL: none), c the gig (NULL: the
--                         open gigs near them)
--   gap_none, gap_near_none, apply_no_gig   a the code asked
CREATE OR REPLACE FUNCTION match_sms(p_phone text, p_verb text,
    p_arg text, p_lang text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	x	record;
BEGIN
	p_arg := btrim(coalesce(p_arg, ''));
	IF p_verb IN ('YES', 'NO') THEN
		RETURN QUERY SELECT o.status, p_lang, o.org, o.code, NULL::text
		    FROM offer_answer(p_phone, p_verb = 'YES',
		    nullif(upper(p_arg), '')) o;
		RETURN;
	END IF;
	IF p_arg <> '' AND NOT EXISTS (SELECT 1 FROM gigs g
	    WHERE g.code = upper(p_arg)) THEN
		RETURN QUERY SELECT 'apply_no_gig'::text, p_lang, upper(p_arg),
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	-- The gap weighed; its best row answers.
	SELECT * INTO x FROM skill_gap(p_phone, nullif(upper(p_arg), ''))
	    LIMIT 1;
	IF NOT FOUND THEN
		RETURN QUERY SELECT CASE WHEN p_arg = '' THEN 'gap_near_none'
		    ELSE 'gap_none' END, p_lang, upper(p_arg), NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'gap_advice'::text, p_lang, CASE WHEN x.lang =
	    'ur' THEN x.skill_ur ELSE x.skill END, x.course_code,
	    nullif(upper(p_arg), '');
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
