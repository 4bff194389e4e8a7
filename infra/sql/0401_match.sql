-- matching (issue 6): what the matcher reads, what wakes it, offers by SMS
-- with their YES/NO answers, and skill-gap advice.
--
-- The matcher (matching/hunar_matcher.c) LISTENs on profile_changed and
-- re-reads one trainee through match_profile_rows(); every change that
-- moves a score sends that NOTIFY, from triggers here or from the
-- functions of web (profile_save) and courses (completion).

-- One row per trainee in the shape of struct match_profile.  Skills come
-- as "id:level:certified" joined by commas; languages as codes.
CREATE FUNCTION match_profile_rows(p_user bigint)
RETURNS TABLE (user_id bigint, district_id int, province_id int,
    availability text, langs text, quiz_avg int, certificates int,
    rating_x100 int, completed_gigs int, last_active bigint,
    certified_at bigint, skills text)
LANGUAGE sql STABLE AS $$
	SELECT u.id, coalesce(u.district_id, 0), coalesce(d.province_id, 0),
	    coalesce(p.availability, 'part_time'),
	    coalesce((SELECT string_agg(l.lang, ',') FROM user_languages l
	      WHERE l.user_id = u.id), ''),
	    coalesce((SELECT (100 * sum(e.quiz_correct) /
	      nullif(sum(e.quiz_answered), 0))::int FROM enrolments e
	      WHERE e.user_id = u.id), 0),
	    (SELECT count(*) FROM certificates c WHERE c.user_id = u.id)::int,
	    coalesce((SELECT round(100 * avg(r.rating))::int FROM reviews r
	      WHERE r.subject_id = u.id), 0),
	    (SELECT count(*) FROM applications a JOIN gigs g ON g.id = a.gig_id
	      WHERE a.user_id = u.id AND (a.status = 'done' OR
	      (a.status = 'hired' AND g.status = 'done')))::int,
	    extract(epoch FROM u.last_active)::bigint,
	    coalesce(extract(epoch FROM greatest(
	      (SELECT max(c.issued_at) FROM certificates c
	       WHERE c.user_id = u.id),
	      (SELECT max(s.certified_at) FROM user_skills s
	       WHERE s.user_id = u.id AND s.certified))), 0)::bigint,
	    coalesce((SELECT string_agg(s.skill_id || ':' || s.level || ':' ||
	      CASE WHEN s.certified THEN 1 ELSE 0 END, ',' ORDER BY s.skill_id)
	      FROM user_skills s WHERE s.user_id = u.id), '')
	FROM users u
	LEFT JOIN districts d ON d.id = u.district_id
	LEFT JOIN profiles p ON p.user_id = u.id
	WHERE u.role = 'trainee' AND (p_user IS NULL OR u.id = p_user)
	ORDER BY u.id
$$;

-- A gig as the matcher scores it: "id:min_level:required" per skill.
CREATE FUNCTION match_gig_row(p_gig bigint)
RETURNS TABLE (gig_id bigint, employer_id bigint, district_id int,
    province_id int, remote boolean, skills text, code text, title text)
LANGUAGE sql STABLE AS $$
	SELECT g.id, g.employer_id, coalesce(g.district_id, 0),
	    coalesce(d.province_id, 0), g.remote,
	    coalesce((SELECT string_agg(s.skill_id || ':' || s.min_level ||
	      ':' || CASE WHEN s.required THEN 1 ELSE 0 END, ','
	      ORDER BY s.required DESC, s.skill_id)
	      FROM gig_skills s WHERE s.gig_id = g.id), ''),
	    g.code, g.title
	FROM gigs g LEFT JOIN districts d ON d.id = g.district_id
	WHERE g.id = p_gig
$$;

CREATE FUNCTION match_notify_user() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
	uid	bigint;
BEGIN
	IF TG_OP = 'DELETE' THEN
		r := OLD;
	ELSE
		r := NEW;
	END IF;
	IF TG_TABLE_NAME = 'reviews' THEN
		uid := r.subject_id;
	ELSIF TG_TABLE_NAME = 'users' THEN
		uid := r.id;
	ELSE
		uid := r.user_id;
	END IF;
	PERFORM pg_notify('profile_changed', uid::text);
	RETURN NULL;
END;
$$;

CREATE TRIGGER match_user_skills AFTER INSERT OR UPDATE OR DELETE
    ON user_skills FOR EACH ROW EXECUTE FUNCTION match_notify_user();
CREATE TRIGGER match_user_languages AFTER INSERT OR UPDATE OR DELETE
    ON user_languages FOR EACH ROW EXECUTE FUNCTION match_notify_user();
CREATE TRIGGER match_profiles AFTER INSERT OR UPDATE OR DELETE
    ON profiles FOR EACH ROW EXECUTE FUNCTION match_notify_user();
CREATE TRIGGER match_reviews AFTER INSERT OR UPDATE OR DELETE
    ON reviews FOR EACH ROW EXECUTE FUNCTION match_notify_user();
CREATE TRIGGER match_enrolments AFTER INSERT OR UPDATE OR DELETE
    ON enrolments FOR EACH ROW EXECUTE FUNCTION match_notify_user();
CREATE TRIGGER match_certificates AFTER INSERT OR UPDATE OR DELETE
    ON certificates FOR EACH ROW EXECUTE FUNCTION match_notify_user();
CREATE TRIGGER match_applications AFTER UPDATE OF status
    ON applications FOR EACH ROW EXECUTE FUNCTION match_notify_user();
