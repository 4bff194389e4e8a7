-- matching (issue 6): what the matcher reads.  match_profile_rows(id) is
-- the one-trainee refresh; match_profile_all() every trainee in one
-- set-based pass, for the matcher's cold start and hunar_match_rebuild.

-- One row per trainee in the shape of struct match_profile.  Skills come
-- as "id:level:certified" joined by commas; languages as codes.
CREATE OR REPLACE FUNCTION match_profile_rows(p_user bigint)
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
CREATE OR REPLACE FUNCTION match_gig_row(p_gig bigint)
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

-- matching: every trainee's profile in one set-based pass, for the
-- matcher's cold start and hunar_match_rebuild.  match_profile_rows(NULL)
-- probes eight indexes per trainee (about 100 s at a million); here each
-- table is aggregated once and joined, same columns, same values, same
-- order.  match_profile_rows(id) stays the one-trainee refresh.
CREATE OR REPLACE FUNCTION match_profile_all()
RETURNS TABLE (user_id bigint, district_id int, province_id int,
    availability text, langs text, quiz_avg int, certificates int,
    rating_x100 int, completed_gigs int, last_active bigint,
    certified_at bigint, skills text)
LANGUAGE sql STABLE AS $$
	WITH sk AS (
		SELECT s.user_id,
		    string_agg(s.skill_id || ':' || s.level || ':' ||
		    CASE WHEN s.certified THEN 1 ELSE 0 END, ','
		    ORDER BY s.skill_id) AS skills,
		    max(s.certified_at) FILTER (WHERE s.certified) AS cert_at
		FROM user_skills s GROUP BY s.user_id
	), la AS (
		SELECT l.user_id, string_agg(l.lang, ',' ORDER BY l.lang) AS langs
		FROM user_languages l GROUP BY l.user_id
	), en AS (
		SELECT e.user_id, (100 * sum(e.quiz_correct) /
		    nullif(sum(e.quiz_answered), 0))::int AS quiz
		FROM enrolments e GROUP BY e.user_id
	), ce AS (
		SELECT c.user_id, count(*)::int AS n, max(c.issued_at) AS at
		FROM certificates c GROUP BY c.user_id
	), rv AS (
		SELECT r.subject_id AS user_id,
		    round(100 * avg(r.rating))::int AS rating
		FROM reviews r GROUP BY r.subject_id
	), gd AS (
		SELECT a.user_id, count(*)::int AS n
		FROM applications a JOIN gigs g ON g.id = a.gig_id
		WHERE a.status = 'done' OR (a.status = 'hired' AND
		    g.status = 'done')
		GROUP BY a.user_id
	)
	SELECT u.id, coalesce(u.district_id, 0), coalesce(d.province_id, 0),
	    coalesce(p.availability, 'part_time'), coalesce(la.langs, ''),
	    coalesce(en.quiz, 0), coalesce(ce.n, 0), coalesce(rv.rating, 0),
	    coalesce(gd.n, 0), extract(epoch FROM u.last_active)::bigint,
	    coalesce(extract(epoch FROM greatest(ce.at, sk.cert_at)),
	    0)::bigint,
	    coalesce(sk.skills, '')
	FROM users u
	LEFT JOIN districts d ON d.id = u.district_id
	LEFT JOIN profiles p ON p.user_id = u.id
	LEFT JOIN sk ON sk.user_id = u.id
	LEFT JOIN la ON la.user_id = u.id
	LEFT JOIN en ON en.user_id = u.id
	LEFT JOIN ce ON ce.user_id = u.id
	LEFT JOIN rv ON rv.user_id = u.id
	LEFT JOIN gd ON gd.user_id = u.id
	WHERE u.role = 'trainee'
	ORDER BY u.id
$$;
