-- courses (issue 11's web, the new-user walk): changing a lesson's SMS
-- text or its question in the course's language deleted its texts in the
-- other two languages (triggers course_texts_stale), and a trainer lost
-- that work without a word.  A text now keeps what the course-language
-- lesson said when it was written (written_*); course_text_state()
-- (R__course_delivery.sql) compares it with what the lesson says now and
-- the trainer's pages mark it "may be out of date".  Every text here was
-- current (the triggers deleted the others), so the lesson as it stands
-- is what each was written for.
ALTER TABLE lesson_texts ADD COLUMN written_sms text,
    ADD COLUMN written_question text, ADD COLUMN written_options text[];

UPDATE lesson_texts t SET written_sms = l.body_sms,
    written_question = q.question, written_options = q.options
    FROM lessons l LEFT JOIN quiz_questions q ON q.lesson_id = l.id
    WHERE l.id = t.lesson_id;

DROP TRIGGER IF EXISTS lessons_texts_stale ON lessons;
DROP TRIGGER IF EXISTS quiz_texts_stale ON quiz_questions;
DROP TRIGGER IF EXISTS quiz_texts_stale_upd ON quiz_questions;
DROP FUNCTION IF EXISTS course_texts_stale();

-- course_lesson_save() also says how many of the lesson's other
-- languages are left to check (a new column: re-created by the R file).
DROP FUNCTION IF EXISTS course_lesson_save(bigint, text, int, text, text,
    text, text, text[], int);
