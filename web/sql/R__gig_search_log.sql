-- web (issue 11): the change log the workers' gig search indexes read
-- (tables and why in V0027__gig_search_log.sql).  One version per
-- transaction (kept in a transaction-local setting), one log row per gig
-- touched, one NOTIFY gig_search per transaction.  Rows older than an
-- hour go as new ones come: a worker reads the log every second, and one
-- that lost its connection reloads everything.

-- Logs gig p_gig (NULL: every gig) under this transaction's version.
CREATE OR REPLACE FUNCTION gig_search_touch(p_gig bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	ver	bigint;
BEGIN
	ver := nullif(current_setting('hunar.gig_search_ver', true), '')::bigint;
	IF ver IS NULL THEN
		UPDATE gig_search_ver SET v = v + 1 RETURNING v INTO ver;
		PERFORM set_config('hunar.gig_search_ver', ver::text, true);
		PERFORM pg_notify('gig_search', '');
		IF ver % 100 = 0 THEN
			DELETE FROM gig_search_log
			    WHERE at < now() - interval '1 hour';
		END IF;
	END IF;
	INSERT INTO gig_search_log (ver, gig_id) VALUES (ver, p_gig);
END;
$$;

-- After a bulk load with triggers off (bench/web_search_data.sql).
CREATE OR REPLACE FUNCTION gig_search_reload() RETURNS void
LANGUAGE sql AS $$ SELECT gig_search_touch(NULL) $$;

CREATE OR REPLACE FUNCTION gig_search_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'gigs' THEN
		PERFORM gig_search_touch(CASE WHEN TG_OP = 'DELETE' THEN OLD.id
		    ELSE NEW.id END);
	ELSE
		PERFORM gig_search_touch(CASE WHEN TG_OP = 'DELETE' THEN
		    OLD.gig_id ELSE NEW.gig_id END);
	END IF;
	RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER gig_search_gigs AFTER INSERT OR UPDATE OR DELETE
    ON gigs FOR EACH ROW EXECUTE FUNCTION gig_search_row();

CREATE OR REPLACE TRIGGER gig_search_gig_skills AFTER INSERT OR UPDATE OR
    DELETE ON gig_skills FOR EACH ROW EXECUTE FUNCTION gig_search_row();
