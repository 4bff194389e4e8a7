-- matching (issue 6): what wakes the matcher.  It LISTENs on
-- profile_changed and re-reads one trainee through match_profile_rows();
-- every change that moves a score sends that NOTIFY from the triggers
-- here, and only from them: the domains' functions (profile_save,
-- enrolment, completion) write the tables and the triggers speak (one
-- NOTIFY per user per transaction: PostgreSQL folds equal ones).

CREATE OR REPLACE FUNCTION match_notify_user() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
	uid	bigint;
BEGIN
	IF TG_OP = 'DELETE' THEN
		r := OLD;
	ELSE
		r := NEW;
	END IF;
	IF TG_TABLE_NAME = 'reviews' THEN
		uid := r.subject_id;
	ELSIF TG_TABLE_NAME = 'users' THEN
		uid := r.id;
	ELSE
		uid := r.user_id;
	END IF;
	PERFORM pg_notify('profile_changed', uid::text);
	RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER match_user_skills AFTER INSERT OR UPDATE OR DELETE
    ON user_skills FOR EACH ROW EXECUTE FUNCTION match_notify_user();

CREATE OR REPLACE TRIGGER match_user_languages AFTER INSERT OR UPDATE OR DELETE
    ON user_languages FOR EACH ROW EXECUTE FUNCTION match_notify_user();

CREATE OR REPLACE TRIGGER match_profiles AFTER INSERT OR UPDATE OR DELETE
    ON profiles FOR EACH ROW EXECUTE FUNCTION match_notify_user();

CREATE OR REPLACE TRIGGER match_reviews AFTER INSERT OR UPDATE OR DELETE
    ON reviews FOR EACH ROW EXECUTE FUNCTION match_notify_user();

CREATE OR REPLACE TRIGGER match_enrolments AFTER INSERT OR UPDATE OR DELETE
    ON enrolments FOR EACH ROW EXECUTE FUNCTION match_notify_user();

CREATE OR REPLACE TRIGGER match_certificates AFTER INSERT OR UPDATE OR DELETE
    ON certificates FOR EACH ROW EXECUTE FUNCTION match_notify_user();

CREATE OR REPLACE TRIGGER match_applications AFTER UPDATE OF status
    ON applications FOR EACH ROW EXECUTE FUNCTION match_notify_user();

-- last_active moves on every log-in: a day's difference is what counts
-- for recency, so only the district, the role and a new day notify.
CREATE OR REPLACE TRIGGER match_users_new AFTER INSERT OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION match_notify_user();

CREATE OR REPLACE TRIGGER match_users AFTER UPDATE ON users FOR EACH ROW
    WHEN (OLD.district_id IS DISTINCT FROM NEW.district_id OR
    OLD.role <> NEW.role OR
    date_trunc('day', OLD.last_active) <> date_trunc('day', NEW.last_active))
    EXECUTE FUNCTION match_notify_user();
