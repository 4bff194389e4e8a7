-- courses: a lesson's SMS text and its question in other languages than
-- the course's own (lessons and quiz_questions hold that one).  Every
-- user-facing text exists in English, Roman Urdu and Urdu script; a
-- learner gets their own language where the lesson has it, else the
-- course's (course_lesson_text()).  The options keep the order of the
-- question's, so quiz_questions.correct answers for every language.
CREATE TABLE lesson_texts (
	lesson_id	integer NOT NULL REFERENCES lessons(id)
			    ON DELETE CASCADE,
	lang		text NOT NULL CHECK (lang IN ('en', 'ru', 'ur')),
	body_sms	text NOT NULL CHECK (length(body_sms) BETWEEN 1 AND 320),
	question	text,
	options		text[] CHECK (options IS NULL OR
			    cardinality(options) BETWEEN 2 AND 4),
	PRIMARY KEY (lesson_id, lang),
	CHECK ((question IS NULL) = (options IS NULL))
);