-- last_active moves on every log-in: a day's difference is what counts
-- for recency, so only the district, the role and a new day notify.
CREATE TRIGGER match_users_new AFTER INSERT OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION match_notify_user();
CREATE TRIGGER match_users AFTER UPDATE ON users FOR EACH ROW
    WHEN (OLD.district_id IS DISTINCT FROM NEW.district_id OR
    OLD.role <> NEW.role OR
    date_trunc('day', OLD.last_active) <> date_trunc('day', NEW.last_active))
    EXECUTE FUNCTION match_notify_user();

-- The offer texts, in the trainee's language.
CREATE FUNCTION match_text(p_lang text, p_key text, a text, b text)
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

-- An employer (or an admin) offers a gig to a suggested trainee: the
-- application becomes 'offered' (created if there was none) and one SMS
-- goes out through the outbox (dedup key: one offer per gig and trainee).
-- Returns 'offered', 'forbidden', 'closed', 'no_trainee' or the status the
-- application already had beyond an offer.
CREATE FUNCTION match_offer(p_actor bigint, p_gig bigint, p_user bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	g	gigs%ROWTYPE;
	t	users%ROWTYPE;
	st	text;
	org	text;
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
	INSERT INTO sms_outbox (phone, body, kind, urgent, dedup_key)
	    VALUES (t.phone, match_text(t.lang, 'offer', left(org, 40),
	    g.code), 'offer', true, 'offer:' || p_gig || ':' || p_user)
	    ON CONFLICT (dedup_key) DO NOTHING;
	RETURN 'offered';
END;
$$;

-- The SMS/USSD channel calls this for YES/NO (with or without a gig code)
-- and sends back the text it returns.  Without a code the newest open
-- offer is answered.  YES makes the phone visible to that employer.
CREATE FUNCTION offer_answer(p_phone text, p_yes boolean,
    p_gig_code text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	t	users%ROWTYPE;
	a	record;
BEGIN
	SELECT * INTO t FROM users WHERE phone = p_phone;
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
	    ELSE 'declined' END, updated_at = now() WHERE id = a.id;
	UPDATE users SET last_active = now() WHERE id = t.id;
	RETURN match_text(t.lang, CASE WHEN p_yes THEN 'yes' ELSE 'no' END,
	    left(a.org, 40), a.code);
END;
$$;

-- Skill-gap advice: the skills a trainee lacks (or holds under the level
-- asked) for one gig, or for the open gigs of their district and the
-- remote ones, weighted as the scoring weighs them (required 2, nice 1,
-- under level half), and the course teaching the most of that weight.
-- One row per missing skill, best first; the first row's reply is the
-- SMS answer to GAP.  No row: nothing is missing (or no such trainee).
CREATE FUNCTION skill_gap(p_phone text, p_gig_code text DEFAULT NULL)
RETURNS TABLE (skill_id int, skill text, skill_ur text, weight numeric,
    course_code text, course_title text, course_gain numeric, reply text)
LANGUAGE sql STABLE AS $$
	WITH t AS (
		SELECT id, lang, district_id FROM users WHERE phone = p_phone
	), gs AS (
		SELECT g.id AS gig_id, s.skill_id, s.required, s.min_level
		FROM gigs g JOIN gig_skills s ON s.gig_id = g.id, t
		WHERE (p_gig_code IS NOT NULL AND g.code = upper(p_gig_code))
		   OR (p_gig_code IS NULL AND g.status = 'open' AND
		       (g.remote OR g.district_id = t.district_id))
	), miss AS (
		SELECT gs.skill_id, sum(
		    (CASE WHEN gs.required THEN 2 ELSE 1 END) *
		    (CASE WHEN us.skill_id IS NULL THEN 1.0 ELSE 0.5 END))
		    AS weight
		FROM gs CROSS JOIN t
		LEFT JOIN user_skills us ON us.user_id = t.id
		    AND us.skill_id = gs.skill_id
		WHERE us.skill_id IS NULL OR us.level < gs.min_level
		GROUP BY gs.skill_id
	), best AS (
		SELECT co.id, co.code, co.title_en, sum(m.weight) AS gain
		FROM courses co JOIN course_skills cs ON cs.course_id = co.id
		JOIN miss m ON m.skill_id = cs.skill_id
		WHERE co.published
		GROUP BY co.id, co.code, co.title_en
	), per AS (
		SELECT m.skill_id, m.weight, (SELECT b.code FROM best b
		    JOIN course_skills cs ON cs.course_id = b.id
		    AND cs.skill_id = m.skill_id
		    ORDER BY b.gain DESC, b.code LIMIT 1) AS code
		FROM miss m
	)
	SELECT p.skill_id, sk.name_en, sk.name_ur, p.weight, b.code,
	    b.title_en, b.gain,
	    match_text(t.lang, 'gap',
	    CASE t.lang WHEN 'ur' THEN sk.name_ur ELSE sk.name_en END ||
	    coalesce(' (' || b.code || ')', ''), upper(p_gig_code))
	FROM per p JOIN skills sk ON sk.id = p.skill_id
	LEFT JOIN best b ON b.code = p.code, t
	ORDER BY coalesce(b.gain, 0) DESC, p.weight DESC, p.skill_id
$$;

-- Contact for the employer: the phone only once the trainee said YES
-- (or was hired); otherwise NULL.
CREATE FUNCTION match_contact(p_actor bigint, p_gig bigint, p_user bigint)
RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT u.phone FROM applications a
	JOIN gigs g ON g.id = a.gig_id
	JOIN users u ON u.id = a.user_id
	WHERE a.gig_id = p_gig AND a.user_id = p_user
	AND a.status IN ('accepted', 'hired', 'done')
	AND (g.employer_id = p_actor OR EXISTS (SELECT 1 FROM users x
	    WHERE x.id = p_actor AND x.role = 'admin'))
$$;
