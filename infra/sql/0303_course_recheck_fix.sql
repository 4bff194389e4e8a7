-- courses: course_recheck() as one query per table.  A CASE over NEW
-- binds both NEW.id and NEW.course_id, and courses has no course_id, so
-- 0302's version failed every course update.
CREATE OR REPLACE FUNCTION course_recheck() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	cid	int;
BEGIN
	IF TG_TABLE_NAME = 'courses' THEN
		cid := NEW.id;
	ELSE
		cid := NEW.course_id;
	END IF;
	UPDATE enrolments SET next_at = NULL
	    WHERE course_id = cid AND status = 'active' AND next_at IS NOT NULL;
	RETURN NULL;
END;
$$;
