-- /metrics (infra/infra_metrics.c): the domains' figures.  Each domain
-- that counts something defines <domain>_metrics() returning rows of
-- (name, type, help, labels, value); metrics_rows() calls every such
-- function, so infra names no domain.  Labels come pre-formatted
-- (key="value",...) from values the domain controls.
CREATE OR REPLACE FUNCTION metrics_rows()
RETURNS TABLE (name text, type text, help text, labels text,
    value double precision)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	f	text;
BEGIN
	FOR f IN SELECT p.oid::regproc::text FROM pg_proc p
	    JOIN pg_namespace n ON n.oid = p.pronamespace
	    WHERE n.nspname = 'public' AND p.proname LIKE '%\_metrics'
	    AND p.proname <> 'metrics_rows' AND p.pronargs = 0
	    AND p.proretset ORDER BY 1 LOOP
		RETURN QUERY EXECUTE format(
		    'SELECT name::text, type::text, help::text, labels::text, '
		    'value::float8 FROM %s()', f);
	END LOOP;
END;
$$;
