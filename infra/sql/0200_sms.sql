-- sms (issue 3): what the SMS keywords do, the outbox sender's state
-- machine, delivery reports.  The channel holds no domain rules: courses
-- answer through course_sms(), applications through gig_apply(); the
-- functions here are the channel's own (register, language, STOP/START,
-- status, lists) and return rows shaped like course_sms():
--   SELECT status, lang, a, b, c FROM sms_cmd(phone, verb, arg, rest, hint)
-- which ussd_reply() (ussd/ussd_text.c) turns into text in the user's
-- language.

-- STOP from a number that never registered is honoured too.
CREATE TABLE sms_stops (
	phone		text PRIMARY KEY,
	stopped_at	timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE sms_outbox
    ADD COLUMN last_dlr smallint,
    ADD COLUMN delivered_at timestamptz,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX sms_outbox_phone ON sms_outbox (phone, created_at DESC);
CREATE INDEX sms_dlr_outbox ON sms_dlr (outbox_id);

-- The sender sleeps on this channel between polls.
CREATE FUNCTION sms_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('sms_outbox', '');
	RETURN NULL;
END;
$$;
CREATE TRIGGER sms_outbox_notify AFTER INSERT ON sms_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION sms_outbox_notify();

-- Whether a number said STOP (registered or not).
CREATE FUNCTION sms_opted_out(p_phone text) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT sms_opt_out FROM users WHERE phone = p_phone),
	    false) OR EXISTS (SELECT 1 FROM sms_stops WHERE phone = p_phone)
$$;

-- Quiet hours in Pakistan time: NULL when p_now is outside them, else
-- the end of the quiet spell (p_to o'clock PKT).  p_from > p_to wraps
-- midnight (21 -> 8); p_from = p_to means no quiet hours.
CREATE FUNCTION sms_quiet_until(p_now timestamptz, p_from int, p_to int)
RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	loc	timestamp := p_now AT TIME ZONE 'Asia/Karachi';
	h	int := extract(hour FROM loc)::int;
	d	date := loc::date;
BEGIN
	IF p_from = p_to THEN
		RETURN NULL;
	END IF;
	IF p_from > p_to THEN
		IF h >= p_from THEN
			d := d + 1;
		ELSIF h >= p_to THEN
			RETURN NULL;
		END IF;
	ELSIF h < p_from OR h >= p_to THEN
		RETURN NULL;
	END IF;
	RETURN (d + make_time(p_to, 0, 0)) AT TIME ZONE 'Asia/Karachi';
END;
$$;

-- The sender's claim: due rows, each locked by one sender only (SKIP
-- LOCKED), decided here in one transaction: an opted-out number's row is
-- suppressed (all but the STOP confirmation), a non-urgent row in quiet
-- hours waits for the morning, the rest go queued -> sending.  Only rows
-- returned here may be handed to Kannel.
CREATE FUNCTION sms_outbox_claim(p_limit int, p_quiet_from int,
    p_quiet_to int)
RETURNS TABLE (id bigint, phone text, body text, kind text, urgent boolean,
    attempts smallint)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
	q	timestamptz := sms_quiet_until(now(), p_quiet_from, p_quiet_to);
BEGIN
	FOR r IN SELECT o.* FROM sms_outbox o
	    WHERE o.status = 'queued' AND o.not_before <= now()
	    ORDER BY o.urgent DESC, o.not_before, o.id
	    LIMIT p_limit FOR UPDATE SKIP LOCKED LOOP
		IF r.kind <> 'stop_confirm' AND sms_opted_out(r.phone) THEN
			UPDATE sms_outbox o SET status = 'suppressed',
			    last_error = 'STOP', updated_at = now()
			    WHERE o.id = r.id;
		ELSIF NOT r.urgent AND q IS NOT NULL THEN
			UPDATE sms_outbox o SET not_before = q,
			    updated_at = now() WHERE o.id = r.id;
		ELSE
			UPDATE sms_outbox o SET status = 'sending',
			    attempts = o.attempts + 1, updated_at = now()
			    WHERE o.id = r.id;
			id := r.id; phone := r.phone; body := r.body;
			kind := r.kind; urgent := r.urgent;
			attempts := r.attempts + 1;
			RETURN NEXT;
		END IF;
	END LOOP;
