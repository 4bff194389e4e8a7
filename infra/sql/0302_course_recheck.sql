-- courses: the lesson daemon caches its next look at an enrolment in
-- next_at ('infinity' while there is nothing to send).  A lesson added or
-- changed, or a course whose cadence or start moved, clears the cache of
-- its active enrolments so that the daemon decides again.
CREATE FUNCTION course_recheck() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE enrolments SET next_at = NULL
	    WHERE course_id = CASE WHEN TG_TABLE_NAME = 'courses' THEN NEW.id
		ELSE NEW.course_id END
	    AND status = 'active' AND next_at IS NOT NULL;
	RETURN NULL;
END;
$$;

CREATE TRIGGER lessons_recheck AFTER INSERT OR UPDATE ON lessons
    FOR EACH ROW EXECUTE FUNCTION course_recheck();
CREATE TRIGGER courses_recheck AFTER UPDATE OF cadence_hours, start_date,
    mode ON courses
    FOR EACH ROW EXECUTE FUNCTION course_recheck();
