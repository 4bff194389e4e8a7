-- courses (issue 4): progress of every enrolment, read by grading,
-- PROGRESS and the SMS STATUS verb.

-- The learner's and the course's numbers at a glance.
CREATE OR REPLACE VIEW course_progress_v AS
SELECT e.id AS enrolment_id, e.user_id, e.course_id, e.status, e.channel,
    e.lessons_done, e.sent_pos, e.quiz_state,
    (SELECT count(*) FROM lessons l WHERE l.course_id = e.course_id)::int
	AS lessons,
    (SELECT count(*) FROM quiz_questions q JOIN lessons l ON l.id = q.lesson_id
	WHERE l.course_id = e.course_id)::int AS questions,
    (SELECT count(*) FROM course_answers a WHERE a.enrolment_id = e.id)::int
	AS answered,
    (SELECT count(*) FROM course_answers a WHERE a.enrolment_id = e.id
	AND a.correct)::int AS correct
FROM enrolments e;
