-- ussd (issue 3): what the SMS keywords do.  Course verbs answer through
-- course_sms() (courses/sql/R__course_sms.sql), applications through
-- gig_apply() (web/sql/R__applications.sql), YES/NO and GAP through
-- matching's offer_answer() and skill_gap(); the rest (register,
-- language, STOP/START, status, lists) is here and returns rows shaped
-- like course_sms():
--   SELECT status, lang, a, b, c FROM sms_cmd(phone, verb, arg, rest, hint)
-- which ussd_reply() (ussd/ussd_text.c) turns into text in the user's
-- language.  sms_cmd() still reads other domains' tables for COURSES,
-- GIGS and STATUS (issue 12, deliverable 2: one table of verbs, each
-- answered by its owner's function).

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
		-- The district step (places/sql/R__place_join.sql): found,
		-- asked which, or none.  A place typed in Urdu script is
		-- answered in Urdu.
		IF coalesce(p_hint, '') = '' AND p_arg ~ '[؀-ۿ]' THEN
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
	-- Recency for matching, written at most hourly: every SMS would
	-- otherwise rewrite the row (and wake the profile triggers).
	UPDATE users SET last_active = now()
	    WHERE id = u.id AND last_active < now() - interval '1 hour';

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
		-- The matching module's answer, already in the user's words.
		RETURN QUERY SELECT 'text'::text, l, offer_answer(p_phone,
		    p_verb = 'YES', nullif(upper(p_arg), '')), NULL::text,
		    NULL::text;
		RETURN;
	ELSIF p_verb = 'GAP' THEN
		IF p_arg <> '' AND NOT EXISTS (SELECT 1 FROM gigs g
		    WHERE g.code = upper(p_arg)) THEN
			RETURN QUERY SELECT 'apply_no_gig'::text, l,
			    upper(p_arg), NULL::text, NULL::text;
			RETURN;
		END IF;
		-- The matching module weighs the gap; its best row answers.
		SELECT sg.reply INTO x FROM skill_gap(p_phone,
		    nullif(upper(p_arg), '')) sg LIMIT 1;
		IF x IS NULL THEN
			RETURN QUERY SELECT CASE WHEN p_arg = ''
			    THEN 'gap_near_none' ELSE 'gap_none' END, l,
			    upper(p_arg), NULL::text, NULL::text;
			RETURN;
		END IF;
		RETURN QUERY SELECT 'text'::text, l, x, NULL::text, NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'unknown'::text, l, p_verb, NULL::text, NULL::text;
END;
$$;
