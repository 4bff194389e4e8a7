-- programmes (issue 14): what a Kore worker's kept dashboard rights and
-- stamps depend on (prog_dash.c, under infra_listen_gen('prog_dash')):
-- prog_dash_gate() reads the viewer's role, the officer's province, the
-- programme's row, the province codes and the rollup's refresh time.
-- Every change of one of them notifies prog_dash, and a worker that
-- hears it asks the gate again at the next request (PostgreSQL folds
-- equal notifications of a transaction into one).

CREATE OR REPLACE FUNCTION prog_dash_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('prog_dash', TG_TABLE_NAME);
	RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER prog_dash_officers
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON prog_officers
    FOR EACH STATEMENT EXECUTE FUNCTION prog_dash_notify();

CREATE OR REPLACE TRIGGER prog_dash_programmes
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON prog_programmes
    FOR EACH STATEMENT EXECUTE FUNCTION prog_dash_notify();

CREATE OR REPLACE TRIGGER prog_dash_provinces
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON provinces
    FOR EACH STATEMENT EXECUTE FUNCTION prog_dash_notify();

CREATE OR REPLACE TRIGGER prog_dash_refreshed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON prog_rollup_meta
    FOR EACH STATEMENT EXECUTE FUNCTION prog_dash_notify();

-- prog_can() reads users.role: a role given or taken (or an officer or
-- admin erased) notifies; the many other changes of users do not.
CREATE OR REPLACE TRIGGER prog_dash_roles AFTER UPDATE OF role ON users
    FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role AND
    (OLD.role IN ('admin', 'officer') OR NEW.role IN ('admin', 'officer')))
    EXECUTE FUNCTION prog_dash_notify();

CREATE OR REPLACE TRIGGER prog_dash_roles_gone AFTER DELETE ON users
    FOR EACH ROW WHEN (OLD.role IN ('admin', 'officer'))
    EXECUTE FUNCTION prog_dash_notify();
