-- courses (issue 14): hunar_lessons' due-lesson query reads, per SMS
-- course, the enrolments whose next_at is unset or has come, in the
-- order it sends them (next_at NULLS FIRST, id), and stops at its batch.
-- The old index (next_at NULLS FIRST, all active enrolments) could not
-- give that order per course, so at 1M learners the query read every
-- active enrolment (734,501 rows, ~17 s) to send 500; with this one it
-- reads at most a batch per SMS course.  Web courses' and web learners'
-- enrolments are outside it: the daemon never sends to them.
CREATE INDEX enrolments_due_course ON enrolments
    (course_id, next_at NULLS FIRST, id)
    WHERE status = 'active' AND channel IN ('sms', 'ussd');
