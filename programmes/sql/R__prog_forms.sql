-- programmes (issue 14): creating and editing programmes and hubs.  The
-- right is prog_can() on every province the action touches: the
-- programme's or hub's own (an edit) and the one it goes to.  An officer
-- therefore works in their province only; a national programme, or a
-- hub of one, is the admin's.  Field checks (lengths, numbers) are the
-- page's (C); what needs the database (a known province, district or
-- programme, a district inside the programme's province) is here.

-- The programme form's rows.  denied (a: forbidden | not_found); prog
-- (a code, b province code, c-e names en/ru/ur, f budget line, g
-- budget, h-k targets enrol, complete, placed, women %); prov (a code,
-- b name): every province the viewer may choose ('' national: admin).
CREATE OR REPLACE FUNCTION prog_programme_form(p_viewer bigint,
    p_code text, p_lang text)
RETURNS TABLE (k text, a text, b text, c text, d text, e text, f text,
    g text, h text, i text, j text, kk text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	p	record;
BEGIN
	IF coalesce(p_code, '') <> '' THEN
		SELECT pp.*, coalesce(pr.code, '') AS pcode INTO p
		    FROM prog_programmes pp LEFT JOIN provinces pr
		    ON pr.id = pp.province_id WHERE pp.code = upper(p_code);
		IF NOT FOUND OR NOT prog_can(p_viewer, p.province_id) THEN
			RETURN QUERY SELECT 'denied'::text, CASE WHEN p.id
			    IS NULL THEN 'not_found' ELSE 'forbidden' END,
			    NULL::text, NULL::text, NULL::text, NULL::text,
			    NULL::text, NULL::text, NULL::text, NULL::text,
			    NULL::text, NULL::text;
			RETURN;
		END IF;
		RETURN QUERY SELECT 'prog'::text, p.code, p.pcode, p.name_en,
		    p.name_ru, p.name_ur, p.budget_line, p.budget_pkr::text,
		    p.target_enrol::text, p.target_complete::text,
		    p.target_placed::text, p.target_women_pct::text;
	ELSIF NOT EXISTS (SELECT 1 FROM provinces pr
	    WHERE prog_can(p_viewer, pr.id)) THEN
		RETURN QUERY SELECT 'denied'::text, 'forbidden'::text,
		    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
		    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'prov'::text, pr.code, sms_pick(p_lang,
	    pr.name_en, pr.name_ur), NULL::text, NULL::text, NULL::text,
	    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
	    NULL::text
	    FROM provinces pr WHERE prog_can(p_viewer, pr.id) ORDER BY pr.id;
	IF prog_can(p_viewer, NULL) THEN
		RETURN QUERY SELECT 'prov'::text, ''::text, NULL::text,
		    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
		    NULL::text, NULL::text, NULL::text, NULL::text;
	END IF;
END;
$$;

-- Creates (p_code '') or edits a programme.  status: created | saved |
-- forbidden | not_found | bad_province; code: the programme's.
CREATE OR REPLACE FUNCTION prog_programme_save(p_viewer bigint,
    p_code text, p_prov text, p_en text, p_ru text, p_ur text,
    p_line text, p_pkr bigint, p_te integer, p_tc integer, p_tp integer,
    p_tw integer, OUT status text, OUT code text)
LANGUAGE plpgsql AS $$
DECLARE
	prov	smallint;
	p	record;
BEGIN
	IF coalesce(p_prov, '') <> '' THEN
		SELECT pr.id INTO prov FROM provinces pr
		    WHERE pr.code = upper(p_prov);
		IF NOT FOUND THEN
			status := 'bad_province';
			RETURN;
		END IF;
	END IF;
	IF NOT prog_can(p_viewer, prov) THEN
		status := 'forbidden';
		RETURN;
	END IF;
	IF coalesce(p_code, '') <> '' THEN
		SELECT * INTO p FROM prog_programmes pp
		    WHERE pp.code = upper(p_code) FOR UPDATE;
		IF NOT FOUND THEN
			status := 'not_found';
			RETURN;
		END IF;
		IF NOT prog_can(p_viewer, p.province_id) THEN
			status := 'forbidden';
			RETURN;
		END IF;
		UPDATE prog_programmes SET province_id = prov, name_en = p_en,
		    name_ru = p_ru, name_ur = p_ur, budget_line = p_line,
		    budget_pkr = p_pkr, target_enrol = p_te,
		    target_complete = p_tc, target_placed = p_tp,
		    target_women_pct = p_tw WHERE id = p.id;
		status := 'saved';
		code := p.code;
		RETURN;
	END IF;
	-- The next code, P08, P09, ...: one creator at a time.
	PERFORM pg_advisory_xact_lock(hashtext('prog_programme_code'));
	SELECT 'P' || lpad((coalesce(max(substr(pp.code, 2)::int), 0) + 1)
	    ::text, 2, '0') INTO code FROM prog_programmes pp;
	INSERT INTO prog_programmes (code, province_id, name_en, name_ru,
	    name_ur, budget_line, budget_pkr, target_enrol, target_complete,
	    target_placed, target_women_pct)
	    VALUES (code, prov, p_en, p_ru, p_ur, p_line, p_pkr, p_te, p_tc,
	    p_tp, p_tw);
	status := 'created';
END;
$$;

-- The hub form's rows.  denied (a: forbidden | not_found); hub (a id,
-- b programme code, c district id, d name, e Urdu name, f address,
-- g hours, h phone, i services "training,internet", j women only t/f,
-- kk "women hours|active t/f", l address in Roman Urdu, m in Urdu
-- script); prog (a code, b name): the programmes
-- the viewer runs; dist (a id, b name, c province name): the districts
-- of the provinces the viewer runs.
CREATE OR REPLACE FUNCTION prog_hub_form(p_viewer bigint, p_hub integer,
    p_lang text)
