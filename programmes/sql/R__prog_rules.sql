-- programmes (issue 14): the domain's rules, one function per action.

-- A published count: 1-4 people is not shown (NULL), so that no one can
-- be picked out of a table.  0 is shown: it names no one.
CREATE OR REPLACE FUNCTION prog_safe(n bigint) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN n BETWEEN 1 AND 4 THEN NULL ELSE n::int END
$$;

-- Whether a viewer may see and manage a province's programmes, hubs and
-- dashboards: an admin every one, an officer their own.  A national
-- programme (province NULL) is the admin's.
CREATE OR REPLACE FUNCTION prog_can(p_viewer bigint, p_province integer)
RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = p_viewer
	    AND u.role = 'admin')
	    OR EXISTS (SELECT 1 FROM prog_officers o JOIN users u
	    ON u.id = o.user_id WHERE o.user_id = p_viewer
	    AND u.role = 'officer' AND o.province_id = p_province)
$$;

-- A district named by a person, the way people name it (a city, a
-- tehsil, a spelling, Urdu: places' place_match()); the first when the
-- place names several.
CREATE OR REPLACE FUNCTION prog_district_find(p_text text) RETURNS integer
LANGUAGE sql STABLE AS $$
	SELECT (place_match(p_text, true))[1]
$$;

-- The hubs nearest a district for a person: that district's first, then
-- the province's; women-only hubs first for women and never for men.
CREATE OR REPLACE FUNCTION prog_hubs_near(p_district integer,
    p_gender text, p_limit integer)
RETURNS SETOF prog_hubs
LANGUAGE sql STABLE AS $$
	SELECT h.* FROM prog_hubs h JOIN districts d ON d.id = h.district_id
	    WHERE h.active AND d.province_id = (SELECT d2.province_id
	    FROM districts d2 WHERE d2.id = p_district)
	    AND NOT (h.women_only AND coalesce(p_gender, '') = 'm')
	    ORDER BY h.district_id = p_district DESC,
	    (coalesce(p_gender, '') = 'f' AND h.women_only) DESC,
	    (coalesce(p_gender, '') = 'f' AND h.women_hours IS NOT NULL) DESC,
	    h.name
	    LIMIT p_limit
$$;

-- A text in the reader's language: Roman Urdu or Urdu script where it
-- was given, English otherwise (a hub's address).
CREATE OR REPLACE FUNCTION prog_pick(p_lang text, p_en text, p_ru text,
    p_ur text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_lang = 'ur' AND coalesce(p_ur, '') <> '' THEN p_ur
	    WHEN p_lang = 'ru' AND coalesce(p_ru, '') <> '' THEN p_ru
	    ELSE p_en END
$$;

-- HUB [district]: status hubs (a: one line per hub, b: the district) |
-- hubs_none | hub_usage.
CREATE OR REPLACE FUNCTION prog_sms_hub(p_lang text, p_district integer,
    p_gender text, p_arg text, OUT status text, OUT a text, OUT b text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	d	integer;
BEGIN
	d := CASE WHEN p_arg <> '' THEN prog_district_find(p_arg)
	    ELSE p_district END;
	IF d IS NULL THEN
		status := CASE WHEN p_arg = '' THEN 'hub_usage'
		    ELSE 'hubs_none' END;
		a := p_arg;
		RETURN;
	END IF;
	SELECT string_agg(concat_ws('|', prog_pick(p_lang, h.name, h.name_ru,
	    h.name_ur),
	    prog_pick(p_lang, h.address, h.address_ru, h.address_ur), h.hours, h.phone, CASE WHEN h.women_only THEN 'W'
	    WHEN h.women_hours IS NOT NULL THEN 'W:' || h.women_hours
	    ELSE '' END), E'\n') INTO a
	    FROM prog_hubs_near(d, p_gender, 3) h;
	SELECT sms_pick(p_lang, dd.name_en, dd.name_ur) INTO b
	    FROM districts dd WHERE dd.id = d;
	IF a IS NULL THEN
		status := 'hubs_none';
		a := b;
		RETURN;
	END IF;
	status := 'hubs';
END;
$$;

-- IN <code>: a check-in at an open hub session.  Where the course says
-- attendance counts, the session's lesson is marked done (courses'
-- course_web_lesson()) and completion checked (course_complete_check()).
CREATE OR REPLACE FUNCTION prog_checkin(p_user bigint, p_phone text,
    p_code text, p_cert text, p_channel text,
    OUT status text, OUT a text, OUT b text, OUT c text)
LANGUAGE plpgsql AS $$
DECLARE
	s	record;
	e	record;
	n	integer;
	r	record;
BEGIN
	IF coalesce(p_code, '') !~ '^[0-9]{4}$' THEN
		status := 'in_usage';
		RETURN;
	END IF;
	IF (SELECT count(*) FROM prog_code_tries t WHERE t.phone = p_phone
	    AND t.at > now() - interval '1 hour') >= 5 THEN
		status := 'in_limited';
		RETURN;
	END IF;
	SELECT ps.*, co.code AS course_code INTO s
	    FROM prog_sessions ps JOIN courses co ON co.id = ps.course_id
	    WHERE ps.code = p_code AND now() >= ps.opens_at
	    AND now() < ps.closes_at ORDER BY ps.id DESC LIMIT 1;
	IF NOT FOUND THEN
		INSERT INTO prog_code_tries (phone) VALUES (p_phone);
		status := 'in_bad_code';
		a := p_code;
		RETURN;
	END IF;
	a := s.course_code;
	b := prog_hub_name(s.hub_id, p_user);
	INSERT INTO prog_attendance (session_id, user_id, channel)
	    VALUES (s.id, p_user, p_channel) ON CONFLICT DO NOTHING;
	GET DIAGNOSTICS n = ROW_COUNT;
	IF n = 0 THEN
		status := 'in_already';
		RETURN;
	END IF;
	SELECT v.* INTO e FROM course_progress_v v
	    WHERE v.user_id = p_user AND v.course_id = s.course_id
	    AND v.status IN ('active', 'completed');
	IF NOT FOUND THEN
		status := 'in_not_enrolled';
		RETURN;
	END IF;
	IF s.lesson_pos IS NULL OR NOT EXISTS (SELECT 1 FROM prog_courses pc
	    WHERE pc.course_id = s.course_id AND pc.attendance_counts) THEN
		status := 'in_recorded';
		RETURN;
	END IF;
	PERFORM course_web_lesson(p_user, s.course_code, s.lesson_pos);
	SELECT * INTO r FROM course_complete_check(e.enrolment_id, p_cert);
	IF r.outcome = 'passed' THEN
		status := 'in_passed';
		c := r.cert;
		RETURN;
	END IF;
	SELECT v.lessons_done || '/' || v.lessons INTO c
	    FROM course_progress_v v WHERE v.enrolment_id = e.enrolment_id;
	status := 'in_ok';
END;
$$;

-- A trainer (of the course), a mentor of the hub, the province's officer
-- or an admin opens a session: a 4-digit code no other open session
-- holds.  result: ok | forbidden | no_hub | no_course | no_lesson.
CREATE OR REPLACE FUNCTION prog_session_open(p_viewer bigint, p_hub integer,
    p_course text, p_pos integer, p_minutes integer,
    OUT result text, OUT code text, OUT closes_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
	h	record;
	co	record;
	k	text;
BEGIN
	SELECT ph.*, d.province_id INTO h FROM prog_hubs ph
	    JOIN districts d ON d.id = ph.district_id WHERE ph.id = p_hub;
	IF NOT FOUND THEN
		result := 'no_hub';
		RETURN;
	END IF;
	SELECT * INTO co FROM courses WHERE courses.code = upper(p_course);
	IF NOT FOUND THEN
		result := 'no_course';
		RETURN;
	END IF;
	IF NOT (prog_can(p_viewer, h.province_id) OR co.trainer_id = p_viewer
	    OR EXISTS (SELECT 1 FROM prog_mentors m WHERE m.hub_id = p_hub
	    AND m.user_id = p_viewer)) THEN
		result := 'forbidden';
		RETURN;
	END IF;
	IF p_pos IS NOT NULL AND NOT EXISTS (SELECT 1 FROM lessons l
	    WHERE l.course_id = co.id AND l.position = p_pos) THEN
		result := 'no_lesson';
		RETURN;
	END IF;
	PERFORM pg_advisory_xact_lock(hashtext('prog_session_code'));
	LOOP
		k := lpad((1000 + floor(random() * 9000))::int::text, 4, '0');
		EXIT WHEN NOT EXISTS (SELECT 1 FROM prog_sessions s
		    WHERE s.code = k AND s.closes_at > now());
	END LOOP;
	INSERT INTO prog_sessions (hub_id, course_id, lesson_pos, code,
	    opened_by, closes_at) VALUES (p_hub, co.id, p_pos, k, p_viewer,
	    now() + make_interval(mins => greatest(10, least(p_minutes, 480))))
	    RETURNING prog_sessions.code, prog_sessions.closes_at
	    INTO code, closes_at;
	result := 'ok';
END;
$$;

-- A hub's name in a person's language (Urdu script, Roman Urdu, else
-- the English name): every SMS that names a hub to a person asks this
-- (MENTOR's slots, a booking, a check-in, the reminders).
CREATE OR REPLACE FUNCTION prog_hub_name(p_hub integer, p_user bigint)
RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT prog_pick((SELECT u.lang FROM users u WHERE u.id = p_user),
	    h.name, h.name_ru, h.name_ur) FROM prog_hubs h WHERE h.id = p_hub
$$;

-- A slot's words for SMS: "27: 05/12 15:00 Sadia Afridi, Durshal".
CREATE OR REPLACE FUNCTION prog_slot_when(p_at timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT to_char(p_at AT TIME ZONE 'Asia/Karachi', 'DD/MM HH24:MI')
$$;

-- Free mentor slots near a person (next 7 days).
CREATE OR REPLACE FUNCTION prog_slots_free(p_district integer,
    p_gender text, p_limit integer)
RETURNS TABLE (slot_id bigint, starts_at timestamptz, mentor text,
    hub text, hub_id integer)
LANGUAGE sql STABLE AS $$
	SELECT s.id, s.starts_at, m.name, h.name, h.id
	    FROM prog_hubs_near(p_district, p_gender, 20) h
	    JOIN prog_slots s ON s.hub_id = h.id
	    JOIN users m ON m.id = s.mentor_id
	    WHERE s.booked_by IS NULL AND s.starts_at > now()
	    AND s.starts_at < now() + interval '7 days'
	    AND 'mentorship' = ANY (h.services)
	    ORDER BY h.district_id = p_district DESC, s.starts_at
	    LIMIT p_limit
$$;

-- Books a slot for a learner, once; one open booking per learner.
-- result: booked | taken | already; when, mentor, hub describe the slot
-- (for already: the learner's existing booking).
CREATE OR REPLACE FUNCTION prog_mentor_book(p_user bigint, p_slot bigint,
    p_channel text, OUT result text, OUT at_text text, OUT mentor text,
    OUT hub text)
LANGUAGE plpgsql AS $$
DECLARE
	s	record;
BEGIN
	PERFORM pg_advisory_xact_lock(hashtextextended('prog_book:' ||
	    p_user, 0));
	SELECT ps.starts_at, m.name AS mentor, ps.hub_id INTO s
	    FROM prog_slots ps JOIN users m ON m.id = ps.mentor_id
	    WHERE ps.booked_by = p_user AND ps.held_at IS NULL
	    AND ps.starts_at > now() LIMIT 1;
	IF FOUND THEN
		result := 'already';
		at_text := prog_slot_when(s.starts_at);
		mentor := s.mentor;
		hub := prog_hub_name(s.hub_id, p_user);
		RETURN;
	END IF;
	-- A women-only hub's slot is never a man's, whatever his client
	-- sends (MENTOR lists them to nobody who said he is a man; a slot
	-- number typed by hand or an old page's form could still name one):
	-- it is "taken or gone" to him.  Someone who did not say is not
	-- refused: the question is optional.
	UPDATE prog_slots ps SET booked_by = p_user, booked_at = now(),
	    channel = p_channel
	    WHERE ps.id = p_slot AND ps.booked_by IS NULL
	    AND ps.starts_at > now() AND ps.mentor_id <> p_user
	    AND NOT EXISTS (SELECT 1 FROM prog_hubs h JOIN users u
	    ON u.id = p_user WHERE h.id = ps.hub_id AND h.women_only
	    AND u.gender = 'm')
	    RETURNING ps.starts_at, (SELECT m.name FROM users m
	    WHERE m.id = ps.mentor_id) AS mentor, ps.hub_id INTO s;
	IF NOT FOUND THEN
		result := 'taken';
		RETURN;
	END IF;
	result := 'booked';
	PERFORM pg_notify('prog_due', p_slot::text);
	at_text := prog_slot_when(s.starts_at);
	mentor := s.mentor;
	hub := prog_hub_name(s.hub_id, p_user);
END;
$$;

-- The mentor (or the province's officer, or an admin) marks a booked
-- slot held.  result: ok | forbidden | not_found | not_booked.
CREATE OR REPLACE FUNCTION prog_slot_held(p_viewer bigint, p_slot bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	s	record;
BEGIN
	SELECT ps.*, d.province_id INTO s FROM prog_slots ps
	    JOIN prog_hubs h ON h.id = ps.hub_id
	    JOIN districts d ON d.id = h.district_id
	    WHERE ps.id = p_slot FOR UPDATE OF ps;
	IF NOT FOUND THEN
		RETURN 'not_found';
	END IF;
	IF s.mentor_id <> p_viewer AND NOT prog_can(p_viewer, s.province_id)
	    THEN
		RETURN 'forbidden';
	END IF;
	IF s.booked_by IS NULL THEN
		RETURN 'not_booked';
	END IF;
	UPDATE prog_slots SET held_at = coalesce(held_at, now())
	    WHERE id = p_slot;
	RETURN 'ok';
END;
$$;

-- Reminders due: booked slots starting within 3 hours, not reminded.
-- The hub is named in the learner's language (hub) and in the mentor's
-- (mentor_hub).
CREATE OR REPLACE FUNCTION prog_reminders_due(p_limit integer)
RETURNS TABLE (slot_id bigint, at_text text, hub text,
    learner_phone text, learner_lang text, learner text,
    mentor_phone text, mentor_lang text, mentor text, mentor_hub text)
LANGUAGE sql STABLE AS $$
	SELECT s.id, prog_slot_when(s.starts_at),
	    prog_hub_name(s.hub_id, l.id), l.phone, l.lang, l.name, m.phone,
	    m.lang, m.name, prog_hub_name(s.hub_id, m.id)
	    FROM prog_slots s JOIN users l ON l.id = s.booked_by
	    JOIN users m ON m.id = s.mentor_id
	    WHERE s.reminded_at IS NULL AND s.starts_at > now()
	    AND s.starts_at < now() + interval '3 hours'
	    ORDER BY s.starts_at LIMIT p_limit
$$;

-- The reminders rendered by the daemon, queued once each.
CREATE OR REPLACE FUNCTION prog_reminder_queue(p_slot bigint,
    p_learner_body text, p_mentor_body text)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	s	record;
BEGIN
	SELECT ps.id, l.id AS lu, m.id AS mu INTO s FROM prog_slots ps
	    JOIN users l ON l.id = ps.booked_by
	    JOIN users m ON m.id = ps.mentor_id
	    WHERE ps.id = p_slot AND ps.reminded_at IS NULL FOR UPDATE OF ps;
	IF NOT FOUND THEN
		RETURN false;
	END IF;
	-- By user_id: the outbox finds each number and, on a shared phone,
	-- names the person.
	PERFORM sms_enqueue(NULL, p_learner_body, 'mentor', true,
	    'mentor:' || p_slot || ':L', s.lu);
	PERFORM sms_enqueue(NULL, p_mentor_body, 'mentor', true,
	    'mentor:' || p_slot || ':M', s.mu);
	UPDATE prog_slots SET reminded_at = now() WHERE id = p_slot;
	RETURN true;
END;
$$;

-- MENTOR [slot] by SMS.
CREATE OR REPLACE FUNCTION prog_sms_mentor(p_user bigint, p_district integer,
    p_gender text, p_arg text, OUT status text, OUT a text, OUT b text,
    OUT c text)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	IF p_arg = '' OR p_arg = '?' THEN
		SELECT string_agg(f.slot_id || ': ' ||
		    prog_slot_when(f.starts_at) || ' ' || f.mentor || ', ' ||
		    prog_hub_name(f.hub_id, p_user), '; '
		    ORDER BY f.starts_at) INTO a
		    FROM prog_slots_free(p_district, p_gender, 3) f;
		status := CASE WHEN a IS NULL THEN 'mentor_none'
		    ELSE 'mentor_slots' END;
		RETURN;
	END IF;
	SELECT * INTO r FROM prog_mentor_book(p_user, p_arg::bigint, 'sms');
	IF r.result = 'taken' THEN
		status := 'mentor_taken';
		a := p_arg;
		RETURN;
	END IF;
	status := 'mentor_' || r.result;
	a := r.at_text;
	b := r.mentor;
	c := r.hub;
END;
$$;

-- What Hunar holds about a person, as plain columns for C to say in the
-- reader's language (programmes/prog_text.c, prog_office.c): one row per
-- course (course NULL when there is none), the person's columns on each.
-- The request is logged (masked number, no data).
CREATE OR REPLACE FUNCTION prog_mydata(p_user bigint, p_channel text)
RETURNS TABLE (name text, phone text, district_en text, district_ur text,
    lang text, gender text, age_band text, channel text, joined date,
    last_active date, certs bigint, applications bigint, checkins bigint,
    mentor bigint, skills bigint, course text, lessons_done integer,
    lessons integer, completed boolean)
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY SELECT u.name, u.phone, d.name_en, d.name_ur, u.lang,
	    u.gender, u.age_band, u.channel,
	    (u.created_at AT TIME ZONE 'Asia/Karachi')::date,
	    (u.last_active AT TIME ZONE 'Asia/Karachi')::date,
	    (SELECT count(*) FROM certificates x WHERE x.user_id = u.id),
	    (SELECT count(*) FROM applications x WHERE x.user_id = u.id),
	    (SELECT count(*) FROM prog_attendance x WHERE x.user_id = u.id),
	    (SELECT count(*) FROM prog_slots x WHERE x.booked_by = u.id),
	    (SELECT count(*) FROM user_skills x WHERE x.user_id = u.id),
	    co.code, v.lessons_done::int, v.lessons::int,
	    v.status = 'completed'
	    FROM users u LEFT JOIN districts d ON d.id = u.district_id
	    LEFT JOIN course_progress_v v ON v.user_id = u.id
	    LEFT JOIN courses co ON co.id = v.course_id
	    WHERE u.id = p_user ORDER BY co.code;
	IF FOUND THEN
		INSERT INTO prog_privacy_log (subject, action, channel)
		    VALUES (left(sms_user_phone(p_user), 5) || '*****' ||
		    right(sms_user_phone(p_user), 2), 'view', p_channel);
	END IF;
END;
$$;

-- The same for an SMS reply's fields (sms_inbox keeps a, b, c): a the
-- person "name|district en|district ur|lang|gender|age band|channel|
-- joined", b a line per course "code|done|lessons|t/f", c the counts
-- "certificates|applications|check-ins|mentor bookings|skills".
CREATE OR REPLACE FUNCTION prog_mydata_sms(p_user bigint, OUT a text,
    OUT b text, OUT c text)
LANGUAGE sql AS $$
	SELECT min(concat_ws('|', replace(m.name, '|', '/'),
	    coalesce(m.district_en, ''), coalesce(m.district_ur, ''), m.lang,
	    coalesce(m.gender, ''), coalesce(m.age_band, ''), m.channel,
	    m.joined::text)),
	    coalesce(string_agg(concat_ws('|', m.course, m.lessons_done,
	    m.lessons, CASE WHEN m.completed THEN 't' ELSE 'f' END), E'\n'
	    ORDER BY m.course) FILTER (WHERE m.course IS NOT NULL), ''),
	    min(concat_ws('|', m.certs, m.applications, m.checkins, m.mentor,
	    m.skills))
	    FROM prog_mydata(p_user, 'sms') m
$$;

-- Erases a person: the user row and all that hangs on it (enrolments,
-- certificates, applications, check-ins, bookings, reviews), the
-- messages to and from the number; a STOP stays honoured.  People who
-- own courses or gigs are refused (an admin hands those over first).
-- result: deleted | staff | not_found.
CREATE OR REPLACE FUNCTION prog_forget(p_user bigint, p_channel text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	u	record;
	ph	text := sms_user_phone(p_user);
	shared	boolean := sms_shared(sms_user_phone(p_user));
BEGIN
	SELECT * INTO u FROM users WHERE id = p_user FOR UPDATE;
	IF NOT FOUND THEN
		RETURN 'not_found';
	END IF;
	IF EXISTS (SELECT 1 FROM courses WHERE trainer_id = p_user)
	    OR EXISTS (SELECT 1 FROM gigs WHERE employer_id = p_user) THEN
		RETURN 'staff';
	END IF;
	IF u.sms_opt_out THEN
		INSERT INTO sms_stops (phone) VALUES (ph)
		    ON CONFLICT DO NOTHING;
	END IF;
	DELETE FROM reviews WHERE author_id = p_user OR subject_id = p_user;
	-- A shared phone's messages are the others' too: only theirs go
	-- (issue 14, ussd/sql/R__sms_seats.sql), and the number stays.
	IF shared THEN
		DELETE FROM sms_outbox WHERE user_id = p_user;
	ELSE
		DELETE FROM sms_outbox WHERE phone = u.phone;
		DELETE FROM sms_inbox WHERE sender IN (u.phone, '+' || u.phone,
		    '0' || substr(u.phone, 3));
	END IF;
	DELETE FROM users WHERE id = p_user;
	PERFORM sms_seat_gone(ph);
	PERFORM pg_notify('profile_changed', p_user::text);
	-- Redis' copies (sessions, USSD state, rate limits): hunar_rollup.
	-- A shared number stays with its other people, and so do the keys
	-- named by it (their USSD session, the number's PIN tries): only
	-- this person's own (web sessions) go then.
	INSERT INTO prog_forget_traces (phone, user_id)
	    VALUES (CASE WHEN shared THEN '' ELSE coalesce(ph, '') END,
	    p_user);
	PERFORM pg_notify('prog_due', 'forget');
	INSERT INTO prog_privacy_log (subject, action, channel)
	    VALUES (left(ph, 5) || '*****' || right(ph, 2), 'delete',
	    p_channel);
	RETURN 'deleted';
END;
$$;

-- Everything a programmes verb does by SMS, one call.  verb: HUB, IN,
-- MENTOR, MYDATA, DELETE (prog_sms_verb() in C).
CREATE OR REPLACE FUNCTION prog_sms(p_phone text, p_verb text, p_arg text,
    p_hint text, p_cert text)
RETURNS TABLE (status text, lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	u	record;
	l	text;
	r	record;
BEGIN
	-- The number's person, or the one picked on a shared number.
	SELECT uu.id, uu.lang, uu.district_id, uu.gender INTO u
	    FROM users uu WHERE uu.id = sms_user(p_phone);
	l := coalesce(u.lang, nullif(p_hint, ''), 'en');
	p_arg := btrim(coalesce(p_arg, ''));
	IF p_verb = 'HUB' THEN
		SELECT * INTO r FROM prog_sms_hub(l, u.district_id, u.gender,
		    p_arg);
		RETURN QUERY SELECT r.status, l, r.a, r.b, NULL::text;
		RETURN;
	END IF;
	IF u.id IS NULL THEN
		RETURN QUERY SELECT CASE WHEN p_verb IN ('MYDATA', 'DELETE')
		    THEN 'nothing_held' ELSE 'unregistered' END, l, NULL::text,
		    NULL::text, NULL::text;
		RETURN;
	END IF;
	IF p_verb = 'IN' THEN
		SELECT * INTO r FROM prog_checkin(u.id, p_phone, p_arg, p_cert,
		    'sms');
		RETURN QUERY SELECT r.status, l, r.a, r.b, r.c;
	ELSIF p_verb = 'MENTOR' THEN
		SELECT * INTO r FROM prog_sms_mentor(u.id, u.district_id,
		    u.gender, p_arg);
		RETURN QUERY SELECT r.status, l, r.a, r.b, r.c;
	ELSIF p_verb = 'MYDATA' THEN
		SELECT * INTO r FROM prog_mydata_sms(u.id);
		RETURN QUERY SELECT 'mydata'::text, l, r.a, r.b, r.c;
	ELSIF p_verb = 'DELETE' AND p_arg = 'YES' THEN
		RETURN QUERY SELECT CASE prog_forget(u.id, 'sms')
		    WHEN 'deleted' THEN 'deleted' ELSE 'delete_staff' END, l,
		    NULL::text, NULL::text, NULL::text;
	ELSIF p_verb = 'DELETE' THEN
		RETURN QUERY SELECT 'delete_confirm'::text, l, NULL::text,
		    NULL::text, NULL::text;
	ELSE
		RETURN QUERY SELECT 'unknown'::text, l, p_verb, NULL::text,
		    NULL::text;
	END IF;
END;
$$;

