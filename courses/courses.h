/*
 * courses: trainers publish courses, learners enrol (web, SMS, USSD),
 * lessons and quizzes go out by SMS on the course's cadence, completion
 * issues a certificate anyone can verify.
 *
 * The first half is pure (no Kore) and unit-tested: answer grading,
 * scheduling decisions, course and certificate codes, completion rules,
 * the SMS texts of the module in English, Roman Urdu and Urdu script.
 *
 * The domain operations themselves are PostgreSQL functions
 * (courses/sql/R__*.sql), so that every channel runs the same rules in
 * one transaction.  The contract for the SMS/USSD channel:
 *
 *	char verb[16], arg[32], out[480];
 *	if (course_sms_verb(text, verb, sizeof(verb), arg, sizeof(arg))) {
 *		SELECT status, lang, a, b, c FROM course_sms($phone, $verb, $arg)
 *		course_reply(status, lang, a, b, c, out, sizeof(out));
 *		... answer with out ...
 *	}
 *
 * course_sms() handles ENROLL <code>, LEAVE <code>, NEXT, REPEAT,
 * ANSWER <1-4>, VERIFY <code> and MYCOURSES; the USSD menu calls the
 * same function (or course_enroll() directly) with the same verbs.
 */
#ifndef HUNAR_COURSES_H
#define HUNAR_COURSES_H

#include <stddef.h>
#include <stdint.h>

#include "infra/infra.h"

#define COURSE_OPTIONS_MAX	4
#define COURSE_SMS_PARTS_MAX	2	/* a lesson or quiz costs at most 2 */

/* course_grade.c: a learner's answer against a question's options */
#define COURSE_ANSWER_NONE	0	/* the text is no answer at all */
#define COURSE_ANSWER_RANGE	(-1)	/* an answer, but no such option */

struct course_grade {
	int		choice;		/* 1..n, or COURSE_ANSWER_* */
	int		right;		/* the right option, 1..n */
	int		correct;	/* choice == right */
};

int		 course_answer_parse(const char *, size_t, int);
int		 course_grade(const char *, size_t, int, int,
		    struct course_grade *);
char		 course_option_letter(int);
int		 course_feedback(const struct course_grade *, int, enum hlang,
		    char *, size_t);

/* course_sched.c: what to send a learner next, and when */
#define COURSE_SEND_NONE	0
#define COURSE_SEND_LESSON	1
#define COURSE_SEND_QUIZ	2

/* Why (for logs, the trainer view and the tests). */
#define COURSE_WHY_DUE		0	/* send now */
#define COURSE_WHY_CADENCE	1	/* the next lesson is not due yet */
#define COURSE_WHY_QUIET	2	/* due, held for quiet hours */
#define COURSE_WHY_START	3	/* the course has not started */
#define COURSE_WHY_ANSWER	4	/* waiting for the quiz answer */
#define COURSE_WHY_DONE		5	/* every lesson and quiz went out */
#define COURSE_WHY_STOPPED	6	/* the number sent STOP */
#define COURSE_WHY_INACTIVE	7	/* waitlisted, withdrawn, completed */
#define COURSE_WHY_EMPTY	8	/* the course has no lessons */

struct course_sched_conf {
	int64_t		cadence;	/* seconds between lessons */
	int64_t		quiz_delay;	/* seconds from a lesson to its quiz */
	struct infra_quiet quiet;	/* infra_quiet.c */
};

/* What the database holds about one enrolment; times are Unix seconds. */
struct course_progress {
	int		lessons;	/* lessons in the course */
	int		sent_pos;	/* last lesson sent, 0 none */
	int64_t		sent_at;	/* when it was sent */
	int		has_quiz;	/* lesson sent_pos has a question */
	int		quiz_sent;	/* ... and it went out */
	int		quiz_answered;	/* ... and was answered */
	int		active;		/* enrolment status is active */
	int		opted_out;	/* STOP */
	int		asap;		/* the learner asked NEXT */
	int64_t		start_at;	/* nothing before the course starts */
};

struct course_decision {
	int		what;		/* COURSE_SEND_* */
	int		pos;		/* lesson position it is about */
	int64_t		at;		/* when; <= now means send now */
	int		why;		/* COURSE_WHY_* */
};

void		 course_sched_defaults(struct course_sched_conf *, int64_t);
void		 course_sched_next(const struct course_sched_conf *,
		    const struct course_progress *, int64_t,
		    struct course_decision *);
const char	*course_why_name(int);

/* course_code.c: course short codes and certificate codes */
#define COURSE_CERT_LEN		10	/* 9 random symbols + 1 check */
#define COURSE_CERT_OK		0
#define COURSE_CERT_SHAPE	(-1)	/* wrong length or a foreign symbol */
#define COURSE_CERT_CHECK	(-2)	/* mistyped: the check symbol fails */