RETURNS TABLE (k text, a text, b text, c text, d text, e text, f text,
    g text, h text, i text, j text, kk text, l text, m text, n text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	x	record;
BEGIN
	IF p_hub IS NOT NULL THEN
		SELECT ph.*, dd.province_id, coalesce(pp.code, '') AS pcode
		    INTO x FROM prog_hubs ph
		    JOIN districts dd ON dd.id = ph.district_id
		    LEFT JOIN prog_programmes pp ON pp.id = ph.programme_id
		    WHERE ph.id = p_hub;
		IF NOT FOUND OR NOT prog_can(p_viewer, x.province_id) THEN
			RETURN QUERY SELECT 'denied'::text, CASE WHEN x.id
			    IS NULL THEN 'not_found' ELSE 'forbidden' END,
			    NULL::text, NULL::text, NULL::text, NULL::text,
			    NULL::text, NULL::text, NULL::text, NULL::text,
			    NULL::text, NULL::text, NULL::text, NULL::text,
			    NULL::text;
			RETURN;
		END IF;
		RETURN QUERY SELECT 'hub'::text, x.id::text, x.pcode,
		    x.district_id::text, x.name, x.name_ur, x.address, x.hours,
		    x.phone, array_to_string(x.services, ','),
		    CASE WHEN x.women_only THEN 't' ELSE 'f' END,
		    coalesce(x.women_hours, '') || '|' ||
		    CASE WHEN x.active THEN 't' ELSE 'f' END, x.address_ru,
		    x.address_ur, x.name_ru;
	ELSIF NOT EXISTS (SELECT 1 FROM provinces pr
	    WHERE prog_can(p_viewer, pr.id)) THEN
		RETURN QUERY SELECT 'denied'::text, 'forbidden'::text,
		    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
		    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
		    NULL::text, NULL::text, NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'prog'::text, pp.code, CASE p_lang WHEN 'ur'
	    THEN pp.name_ur WHEN 'ru' THEN pp.name_ru ELSE pp.name_en END,
	    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
	    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
	    NULL::text, NULL::text
	    FROM prog_programmes pp WHERE prog_can(p_viewer, pp.province_id)
	    ORDER BY pp.code;
	RETURN QUERY SELECT 'dist'::text, dd.id::text, sms_pick(p_lang,
	    dd.name_en, dd.name_ur), sms_pick(p_lang, pr.name_en, pr.name_ur),
	    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
	    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
	    NULL::text
	    FROM districts dd JOIN provinces pr ON pr.id = dd.province_id
	    WHERE prog_can(p_viewer, pr.id) ORDER BY pr.id, dd.name_en;
END;
$$;

-- Creates (p_hub NULL) or edits a hub.  status: created | saved |
-- forbidden | not_found | bad_programme | bad_district | outside (the
-- district is not in the programme's province); id: the hub's.
CREATE OR REPLACE FUNCTION prog_hub_save(p_viewer bigint, p_hub integer,
    p_prog text, p_district integer, p_name text, p_name_ur text,
    p_address text, p_hours text, p_phone text, p_services text,
    p_women_only boolean, p_women_hours text, p_active boolean,
    p_address_ru text, p_address_ur text, p_name_ru text, OUT status text,
    OUT id integer)
LANGUAGE plpgsql AS $$
DECLARE
	pg	record;
	dprov	smallint;
	old	smallint;
BEGIN
	SELECT pp.id, pp.province_id INTO pg FROM prog_programmes pp
	    WHERE pp.code = upper(p_prog);
	IF NOT FOUND THEN
		status := 'bad_programme';
		RETURN;
	END IF;
	SELECT dd.province_id INTO dprov FROM districts dd
	    WHERE dd.id = p_district;
	IF NOT FOUND THEN
		status := 'bad_district';
		RETURN;
	END IF;
	IF NOT prog_can(p_viewer, pg.province_id)
	    OR NOT prog_can(p_viewer, dprov) THEN
		status := 'forbidden';
		RETURN;
	END IF;
	IF pg.province_id IS NOT NULL AND pg.province_id <> dprov THEN
		status := 'outside';
		RETURN;
	END IF;
	IF p_hub IS NOT NULL THEN
		SELECT dd.province_id INTO old FROM prog_hubs ph
		    JOIN districts dd ON dd.id = ph.district_id
		    WHERE ph.id = p_hub FOR UPDATE OF ph;
		IF NOT FOUND THEN
			status := 'not_found';
			RETURN;
		END IF;
		IF NOT prog_can(p_viewer, old) THEN
			status := 'forbidden';
			RETURN;
		END IF;
		UPDATE prog_hubs SET programme_id = pg.id,
		    district_id = p_district, name = p_name,
		    name_ur = coalesce(p_name_ur, ''),
		    name_ru = coalesce(p_name_ru, ''), address = p_address,
		    address_ru = coalesce(p_address_ru, ''),
		    address_ur = coalesce(p_address_ur, ''),
		    hours = p_hours, phone = p_phone,
		    services = string_to_array(p_services, ','),
		    women_only = p_women_only,
		    women_hours = nullif(p_women_hours, ''), active = p_active
		    WHERE prog_hubs.id = p_hub;
		status := 'saved';
		id := p_hub;
		RETURN;
	END IF;
	INSERT INTO prog_hubs (programme_id, district_id, name, name_ur,
	    name_ru, address, address_ru, address_ur, hours, phone, services,
	    women_only, women_hours, active)
	    VALUES (pg.id, p_district, p_name, coalesce(p_name_ur, ''),
	    coalesce(p_name_ru, ''),
	    p_address, coalesce(p_address_ru, ''),
	    coalesce(p_address_ur, ''), p_hours, p_phone,
	    string_to_array(p_services, ','), p_women_only,
	    nullif(p_women_hours, ''), p_active)
	    RETURNING prog_hubs.id INTO id;
	status := 'created';
END;
$$;
