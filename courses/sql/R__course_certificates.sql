-- courses (issue 4): certificate codes -- Crockford base32 with a Luhn mod
-- 32 check character, as course_cert_new()/course_cert_check() in C --
-- and verification by anyone.

-- Luhn mod 32 over Crockford base32, as course_cert_check() in C.
CREATE OR REPLACE FUNCTION course_cert_check(p text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	alpha	constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
	factor	int := 2;
	total	int := 0;
	v	int;
	addend	int;
	i	int;
BEGIN
	FOR i IN REVERSE length(p)..1 LOOP
		v := strpos(alpha, substr(p, i, 1)) - 1;
		IF v < 0 THEN
			RETURN NULL;
		END IF;
		addend := factor * v;
		factor := CASE WHEN factor = 2 THEN 1 ELSE 2 END;
		total := total + addend / 32 + addend % 32;
	END LOOP;
	RETURN substr(alpha, 1 + (32 - total % 32) % 32, 1);
END;
$$;

-- A typed code in canonical form, or NULL when it cannot be one (wrong
-- shape or failing check): I/L read as 1, O as 0, dashes and case ignored.
CREATE OR REPLACE FUNCTION course_cert_norm(p text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN c ~ '^[0-9A-HJKMNP-TV-Z]{10}$' AND
	    course_cert_check(left(c, 9)) = right(c, 1) THEN c END
	FROM (SELECT translate(upper(regexp_replace(coalesce(p, ''),
	    '[-. ]', '', 'g')), 'ILO', '110') AS c) x
$$;

-- Fallback when no caller-made (libsodium) code is at hand.
CREATE OR REPLACE FUNCTION course_cert_gen() RETURNS text
LANGUAGE sql VOLATILE AS $$
	SELECT s || course_cert_check(s) FROM (SELECT string_agg(substr(
	    '0123456789ABCDEFGHJKMNPQRSTVWXYZ',
	    1 + (get_byte(b, i) % 32), 1), '' ORDER BY i) AS s
	    FROM (SELECT decode(replace(gen_random_uuid()::text, '-', ''),
	    'hex') AS b) r, generate_series(0, 8) i) x
$$;

-- Verification by anyone: status valid | invalid | mistyped.
CREATE OR REPLACE FUNCTION course_verify(p_code text)
RETURNS TABLE (status text, code text, learner text, course_code text,
    course_title text, issued date, score int, district text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	c	text := course_cert_norm(p_code);
BEGIN
	IF c IS NULL THEN
		RETURN QUERY SELECT 'mistyped'::text, upper(coalesce(p_code,
		    '')), NULL::text, NULL::text, NULL::text, NULL::date,
		    NULL::int, NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'valid'::text, ce.code, u.name, co.code,
	    co.title_en, (ce.issued_at AT TIME ZONE 'Asia/Karachi')::date,
	    ce.score::int, d.name_en
	    FROM certificates ce JOIN users u ON u.id = ce.user_id
	    JOIN courses co ON co.id = ce.course_id
	    LEFT JOIN districts d ON d.id = u.district_id
	    WHERE ce.code = c;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'invalid'::text, c, NULL::text, NULL::text,
		    NULL::text, NULL::date, NULL::int, NULL::text;
	END IF;
END;
$$;
