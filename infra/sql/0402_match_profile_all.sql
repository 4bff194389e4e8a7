-- matching: every trainee's profile in one set-based pass, for the
-- matcher's cold start and hunar_match_rebuild.  match_profile_rows(NULL)
-- probes eight indexes per trainee (about 100 s at a million); here each
-- table is aggregated once and joined, same columns, same values, same
-- order.  match_profile_rows(id) stays the one-trainee refresh.
CREATE FUNCTION match_profile_all()
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
