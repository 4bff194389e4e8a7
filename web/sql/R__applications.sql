-- web (issue 5): the operations every channel shares.  gig_apply() is the
-- one way to apply: the web, the API and the SMS/USSD channel
-- (APPLY G1001) all call it.

-- SMS APPLY <code> [note] (the verb table's 'web' row, R__sms_verbs.sql:
-- the channel has found the person): gig_apply() for them, answered as
-- apply_<result> with the code and the gig's title.
CREATE OR REPLACE FUNCTION gig_sms(p_user bigint, p_verb text, p_arg text,
    p_rest text, p_lang text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	p_arg := btrim(coalesce(p_arg, ''));
	IF p_arg = '' THEN
		RETURN QUERY SELECT 'apply_usage'::text, p_lang, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	SELECT * INTO r FROM gig_apply(p_user, p_arg, p_rest, 'sms');
	RETURN QUERY SELECT 'apply_' || r.result, p_lang, upper(p_arg),
	    left(r.gig_title, 50), NULL::text;
END;
$$;

-- The USSD menu's APPLY (the verb table's 'web' row, asked by
-- ussd_act(), R__sms_verbs.sql: the menu has found the person):
-- gig_apply() for them, with no note, answered with the result, the
-- code and the gig's title.
CREATE OR REPLACE FUNCTION gig_ussd(p_verb text, p_user bigint,
    p_arg text)
RETURNS TABLE (k text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	IF p_verb <> 'APPLY' THEN
		RETURN;
	END IF;
	SELECT * INTO r FROM gig_apply(p_user, p_arg, '', 'ussd');
	RETURN QUERY SELECT r.result, upper(btrim(p_arg)),
	    coalesce(r.gig_title, ''), ''::text;
END;
$$;

-- Apply once, with a proposal.  result: applied | already | closed |
-- no_gig | not_allowed | bad_proposal.
CREATE OR REPLACE FUNCTION gig_apply(p_user bigint, p_code text,
    p_proposal text, p_channel text)
RETURNS TABLE (result text, application_id bigint, gig_id bigint,
    gig_title text)
LANGUAGE plpgsql AS $$
DECLARE
	g	record;
	r	user_role;
	a	bigint;
BEGIN
	SELECT gg.id, gg.title, gg.status INTO g FROM gigs gg
	    WHERE gg.code = upper(btrim(p_code));
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'no_gig'::text, NULL::bigint, NULL::bigint,
		    NULL::text;
		RETURN;
	END IF;
	SELECT u.role INTO r FROM users u WHERE u.id = p_user;
	IF r IS NULL OR r <> 'trainee' THEN
		RETURN QUERY SELECT 'not_allowed'::text, NULL::bigint, g.id,
		    g.title;
		RETURN;
	END IF;
	IF g.status <> 'open' THEN
		RETURN QUERY SELECT 'closed'::text, NULL::bigint, g.id, g.title;
		RETURN;
	END IF;
	IF length(coalesce(p_proposal, '')) > 4000 THEN
		RETURN QUERY SELECT 'bad_proposal'::text, NULL::bigint, g.id,
		    g.title;
		RETURN;
	END IF;
	INSERT INTO applications (gig_id, user_id, proposal, channel)
	    VALUES (g.id, p_user, coalesce(p_proposal, ''),
	    coalesce(p_channel, 'web'))
	    ON CONFLICT ON CONSTRAINT applications_gig_id_user_id_key
	    DO NOTHING RETURNING id INTO a;
	IF a IS NULL THEN
		SELECT ap.id INTO a FROM applications ap
		    WHERE ap.gig_id = g.id AND ap.user_id = p_user;
		RETURN QUERY SELECT 'already'::text, a, g.id, g.title;
		RETURN;
	END IF;
	UPDATE users SET last_active = now() WHERE id = p_user;
	RETURN QUERY SELECT 'applied'::text, a, g.id, g.title;
END;
$$;

-- An employer's decision on an application.  result: ok | not_found |
-- forbidden | bad_status.  Only the gig's employer (or an admin) decides.
CREATE OR REPLACE FUNCTION application_decide(p_actor bigint, p_app bigint,
    p_status text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	cur	text;
	owner	bigint;
	r	user_role;
BEGIN
	SELECT ap.status, g.employer_id INTO cur, owner
	    FROM applications ap JOIN gigs g ON g.id = ap.gig_id
	    WHERE ap.id = p_app FOR UPDATE OF ap;
	IF NOT FOUND THEN
		RETURN 'not_found';
	END IF;
	SELECT u.role INTO r FROM users u WHERE u.id = p_actor;
	IF owner <> p_actor AND r IS DISTINCT FROM 'admin' THEN
		RETURN 'forbidden';
	END IF;
	IF p_status NOT IN ('shortlisted', 'rejected', 'hired') OR
	    cur IN ('rejected', 'done', 'declined') OR
	    (cur = 'hired' AND p_status <> 'rejected') THEN
		RETURN 'bad_status';
	END IF;
	UPDATE applications SET status = p_status, updated_at = now()
	    WHERE id = p_app;
	RETURN 'ok';
END;
$$;

-- A review once the work is done: the employer reviews a hired worker, a
-- hired worker the employer.  result: ok | not_found | forbidden |
-- not_done | already.
CREATE OR REPLACE FUNCTION review_add(p_author bigint, p_code text,
    p_subject bigint, p_rating int, p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	g	record;
	ok	boolean;
	rid	bigint;
BEGIN
	SELECT gg.id, gg.employer_id, gg.status INTO g FROM gigs gg
	    WHERE gg.code = upper(btrim(p_code));
	IF NOT FOUND THEN
		RETURN 'not_found';
	END IF;
	IF p_author = g.employer_id THEN
		ok := EXISTS (SELECT 1 FROM applications
		    WHERE gig_id = g.id AND user_id = p_subject
		    AND status IN ('hired', 'done'));
	ELSE
		ok := p_subject = g.employer_id AND EXISTS (SELECT 1
		    FROM applications WHERE gig_id = g.id AND
		    user_id = p_author AND status IN ('hired', 'done'));
	END IF;
	IF NOT ok THEN
		RETURN 'forbidden';
	END IF;
	IF g.status <> 'done' THEN
		RETURN 'not_done';
	END IF;
	INSERT INTO reviews (gig_id, author_id, subject_id, rating, body)
	    VALUES (g.id, p_author, p_subject, p_rating, coalesce(p_body, ''))
	    ON CONFLICT (gig_id, author_id) DO NOTHING RETURNING id INTO rid;
	IF rid IS NULL THEN
		RETURN 'already';
	END IF;
	RETURN 'ok';
END;
$$;