int		 course_code_parse(const char *, char *, size_t);
int		 course_code_format(long, char *, size_t);
void		 course_cert_new(char *, size_t);
int		 course_cert_normalize(const char *, char *, size_t);
char		 course_cert_check(const char *, size_t);

/* The pass/fail rule runs in PostgreSQL: course_outcome() in
 * courses/sql/R__course_grading.sql. */

/* course_sms.c: a lesson's cost by SMS, for the editor */
int		 course_sms_count(const char *, size_t,
		    struct infra_sms_count *);
int		 course_sms_check(const char *, int, int, const char *,
		    struct infra_sms_count *);
void		 course_sms_room(const char *, int, int, size_t *, size_t *);

/* course_text.c: the module's SMS texts and the replies to course_sms() */
int		 course_sms_verb(const char *, char *, size_t, char *, size_t);
int		 course_reply(const char *, const char *, const char *,
		    const char *, const char *, char *, size_t);
int		 course_lesson_sms(const char *, int, int, const char *,
		    char *, size_t);
int		 course_quiz_sms(int, const char *, const char *const *, int,
		    enum hlang, char *, size_t);

/* course_ui.c: the course pages' words in every hlang */
enum course_ui_str {
	CS_CATALOG, CS_SEARCH, CS_Q, CS_SKILL, CS_PROVINCE, CS_DISTRICT,
	CS_MODE, CS_LANG, CS_ANY, CS_MODE_ONLINE, CS_MODE_SMS, CS_MODE_CENTRE,
	CS_NONE_FOUND, CS_SEATS, CS_LESSONS, CS_STARTS, CS_TRAINER,
	CS_SMS_ENROLL, CS_ENROLL, CS_LEAVE, CS_ENROLLED, CS_WAITLISTED,
	CS_ALREADY, CS_LEFT, CS_PROGRESS, CS_SCORE, CS_CERTIFICATE, CS_QUIZ,
	CS_ANSWER, CS_NEXT_LESSON, CS_LOCKED, CS_NOT_ENROLLED, CS_VERIFY,
	CS_VALID, CS_INVALID, CS_MISTYPED, CS_LEARNER, CS_ISSUED,
	CS_MY_COURSES, CS_NEW_COURSE, CS_EDIT_COURSE, CS_TITLE_EN,
	CS_TITLE_UR, CS_DESC_EN, CS_DESC_UR, CS_SKILLS_HINT, CS_CAPACITY,
	CS_START, CS_CADENCE, CS_PASS_MARK, CS_DISTRICT_HINT, CS_SAVE,
	CS_SAVED, CS_ADD_LESSON, CS_LESSON_TITLE, CS_BODY_WEB, CS_BODY_SMS,
	CS_QUESTION, CS_OPTION, CS_CORRECT, CS_PARTS, CS_PLAIN_TEXT,
	CS_WIDE_TEXT, CS_TOO_LONG_SMS,
	CS_LEARNERS, CS_BREAKDOWN, CS_GENDER, CS_COMPLETION, CS_FIX,
	CS_UNKNOWN_SKILLS, CS_PUBLISHED, CS_COMPLETED, CS_STATUS,
	CS_OTHER_LANGS, CS_WRITTEN, CS_NOT_YET, CS_COURSE_TEXT,
	CS_SAME_ORDER, CS_REMOVE, CS_OPTION_COUNT, CS_NO_QUIZ,
	CS_TEXT_STALE, CS_TEXT_HELD, CS_STALE_NOTE, CS_HELD_NOTE,
	CS_WRITTEN_FOR, CS_SAVED_CHECK, CS_OTHER_LANGS_HINT, CS_SMS_EMPTY,
	CS_ORIGINAL, CS_IN_YOUR_LANG, CS_ORIGINAL_NEWER,
	CS_LESSON, CS_DRAFT, CS_IS_PUBLISHED, CS_PUBLISHED_HINT,
	CS_FIRST_LESSON, CS_SEATS_TAKEN, CS_WAITING, CS_DONE_COUNT, CS_ACTIVE,
	CS_AVG_LESSONS, CS_NO_LEARNERS, CS_WOMAN, CS_MAN, CS_TITLE_EN_HINT,
	CS_TITLE_UR_HINT, CS_TO_CHECK, CS_AS_LEARNERS_SEE, CS_SKILL_NAMES,
	CS_CHANNEL, CS_WEB,
	CS_COUNT
};

const char	*course_ui(enum course_ui_str, enum hlang);
const char	*course_lang_name(enum hlang);

#endif
