-- places: how a place a person names becomes a district.  The one rule:
-- every name, alias and typed place is reduced by place_key(), and a typed
-- place matches the districts whose keys equal it, or, when none does,
-- the keys within one or two edits of it (place_match()).  Re-appliable:
-- functions only; the data in places/districts.tsv (loaded by place_load(),
-- places/load.sql), the tables in places/sql/V0013__places.sql.

-- A place reduced to what tells places apart.  Folded: case; spaces, dots,
-- hyphens and all punctuation; the words district/distt/zila/city and
-- cantt/cantonment/کینٹ ("Lahore Cantt" is in Lahore); Urdu
-- letter variants (Arabic yeh/kaf/heh, do-chashmi heh, yeh barree, noon
-- ghunna, alef madda, hamza seats) and harakat; the Roman spellings that
-- vary most (q/k, w/v, y/i, ph/f, ee/i, oo/u) and doubled letters
-- (Kohaat, Muzafargarh).  "D.I. Khan" and "di khan" are both "dikhan".
CREATE OR REPLACE FUNCTION place_key(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT regexp_replace(
	    replace(replace(replace(replace(replace(replace(
		regexp_replace(
		    translate(lower(coalesce(p, '')),
			'يىكهةۃۀھےۓئأإآٱؤں',
			'ییکہہہہہیییااااون'),
		    '\m(district|distt|dist|zila|zilla|zillah|city|cantt|cant|'
		    'cantonment)\M|ضلع|کینٹ|'
		    '[^a-z0-9\u0621-\u063a\u0641-\u064a\u0679-\u06d3]',
		    '', 'g'),
		'ph', 'f'), 'q', 'k'), 'w', 'v'), 'y', 'i'), 'ee', 'i'),
		'oo', 'u'),
	    '(.)\1+', '\1', 'g')
$$;

-- Districts in the order a question lists them: by English name.
CREATE OR REPLACE FUNCTION place_order(p_ids int[]) RETURNS int[]
LANGUAGE sql STABLE AS $$
	SELECT array_agg(d.id ORDER BY d.name_en) FROM districts d
	WHERE d.id = ANY (p_ids)
$$;

-- The districts a typed place names, by English name.
-- Exact keys first; when none is equal and p_fuzzy, the keys nearest to
-- it within the typos it may hold: none under 6 letters (Malik is not
-- Malir, Bano is no typo of Bannu), one from 6, two from 9 letters.
-- Several districts back: the name is ambiguous (Karachi), ask which.
CREATE OR REPLACE FUNCTION place_match(p_place text, p_fuzzy boolean)
RETURNS int[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
	k	text := place_key(p_place);
	n	int;
	lim	int;
	ids	int[];
BEGIN
	n := char_length(k);
	IF n = 0 THEN
		RETURN NULL;
	END IF;
	SELECT array_agg(DISTINCT a.district_id)
	    INTO ids FROM district_aliases a WHERE a.key = k;
	IF ids IS NOT NULL OR NOT p_fuzzy OR n < 6 THEN
		RETURN place_order(ids);
	END IF;
	lim := CASE WHEN n >= 9 THEN 2 ELSE 1 END;
	SELECT array_agg(DISTINCT m.district_id)
	    INTO ids
	    FROM (SELECT e.district_id, e.d, min(e.d) OVER () AS best
		FROM (SELECT a.district_id,
		    levenshtein_less_equal(k, a.key, lim) AS d
		    FROM district_aliases a
		    WHERE abs(char_length(a.key) - n) <= lim) e) m
	    WHERE m.d = m.best AND m.d <= lim;
	RETURN place_order(ids);
END;
$$;

-- "<name> <place>" as JOIN gets it: the place is the longest run of last
-- words (up to 4, a name left before it) that names a district exactly,
-- else the longest that does with a typo; "<name>, <place>" says where
-- the place starts.  districts: one id, several (ask which), or NULL.
CREATE OR REPLACE FUNCTION place_split(p_text text, OUT name text,
    OUT place text, OUT districts int[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
	w	text[];
	n	int;
	k	int;
	fuzzy	boolean;
	cand	text;
BEGIN
	p_text := btrim(regexp_replace(coalesce(p_text, ''), '\s+', ' ',
	    'g'), ' ,،');
	IF p_text ~ '[,،]' THEN
		cand := btrim(regexp_replace(p_text, '^.*[,،]', ''));
		name := btrim(regexp_replace(p_text, '[,،][^,،]*$', ''),
		    ' ,،');
		districts := place_match(cand, true);
		IF districts IS NOT NULL AND name <> '' THEN
			place := cand;
			RETURN;
		END IF;
		p_text := regexp_replace(btrim(translate(p_text, ',،', '  ')),
		    '\s+', ' ', 'g');
	END IF;
	w := string_to_array(p_text, ' ');
	n := coalesce(cardinality(w), 0);
	FOREACH fuzzy IN ARRAY ARRAY[false, true] LOOP
		FOR k IN REVERSE least(4, n - 1)..1 LOOP
			cand := array_to_string(w[n - k + 1:n], ' ');
			districts := place_match(cand, fuzzy);
			IF districts IS NOT NULL THEN
				name := array_to_string(w[1:n - k], ' ');
				place := cand;
				RETURN;
			END IF;
		END LOOP;
	END LOOP;
	name := p_text;
	place := NULL;
	districts := NULL;
END;
$$;

-- Which of the districts offered (JOIN's question) an answer names: its
-- number in the list ("2", "۲" arrives as "2"), or a name or alias that
-- matches exactly one of them ("East", "Karachi East", "Malir").
CREATE OR REPLACE FUNCTION place_pick(p_choices int[], p_answer text)
RETURNS int
LANGUAGE plpgsql STABLE AS $$
DECLARE
	a	text := translate(btrim(coalesce(p_answer, ''), ' .,)۔'),
		    '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', '01234567890123456789');
	ids	int[];
	k	text;
BEGIN
	IF a ~ '^[0-9]{1,2}$' THEN
		RETURN p_choices[a::int];
	END IF;
	ids := ARRAY(SELECT x FROM unnest(place_match(a, true)) x
	    WHERE x = ANY (p_choices));
	IF cardinality(ids) = 1 THEN
		RETURN ids[1];
	END IF;
	-- A part of a name: "East" for Karachi East.
	k := place_key(a);
	IF char_length(k) >= 3 THEN
		ids := ARRAY(SELECT d.id FROM districts d
		    WHERE d.id = ANY (p_choices) AND (place_key(d.name_en)
		    LIKE '%' || k || '%' OR place_key(d.name_ur) LIKE
		    '%' || k || '%'));
		IF cardinality(ids) = 1 THEN
			RETURN ids[1];
		END IF;
	END IF;
	RETURN NULL;
END;
$$;

-- The numbered question "1 Karachi Central, 2 Karachi East, ..." in the
-- reader's language (Urdu-script names for 'ur').
CREATE OR REPLACE FUNCTION place_choices_text(p_choices int[], p_lang text)
RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT string_agg(c.n || ' ' || CASE WHEN p_lang = 'ur'
	    THEN d.name_ur ELSE d.name_en END,
	    CASE WHEN p_lang = 'ur' THEN '، ' ELSE ', ' END ORDER BY c.n)
	FROM unnest(p_choices) WITH ORDINALITY AS c(id, n)
	JOIN districts d ON d.id = c.id
$$;

-- Loads the rows staged from places/districts.tsv (places/load.sql):
-- provinces, districts and every alias, in one transaction, as often as
-- it runs.  A district is found by its name or a former name ("=Turbat")
-- and keeps its id; a new one takes the file's id when it is free.
-- Returns the number of districts in the file.
CREATE OR REPLACE FUNCTION place_load() RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
	did	int;
	pid	smallint;
	olds	text[];
	n	int := 0;
BEGIN
	INSERT INTO provinces (code, name_en, name_ur) VALUES
	    ('PB', 'Punjab', 'پنجاب'),
	    ('SD', 'Sindh', 'سندھ'),
	    ('KP', 'Khyber Pakhtunkhwa', 'خیبر پختونخوا'),
	    ('BA', 'Balochistan', 'بلوچستان'),
	    ('IS', 'Islamabad Capital Territory', 'اسلام آباد'),
	    ('GB', 'Gilgit-Baltistan', 'گلگت بلتستان'),
	    ('AJ', 'Azad Jammu & Kashmir', 'آزاد جموں و کشمیر')
	    ON CONFLICT (code) DO UPDATE SET name_en = EXCLUDED.name_en,
	    name_ur = EXCLUDED.name_ur;
	DELETE FROM district_aliases;
	FOR r IN SELECT * FROM place_stage ORDER BY id LOOP
		SELECT p.id INTO pid FROM provinces p
		    WHERE p.code = r.province;
		IF pid IS NULL THEN
			RAISE EXCEPTION 'places: % has no province %',
			    r.name_en, r.province;
		END IF;
		olds := ARRAY(SELECT substr(btrim(x), 2)
		    FROM unnest(string_to_array(coalesce(r.aliases, ''), '|'))
		    x WHERE btrim(x) LIKE '=%');
		SELECT d.id INTO did FROM districts d
		    WHERE d.name_en = r.name_en;
		IF did IS NULL THEN
			SELECT d.id INTO did FROM districts d
			    WHERE d.name_en = ANY (olds) ORDER BY d.id LIMIT 1;
		END IF;
		IF did IS NULL THEN
			INSERT INTO districts (id, province_id, name_en, name_ur)
			    SELECT CASE WHEN EXISTS (SELECT 1 FROM districts x
				WHERE x.id = r.id) THEN nextval(
				pg_get_serial_sequence('districts', 'id'))
				ELSE r.id END, pid, r.name_en, r.name_ur
			    RETURNING id INTO did;
		ELSE
			UPDATE districts SET province_id = pid,
			    name_en = r.name_en, name_ur = r.name_ur
			    WHERE id = did;
		END IF;
		INSERT INTO district_aliases (district_id, alias, key)
		    SELECT did, x, place_key(x) FROM (SELECT DISTINCT ON
			(place_key(a)) a AS x FROM unnest(ARRAY[r.name_en,
			r.name_ur] || string_to_array(coalesce(r.aliases, ''),
			'|')) a WHERE place_key(ltrim(a, '=')) <> ''
			AND a NOT LIKE '=%') s
		    ON CONFLICT DO NOTHING;
		n := n + 1;
	END LOOP;
	PERFORM setval(pg_get_serial_sequence('districts', 'id'),
	    (SELECT max(id) FROM districts));
	RETURN n;
END;
$$;
