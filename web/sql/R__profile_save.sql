-- web (issue 5): a freelancer's profile saved in one call.

-- web (issue 5): a freelancer's profile saved in one call.  Skills come
-- as "slug:level" pairs ("wordpress:2, seo:1"); certified skills (earned in
-- a course) are kept whatever the form says; a skill is named by its slug or
-- its name in any of the three languages, a level by its number or its word
-- ("canva:2", "Canva: intermediate", "کینوا: درمیانہ").  Languages as
-- codes ("en,ur,bal"; the web turns names into codes).
-- matching's triggers on the tables written here tell the matcher to
-- re-read this profile.  Returns the skill names no skill matched.
CREATE OR REPLACE FUNCTION profile_save(p_user bigint, p_name text,
    p_district int,
    p_bio text, p_links text, p_avail text, p_phone_public boolean,
    p_langs text, p_skills text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	miss	text;
BEGIN
	UPDATE users SET name = p_name, district_id = p_district,
	    phone_public = p_phone_public, last_active = now()
	    WHERE id = p_user;
	INSERT INTO profiles (user_id, bio, links, availability, updated_at)
	    VALUES (p_user, coalesce(p_bio, ''), coalesce(p_links, ''),
	    p_avail, now())
	    ON CONFLICT (user_id) DO UPDATE SET bio = EXCLUDED.bio,
	    links = EXCLUDED.links, availability = EXCLUDED.availability,
	    updated_at = now();

	DELETE FROM user_languages WHERE user_id = p_user;
	INSERT INTO user_languages (user_id, lang)
	    SELECT DISTINCT p_user, btrim(x)
	    FROM unnest(string_to_array(translate(coalesce(p_langs, ''), '،',
		    ','), ',')) x
	    WHERE btrim(x) IN ('ur', 'en', 'pa', 'sd', 'ps', 'bal', 'skr', 'hno',
	    'brh', 'scl', 'bft');

	DELETE FROM user_skills WHERE user_id = p_user AND NOT certified;
	CREATE TEMP TABLE IF NOT EXISTS profile_want (name text, level int)
	    ON COMMIT DROP;
	DELETE FROM profile_want;
	INSERT INTO profile_want
	    SELECT btrim(lower(split_part(x, ':', 1))),
	    CASE lower(btrim(split_part(x, ':', 2)))
	    WHEN '3' THEN 3 WHEN 'expert' THEN 3 WHEN 'mahir' THEN 3
	    WHEN 'ماہر' THEN 3
	    WHEN '2' THEN 2 WHEN 'intermediate' THEN 2 WHEN 'darmiyana' THEN 2
	    WHEN 'درمیانہ' THEN 2 ELSE 1 END
	    FROM unnest(string_to_array(translate(coalesce(p_skills, ''), '،',
		    ','), ',')) x
	    WHERE btrim(x) <> '';
	INSERT INTO user_skills (user_id, skill_id, level)
	    SELECT DISTINCT ON (s.id) p_user, s.id, w.level
	    FROM profile_want w JOIN skills s ON s.slug = w.name
	    OR lower(s.name_en) = w.name OR lower(s.name_ru) = w.name
	    OR s.name_ur = w.name ORDER BY s.id, w.level DESC
	    ON CONFLICT (user_id, skill_id) DO NOTHING;
	SELECT string_agg(DISTINCT w.name, ', ') INTO miss FROM profile_want w
	    WHERE NOT EXISTS (SELECT 1 FROM skills s WHERE s.slug = w.name
	    OR lower(s.name_en) = w.name OR lower(s.name_ru) = w.name
	    OR s.name_ur = w.name);
	RETURN coalesce(miss, '');
END;
$$;

-- A person's skills by name in the reader's language, each with its
-- level and whether a course certified it: "name US level[*]", RS between,
-- certified and higher first.  The profile page and the employer's
-- applicants read them so (web_skills_inline(), prof_skills()); the
-- slugs stay for the forms and the API.
CREATE OR REPLACE FUNCTION profile_skills_named(p_user bigint, p_lang text)
RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce(string_agg(CASE p_lang WHEN 'ur' THEN s.name_ur
	    WHEN 'ru' THEN s.name_ru ELSE s.name_en END || chr(31) ||
	    us.level || CASE WHEN us.certified THEN '*' ELSE '' END, chr(30)
	    ORDER BY us.certified DESC, us.level DESC, s.name_en), '')
	FROM user_skills us JOIN skills s ON s.id = us.skill_id
	WHERE us.user_id = p_user
$$;
