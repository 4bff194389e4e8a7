-- matching (issue 6): skill-gap advice (the SMS verb GAP).

-- Skill-gap advice: the skills a trainee lacks (or holds under the level
-- asked) for one gig, or for the open gigs of their district and the
-- remote ones, weighted as the scoring weighs them (required 2, nice 1,
-- under level half), and the course teaching the most of that weight.
-- One row per missing skill, best first, with the trainee's language;
-- the first row is the advice (SMS GAP, the /gap page), which
-- matching/match_text.c words.  Online-only courses are advised only to
-- people who came by the web.  No row: nothing is missing (or no such
-- trainee).
CREATE OR REPLACE FUNCTION skill_gap(p_phone text, p_gig_code text DEFAULT NULL)
RETURNS TABLE (skill_id int, skill text, skill_ur text, weight numeric,
    course_code text, course_title text, course_gain numeric, lang text)
LANGUAGE sql STABLE AS $$
	WITH t AS (
		SELECT id, lang, district_id, channel FROM users
		WHERE id = sms_user(p_phone)
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
		JOIN miss m ON m.skill_id = cs.skill_id, t
		-- A person on SMS or USSD is advised what they can take
		-- there: never a course that runs online only.
		WHERE co.published AND (co.mode <> 'online' OR
		    t.channel NOT IN ('sms', 'ussd'))
		GROUP BY co.id, co.code, co.title_en
	), per AS (
		SELECT m.skill_id, m.weight, (SELECT b.code FROM best b
		    JOIN course_skills cs ON cs.course_id = b.id
		    AND cs.skill_id = m.skill_id
		    ORDER BY b.gain DESC, b.code LIMIT 1) AS code
		FROM miss m
	)
	SELECT p.skill_id, sk.name_en, sk.name_ur, p.weight, b.code,
	    b.title_en, b.gain, t.lang
	FROM per p JOIN skills sk ON sk.id = p.skill_id
	LEFT JOIN best b ON b.code = p.code, t
	ORDER BY coalesce(b.gain, 0) DESC, p.weight DESC, p.skill_id
$$;