END;
$$;

-- What came of a hand-over to Kannel: sent | retry (not handed over:
-- back to queued after p_delay seconds) | failed (for good).  Only a row
-- in 'sending' moves, so a late or repeated call changes nothing.
CREATE FUNCTION sms_outbox_done(p_id bigint, p_result text, p_error text,
    p_delay int)
RETURNS boolean
LANGUAGE sql AS $$
	UPDATE sms_outbox SET
	    status = CASE p_result WHEN 'sent' THEN 'sent'
		WHEN 'retry' THEN 'queued' ELSE 'failed' END,
	    sent_at = CASE WHEN p_result = 'sent' THEN now() END,
	    not_before = CASE WHEN p_result = 'retry'
		THEN now() + make_interval(secs => p_delay) ELSE not_before END,
	    attempts = CASE WHEN p_result = 'retry' AND p_error = 'rate'
		THEN attempts - 1 ELSE attempts END,
	    last_error = p_error, updated_at = now()
	WHERE id = p_id AND status = 'sending'
	RETURNING true
$$;

-- A sender that stopped mid-send leaves rows in 'sending'.  Those it
-- certainly never handed to Kannel (no hand-over mark in Redis) go back to
-- the queue; the others count as sent: a message goes out at most once.
CREATE FUNCTION sms_outbox_recover(p_handed bigint[])
RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	n	int;
BEGIN
	UPDATE sms_outbox SET status = 'sent', sent_at = now(),
	    last_error = 'sender restarted after the hand-over',
	    updated_at = now()
	    WHERE status = 'sending' AND id = ANY (p_handed);
	UPDATE sms_outbox SET status = 'queued', updated_at = now()
	    WHERE status = 'sending';
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END;
$$;

-- One delivery report (Kannel's %d: 1 delivered, 2 failed at the phone,
-- 4 queued at the SMSC, 8 delivered to the SMSC, 16 failed at the SMSC).
-- Every report is kept; the row's status only moves forward.
CREATE FUNCTION sms_dlr_record(p_outbox bigint, p_state int)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM sms_outbox WHERE id = p_outbox) THEN
		RETURN 'not_found';
	END IF;
	INSERT INTO sms_dlr (outbox_id, state) VALUES (p_outbox, p_state);
	UPDATE sms_outbox SET last_dlr = p_state, updated_at = now(),
	    status = CASE
		WHEN p_state & 1 <> 0 THEN 'delivered'
		WHEN p_state & 18 <> 0 AND status <> 'delivered' THEN 'failed'
		WHEN status IN ('queued', 'sending') THEN 'sent'
		ELSE status END,
	    delivered_at = CASE WHEN p_state & 1 <> 0 THEN now()
		ELSE delivered_at END
	    WHERE id = p_outbox;
	RETURN 'ok';
END;
$$;

-- A district named at the end of "JOIN <name> <district>": the longest
-- run of last words (up to 4) that names one, in English or Urdu.
CREATE FUNCTION sms_join_split(p_text text, OUT name text, OUT district int)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	w	text[];
	n	int;
	k	int;
	cand	text;
BEGIN
	p_text := btrim(regexp_replace(coalesce(p_text, ''), '\s+', ' ', 'g'));
	IF position(',' IN p_text) > 0 THEN
		cand := btrim(regexp_replace(p_text, '^.*,', ''));
		SELECT d.id INTO district FROM districts d
		    WHERE lower(d.name_en) = lower(cand) OR d.name_ur = cand;
		IF district IS NOT NULL THEN
			name := btrim(regexp_replace(p_text, ',[^,]*$', ''),
			    ' ,');
			RETURN;
		END IF;
		p_text := btrim(replace(p_text, ',', ' '));
		p_text := regexp_replace(p_text, '\s+', ' ', 'g');
	END IF;
	w := string_to_array(p_text, ' ');
	n := coalesce(cardinality(w), 0);
	FOR k IN REVERSE least(4, n - 1)..1 LOOP
		cand := array_to_string(w[n - k + 1:n], ' ');
		SELECT d.id INTO district FROM districts d
		    WHERE lower(d.name_en) = lower(cand) OR d.name_ur = cand;
		IF district IS NOT NULL THEN
			name := array_to_string(w[1:n - k], ' ');
			RETURN;
		END IF;
	END LOOP;
	name := p_text;
	district := NULL;
END;
$$;

-- A place or course title in the reader's language.
CREATE FUNCTION sms_pick(p_lang text, p_en text, p_ur text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_lang = 'ur' AND coalesce(p_ur, '') <> '' THEN p_ur
	    ELSE p_en END
$$;

-- The trainee's answer to an employer's offer (status 'offered').  The
-- employer's contact is revealed only with YES.  result: accepted |
-- declined | no_offer.
CREATE FUNCTION sms_offer_answer(p_user bigint, p_yes boolean)
RETURNS TABLE (result text, gig_code text, gig_title text, contact text)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	SELECT ap.id, g.code, g.title, e.name, e.phone, e.org_name INTO r
	    FROM applications ap JOIN gigs g ON g.id = ap.gig_id
	    JOIN users e ON e.id = g.employer_id
	    WHERE ap.user_id = p_user AND ap.status = 'offered'
	    ORDER BY ap.updated_at DESC, ap.id DESC LIMIT 1
	    FOR UPDATE OF ap;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'no_offer'::text, NULL::text, NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	UPDATE applications SET status = CASE WHEN p_yes THEN 'accepted'
	    ELSE 'declined' END, updated_at = now() WHERE id = r.id;
	RETURN QUERY SELECT CASE WHEN p_yes THEN 'accepted' ELSE 'declined'
	    END, r.code, r.title, CASE WHEN p_yes THEN r.name ||
	    coalesce(' (' || r.org_name || ')', '') || ' 0' ||
	    substr(r.phone, 3) END;
END;
$$;

-- Everything a keyword does, one call, one transaction.  p_hint is the
-- language the keyword was written in ('' when it says nothing), used
-- for numbers that have not registered yet.
CREATE FUNCTION sms_cmd(p_phone text, p_verb text, p_arg text, p_rest text,
    p_hint text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	u	record;
	r	record;
	l	text;
	x	text;
	y	text;
	z	text;
	sk	int[];
BEGIN
	SELECT uu.id, uu.name, uu.lang, uu.district_id, uu.sms_opt_out INTO u
	    FROM users uu WHERE uu.phone = p_phone;
	l := coalesce(u.lang, nullif(p_hint, ''), 'en');
	p_arg := btrim(coalesce(p_arg, ''));

	IF p_verb = 'STOP' THEN
		IF u.id IS NOT NULL THEN
			UPDATE users SET sms_opt_out = true,
			    sms_opt_out_at = now() WHERE id = u.id;
		ELSE
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
		    WHERE id = u.id;
		DELETE FROM sms_stops WHERE phone = p_phone;
		RETURN QUERY SELECT 'started'::text, l, NULL::text, NULL::text,
		    NULL::text;
		RETURN;
	ELSIF p_verb = 'HELP' THEN
		RETURN QUERY SELECT CASE WHEN u.id IS NULL THEN 'help_new'
		    ELSE 'help' END, l, NULL::text, NULL::text, NULL::text;
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
		SELECT * INTO r FROM sms_join_split(p_arg);
		IF r.district IS NULL OR length(r.name) NOT BETWEEN 1 AND 80
		    THEN
			RETURN QUERY SELECT CASE WHEN p_arg = ''
			    THEN 'join_usage' ELSE 'join_district' END, l,
			    p_arg, NULL::text, NULL::text;
			RETURN;
		END IF;
		INSERT INTO users (phone, name, lang, district_id, channel)
		    VALUES (p_phone, r.name, l, r.district, 'sms')
		    ON CONFLICT (phone) DO NOTHING;
		DELETE FROM sms_stops WHERE phone = p_phone;
		SELECT sms_pick(l, d.name_en, d.name_ur) INTO x
		    FROM districts d WHERE d.id = r.district;
		RETURN QUERY SELECT 'joined'::text, l, r.name, x, NULL::text;
		RETURN;
	ELSIF p_verb = 'LANG' THEN
		IF p_arg NOT IN ('en', 'ru', 'ur') THEN
			RETURN QUERY SELECT 'lang_usage'::text, l, NULL::text,
			    NULL::text, NULL::text;
			RETURN;
		END IF;
		IF u.id IS NULL THEN
			RETURN QUERY SELECT 'unregistered'::text, p_arg,
			    NULL::text, NULL::text, NULL::text;
			RETURN;
		END IF;
		UPDATE users SET lang = p_arg WHERE id = u.id;
		RETURN QUERY SELECT 'lang_set'::text, p_arg, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	ELSIF p_verb = 'COURSES' THEN
		IF p_arg <> '' THEN
			SELECT array_agg(s.id) INTO sk FROM skills s
			    WHERE s.slug ILIKE '%' || p_arg || '%'
			    OR s.name_en ILIKE '%' || p_arg || '%'
			    OR s.name_ru ILIKE '%' || p_arg || '%'
			    OR s.name_ur = p_arg;
		END IF;
		SELECT string_agg(q.code || ' ' || q.t, '; ' ORDER BY q.o,
		    q.code), min(q.code) FILTER (WHERE q.o = 0) INTO x, y
		    FROM (SELECT co.code, sms_pick(l, co.title_en,
			co.title_ur) AS t,
			CASE WHEN co.mode = 'sms' THEN 0 ELSE 1 END AS o
			FROM courses co WHERE co.published AND (p_arg = '' OR
			co.title_en ILIKE '%' || p_arg || '%' OR
			co.title_ur ILIKE '%' || p_arg || '%' OR
			EXISTS (SELECT 1 FROM course_skills cs
			    WHERE cs.course_id = co.id
			    AND cs.skill_id = ANY (sk)))
			ORDER BY 3, co.code LIMIT 3) q;
		IF x IS NULL THEN
			RETURN QUERY SELECT 'courses_none'::text, l, p_arg,
			    NULL::text, NULL::text;
		ELSE
			RETURN QUERY SELECT 'courses'::text, l, x,
			    coalesce(y, split_part(x, ' ', 1)), NULL::text;
		END IF;
		RETURN;
	ELSIF p_verb = 'GIGS' THEN
		IF p_arg <> '' THEN
			SELECT array_agg(s.id) INTO sk FROM skills s
			    WHERE s.slug ILIKE '%' || p_arg || '%'
			    OR s.name_en ILIKE '%' || p_arg || '%'
			    OR s.name_ru ILIKE '%' || p_arg || '%'
			    OR s.name_ur = p_arg;
		END IF;
		SELECT string_agg(q.code || ' ' || q.title || ' Rs' ||
		    q.budget_pkr, '; ' ORDER BY q.o, q.created_at DESC),
		    (array_agg(q.code ORDER BY q.o, q.created_at DESC))[1]
		    INTO x, y
		    FROM (SELECT g.code, left(g.title, 40) AS title,
			g.budget_pkr, g.created_at,
			CASE WHEN g.district_id = u.district_id THEN 0
			    WHEN g.remote THEN 1 ELSE 2 END AS o
			FROM gigs g WHERE g.status = 'open' AND (p_arg = '' OR
			g.title ILIKE '%' || p_arg || '%' OR
			EXISTS (SELECT 1 FROM gig_skills gs
			    WHERE gs.gig_id = g.id
			    AND gs.skill_id = ANY (sk)))
			ORDER BY 5, g.created_at DESC LIMIT 3) q;
		IF x IS NULL THEN
			RETURN QUERY SELECT 'gigs_none'::text, l, p_arg,
			    NULL::text, NULL::text;
		ELSE
			RETURN QUERY SELECT 'gigs'::text, l, x, y, NULL::text;
		END IF;
		RETURN;
	END IF;

	-- Everything below needs a registered number.
	IF u.id IS NULL THEN
		RETURN QUERY SELECT 'unregistered'::text, l, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	UPDATE users SET last_active = now() WHERE id = u.id;

	IF p_verb = 'STATUS' THEN
		SELECT string_agg(v.code || ' ' || v.lessons_done || '/' ||
		    v.lessons || CASE WHEN v.status = 'waitlisted' THEN ' (W)'
		    WHEN v.status = 'completed' THEN ' OK' ELSE '' END, ', '
		    ORDER BY v.enrolment_id DESC) INTO x
		    FROM (SELECT co.code, pv.* FROM course_progress_v pv
			JOIN courses co ON co.id = pv.course_id
			WHERE pv.user_id = u.id AND pv.status <> 'withdrawn'
			ORDER BY pv.enrolment_id DESC LIMIT 3) v;
		SELECT string_agg(w.code || ' ' || w.status, ', '
		    ORDER BY w.updated_at DESC) INTO y
		    FROM (SELECT g.code, ap.status, ap.updated_at
			FROM applications ap JOIN gigs g ON g.id = ap.gig_id
			WHERE ap.user_id = u.id
			ORDER BY ap.updated_at DESC LIMIT 3) w;
		SELECT u.name || coalesce(', ' || sms_pick(l, d.name_en,
		    d.name_ur), '') INTO z
		    FROM (SELECT 1) one LEFT JOIN districts d
		    ON d.id = u.district_id;
		RETURN QUERY SELECT 'status'::text, l, z,
		    coalesce(x, '-'), coalesce(y, '-');
		RETURN;
	ELSIF p_verb = 'APPLY' THEN
		IF p_arg = '' THEN
			RETURN QUERY SELECT 'apply_usage'::text, l, NULL::text,
			    NULL::text, NULL::text;
			RETURN;
		END IF;
		SELECT * INTO r FROM gig_apply(u.id, p_arg, p_rest, 'sms');
		RETURN QUERY SELECT 'apply_' || r.result, l, upper(p_arg),
		    left(r.gig_title, 50), NULL::text;
		RETURN;
	ELSIF p_verb IN ('YES', 'NO') THEN
		SELECT * INTO r FROM sms_offer_answer(u.id, p_verb = 'YES');
		RETURN QUERY SELECT r.result, l, r.gig_code,
		    left(r.gig_title, 50), r.contact;
		RETURN;
	ELSIF p_verb = 'GAP' THEN
		-- The skills a gig needs (or the open gigs near the trainee
		-- need most) that the trainee lacks, required ones first, and
		-- a course that teaches one of them.
		SELECT string_agg(q.n, ', ' ORDER BY q.req DESC, q.cnt DESC,
		    q.n), array_agg(q.id ORDER BY q.req DESC, q.cnt DESC, q.n)
		    INTO x, sk
		    FROM (SELECT s.id, bool_or(gs.required) AS req,
			count(*) AS cnt,
			CASE l WHEN 'ur' THEN s.name_ur WHEN 'ru' THEN s.name_ru
			ELSE s.name_en END AS n
			FROM gig_skills gs JOIN gigs g ON g.id = gs.gig_id
			JOIN skills s ON s.id = gs.skill_id
			WHERE (CASE WHEN p_arg <> '' THEN g.code = upper(p_arg)
			    ELSE g.status = 'open' AND (g.remote OR
			    g.district_id = u.district_id) END)
			AND NOT EXISTS (SELECT 1 FROM user_skills us
			    WHERE us.user_id = u.id AND us.skill_id = s.id
			    AND us.level >= gs.min_level)
			GROUP BY s.id
			ORDER BY 2 DESC, 3 DESC, 4 LIMIT 3) q;
		IF p_arg <> '' AND NOT EXISTS (SELECT 1 FROM gigs g
		    WHERE g.code = upper(p_arg)) THEN
			RETURN QUERY SELECT 'apply_no_gig'::text, l,
			    upper(p_arg), NULL::text, NULL::text;
			RETURN;
		END IF;
		IF x IS NULL THEN
			RETURN QUERY SELECT CASE WHEN p_arg = ''
			    THEN 'gap_near_none' ELSE 'gap_none' END, l,
			    upper(p_arg), NULL::text, NULL::text;
			RETURN;
		END IF;
		SELECT co.code INTO z FROM courses co
		    JOIN course_skills cs ON cs.course_id = co.id
		    WHERE cs.skill_id = ANY (sk) AND co.published
		    ORDER BY array_position(sk, cs.skill_id),
		    (co.mode = 'sms') DESC, co.code LIMIT 1;
		RETURN QUERY SELECT CASE WHEN p_arg = '' THEN 'gap_near'
		    ELSE 'gap' END, l, upper(p_arg), x, z;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'unknown'::text, l, p_verb, NULL::text, NULL::text;
END;
$$;
