/*
 * What the course module says by SMS, in English, Roman Urdu and Urdu
 * script: the verbs it understands, the replies to course_sms() rows,
 * and the lesson and quiz messages the lesson daemon sends.  Replies stay
 * within two SMS parts (the unit tests count them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "courses/courses.h"

struct text_verb {
	const char	*word;
	const char	*verb;
};

/* Upper-cased ASCII words and Urdu-script words, each to its verb. */
static const struct text_verb	text_verbs[] = {
	{ "ENROLL", "ENROLL" }, { "ENROL", "ENROLL" },
	{ "DAKHLA", "ENROLL" }, { "DAKHILA", "ENROLL" },
	{ "داخلہ", "ENROLL" },
	{ "LEAVE", "LEAVE" }, { "UNENROLL", "LEAVE" }, { "UNENROL", "LEAVE" },
	{ "CHORO", "LEAVE" }, { "CHHORO", "LEAVE" },
	{ "چھوڑیں", "LEAVE" },
	{ "NEXT", "NEXT" }, { "AGLA", "NEXT" }, { "AGLAA", "NEXT" },
	{ "اگلا", "NEXT" },
	{ "REPEAT", "REPEAT" }, { "DOBARA", "REPEAT" }, { "DUBARA", "REPEAT" },
	{ "دوبارہ", "REPEAT" },
	{ "VERIFY", "VERIFY" }, { "TASDEEQ", "VERIFY" }, { "TASDIQ", "VERIFY" },
	{ "تصدیق", "VERIFY" },
	{ "PROGRESS", "PROGRESS" }, { "MYCOURSES", "PROGRESS" },
	{ "TARAQQI", "PROGRESS" }, { "TARAKKI", "PROGRESS" },
	{ "ترقی", "PROGRESS" }, { "پیشرفت", "PROGRESS" },
	{ "SKIP", "SKIP" }, { "CHHOREIN", "SKIP" }, { "AGAY", "SKIP" },
	{ NULL, NULL }
};

/*
 * Whether an SMS is for the course module, and as what: verb ENROLL,
 * LEAVE, NEXT, REPEAT, VERIFY, PROGRESS or ANSWER, with its argument (a
 * canonical course code, a canonical certificate code or "?" when it is
 * mistyped, an option number or "0" for no such option).
 */
int
course_sms_verb(const char *text, char *verb, size_t vlen, char *arg,
    size_t alen)
{
	const char	*p, *rest;
	char		 word[32], code[16];
	size_t		 wl, i;
	int		 opt;

	if (vlen > 0)
		verb[0] = '\0';
	if (alen > 0)
		arg[0] = '\0';
	for (p = text; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
	    p++)
		;
	for (wl = 0; p[wl] != '\0' && p[wl] != ' ' && p[wl] != '\t' &&
	    p[wl] != '\n' && p[wl] != '\r'; wl++)
		;
	if (wl > 0 && wl < sizeof(word)) {
		for (i = 0; i < wl; i++)
			word[i] = (p[i] >= 'a' && p[i] <= 'z') ?
			    (char)(p[i] - 'a' + 'A') : p[i];
		word[wl] = '\0';
		/* "NEXT." and "Repeat!" count too. */
		while (wl > 0 && strchr(".!?,;:", word[wl - 1]) != NULL)
			word[--wl] = '\0';
		for (rest = p + wl; *rest != '\0' && strchr(" \t\r\n.!?,;:",
		    *rest) != NULL; rest++)
			;
		for (i = 0; text_verbs[i].word != NULL; i++) {
			if (strcmp(word, text_verbs[i].word) != 0)
				continue;
			(void)snprintf(verb, vlen, "%s", text_verbs[i].verb);
			if (*rest == '\0') {
				/* Nothing after the verb: the reply gives an
				   example (course_reply()). */
			} else if (strcmp(verb, "VERIFY") == 0) {
				if (course_cert_normalize(rest, code,
				    sizeof(code)) == COURSE_CERT_OK)
					(void)snprintf(arg, alen, "%s", code);
				else
					(void)snprintf(arg, alen, "?");
			} else if (course_code_parse(rest, code,
			    sizeof(code)) == 0) {
				(void)snprintf(arg, alen, "%s", code);
			} else {
				(void)snprintf(arg, alen, "%.*s",
				    (int)strcspn(rest, " \t\r\n"), rest);
			}
			return (1);
		}
	}
	opt = course_answer_parse(text, strlen(text), COURSE_OPTIONS_MAX);
	if (opt == COURSE_ANSWER_NONE)
		return (0);
	(void)snprintf(verb, vlen, "ANSWER");
	(void)snprintf(arg, alen, "%d", opt > 0 ? opt : 0);
	return (1);
}

/* A reply template: {a} .. {c} are a, b and c of the course_sms() row. */
static const struct infra_text	text_replies[] = {
	/* Confirmations: one SMS in each language (course_reply() cuts
	   the title at a word to make it so; the unit tests count). */
	{ "enrolled", {
	    "Enrolled in {a} {b}. Lessons come by SMS. NEXT: next lesson, "
	    "REPEAT: again, LEAVE {a}: stop.",
	    "Aap {a} {b} mein dakhil. Sabaq SMS par ayenge. NEXT: agla, "
	    "REPEAT: dobara, LEAVE {a}: chhorein.",
	    "داخلہ: {a} {b}۔ سبق SMS پر آئیں گے۔ NEXT، REPEAT، LEAVE" } },
	{ "retake", {
	    "You are taking {a} {b} again, from lesson 1. Lessons come by "
	    "SMS; NEXT, REPEAT, LEAVE {a}.",
	    "Aap {a} {b} dobara shuru kar rahe hain, sabaq 1 se. Sabaq SMS "
	    "par ayenge.",
	    "{a} {b} دوبارہ، سبق 1 سے۔ سبق SMS پر آئیں گے۔" } },
	{ "enrolled_web", {
	    "Enrolled in {a} {b}. This course runs online: open hunar.pk.",
	    "Aap {a} {b} mein dakhil. Yeh course online hai: hunar.pk "
	    "kholein.",
	    "داخلہ ہو گیا: {a} {b}۔ یہ کورس آن لائن ہے: hunar.pk" } },
	{ "enrolled_centre", {
	    "Enrolled in {a} {b}. Classes are at a centre in {c}, not "
	    "by SMS.",
	    "Aap {a} {b} mein dakhil. Classes {c} ke markaz mein hongi, "
	    "SMS par nahi.",
	    "داخلہ: {a} {b}۔ کلاسیں {c} کے مرکز میں، SMS پر نہیں۔" } },
	{ "already", {
	    "You are already in {a} {b} ({c}). Send NEXT or PROGRESS.",
	    "Aap pehle se {a} {b} mein hain ({c}). NEXT ya PROGRESS "
	    "bhejein.",
	    "آپ پہلے سے {a} {b} میں ہیں ({c})۔ NEXT بھیجیں۔" } },
	{ "waitlisted", {
	    "{a} {b} is full. You are number {c} on the waitlist; we will "
	    "SMS you when a seat opens.",
	    "{a} {b} bhar chuka hai. Waitlist par aap ka number {c} hai; "
	    "seat khulne par SMS ayega.",
	    "{a} {b} بھر چکا ہے۔ انتظار میں آپ کا نمبر {c} ہے۔" } },
	{ "no_course", {
	    "No open course {a}. Send COURSES to see the courses.",
	    "Course {a} mojood nahin. Courses dekhne ke liye COURSES bhejein.",
	    "کورس {a} موجود نہیں۔ COURSES بھیجیں۔" } },
	{ "enroll_usage", {
	    "Send ENROLL and a course code, e.g. ENROLL C101. Send COURSES "
	    "for the codes.",
	    "ENROLL aur course code bhejein, jaise ENROLL C101. Codes ke liye "
	    "COURSES.",
	    "ENROLL اور کورس کوڈ بھیجیں، جیسے ENROLL C101۔" } },
	{ "unregistered", {
	    "Please register first: send JOIN your name and district.",
	    "Pehle register karein: JOIN naam zila bhejein.",
	    "پہلے رجسٹر کریں: JOIN نام ضلع بھیجیں۔" } },
	{ "left", {
	    "You left {a} {b}. Send ENROLL {a} to join again.",
	    "Aap ne {a} {b} chhor diya. Dobara: ENROLL {a}.",
	    "آپ نے {a} {b} چھوڑ دیا۔ دوبارہ: ENROLL {a}" } },
	{ "not_enrolled", {
	    "You are not enrolled in {a}. Send ENROLL and a course code.",
	    "Aap {a} mein dakhil nahin. ENROLL aur course code bhejein.",
	    "آپ {a} میں داخل نہیں۔ ENROLL بھیجیں۔" } },
	{ "next", {
	    "Your next message from {a} is on its way.",
	    "{a} ka agla paigham aa raha hai.",
	    "{a} کا اگلا پیغام آ رہا ہے۔" } },
	/* NEXT while a question waits: the question again, kept. */
	{ "quiz_waiting", {
	    "Answer first, or SKIP. {a}",
	    "Pehle jawab dein, ya SKIP. {a}",
	    "پہلے جواب دیں، یا SKIP۔ {a}" } },
	{ "skipped", {
	    "Question of {a} skipped (counts as wrong). The next lesson is "
	    "on its way.",
	    "{a} ka sawal chhor diya (ghalat gina jayega). Agla sabaq aa "
	    "raha hai.",
	    "{a} کا سوال چھوڑ دیا (غلط شمار)۔ اگلا سبق آ رہا ہے۔" } },
	{ "all_sent", {
	    "You have had every lesson of {a}. Answer the last question to "
	    "finish.",
	    "{a} ke sab sabaq aa chuke. Mukammal karne ke liye aakhri sawal "
	    "ka jawab dein.",
	    "{a} کے سب سبق آ چکے۔ آخری سوال کا جواب دیں۔" } },
	{ "finished", {
	    "{a} is finished. Send ENROLL {a} to take it again, or COURSES.",
	    "{a} khatam ho chuka. Dobara: ENROLL {a}, ya COURSES.",
	    "{a} ختم ہو چکا۔ دوبارہ: ENROLL {a}" } },
	{ "no_lesson", {
	    "No lesson yet: your first lesson comes soon.",
	    "Abhi koi sabaq nahin: pehla sabaq jald ayega.",
	    "ابھی کوئی سبق نہیں۔" } },
	/* NEXT or REPEAT with only an online or centre course: {a} it. */
	{ "not_by_sms", {
	    "{a} is not taught by SMS: it runs online (hunar.pk) or at a "
	    "centre. Send COURSES for courses by SMS.",
	    "{a} SMS par nahi parhaya jata: online (hunar.pk) ya markaz mein "
	    "hai. SMS courses ke liye COURSES bhejein.",
	    "{a} ایس ایم ایس پر نہیں: آن لائن (hunar.pk) یا مرکز میں۔ "
	    "COURSES بھیجیں۔" } },
	{ "no_quiz", {
	    "No question is waiting for your answer.",
	    "Koi sawal aap ke jawab ka muntazir nahin.",
	    "کوئی سوال جواب کا منتظر نہیں۔" } },
	{ "valid", {
	    "Certificate {a} is valid: {b} completed {c}.",
	    "Certificate {a} durust hai: {b} ne {c} mukammal kiya.",
	    "سرٹیفیکیٹ {a} درست ہے: {b}، {c}" } },
	{ "invalid", {
	    "No certificate has the code {a}.",
	    "Code {a} ka koi certificate nahin.",
	    "کوڈ {a} کا کوئی سرٹیفیکیٹ نہیں۔" } },
	{ "mistyped", {
	    "That certificate code looks mistyped: it has 10 letters and "
	    "digits. Check it and send VERIFY code.",
	    "Certificate code ghalat likha gaya: 10 harf aur hindse. Dekh kar "
	    "VERIFY code bhejein.",
	    "سرٹیفیکیٹ کوڈ غلط ہے۔ VERIFY code بھیجیں۔" } },
	{ "verify_usage", {
	    "Send VERIFY and the 10-letter certificate code, e.g. VERIFY "
	    "7K3M9QX2PA.",
	    "VERIFY aur certificate ka 10 harfi code bhejein, jaise VERIFY "
	    "7K3M9QX2PA.",
	    "VERIFY اور سرٹیفیکیٹ کوڈ بھیجیں، جیسے VERIFY 7K3M9QX2PA" } },
	{ "progress", {
	    "{a}: {b} lessons, score {c}.",
	    "{a}: {b} sabaq, score {c}.",
	    "{a}: {b} سبق، اسکور {c}" } },
	{ "no_courses", {
	    "You are in no course. Send COURSES to find one.",
	    "Aap kisi course mein nahin. COURSES bhejein.",
	    "آپ کسی کورس میں نہیں۔ COURSES بھیجیں۔" } },
	{ "passed", {
	    " Course complete! Certificate {c}, verify: VERIFY {c}",
	    " Course mukammal! Certificate {c}, tasdeeq: VERIFY {c}",
	    " کورس مکمل! سرٹیفیکیٹ {c}، VERIFY {c}" } },
	/* {c}: the score, {d}: the course code (c is "score|code"). */
	{ "failed", {
	    " Course finished with {c}%, below the pass mark. Try again: "
	    "ENROLL {d}",
	    " Course khatam, score {c}%, pass mark se kam. Dobara: ENROLL "
	    "{d}",
	    " کورس ختم، اسکور {c}%۔ دوبارہ: ENROLL {d}" } },
	{ NULL, { NULL, NULL, NULL } }
};


/* Room left after n bytes were written (or would have been). */
static size_t
text_left(size_t outlen, int n)
{
	if (n < 0 || (size_t)n >= outlen)
		return (0);
	return (outlen - (size_t)n);
}

/*
 * An enrolment's state as course_enroll() names it, in words; a waitlist
 * place ("waitlisted #2") is written into buf.
 */
static const char *
text_state(const char *st, enum hlang lang, char *buf, size_t len)
{
	static const struct infra_text	words[] = {
		{ "active", { "in progress", "jari", "جاری" } },
		{ "completed", { "completed", "mukammal", "مکمل" } },
		{ "waitlisted", { "waitlist", "waitlist", "انتظار" } },
		{ NULL, { NULL, NULL, NULL } }
	};
	static const char		*place[HLANG_COUNT] = {
		"number %d on the waitlist", "waitlist par number %d",
		"انتظار میں نمبر %d"
	};
	size_t				i;
	int				n;

	if (sscanf(st, "waitlisted #%d", &n) == 1 && n > 0) {
		(void)snprintf(buf, len, place[lang], n);
		return (buf);
	}
	for (i = 0; words[i].key != NULL; i++)
		if (strncmp(st, words[i].key, strlen(words[i].key)) == 0 &&
		    strchr(st, '#') == NULL)
			return (words[i].text[lang]);
	return (st);
}

/* The replies that confirm an action: one SMS each. */
static int
text_confirmation(const char *status)
{
	static const char	*one[] = { "enrolled", "retake", "enrolled_web",
	    "enrolled_centre", "already", "left", "waitlisted", NULL };
	int			 i;

	for (i = 0; one[i] != NULL; i++)
		if (strcmp(status, one[i]) == 0)
			return (1);
	return (0);
}

/* A confirmation's format and its arguments but the title. */
struct text_titled {
	const char	*fmt, *a, *c;
};

static int
text_fill_titled(const char *title, void *arg, char *out, size_t outlen)
{
	const struct text_titled	*v = arg;
	const char			*x[] = { v->a, title, v->c, "" };

	return (infra_text_fill(v->fmt, x, 4, out, outlen));
}

/*
 * A confirmation in one SMS: the title (b) is cut at a word, with an
 * ellipsis, until the whole fits; without room for any of it, it goes.
 */
static int
text_fit_one(const char *fmt, enum hlang lang, const char *a, const char *b,
    const char *c, char *out, size_t outlen)
{
	struct text_titled	 v = { fmt, a, c };
	char			 title[256];

	(void)snprintf(title, sizeof(title), "%s", b);
	return (infra_sms_fit_arg(title, sizeof(title), lang, 1,
	    text_fill_titled, &v, out, outlen));
}

/*
 * The SMS reply to one course_sms() row (status, lang, a, b, c).  Quiz
 * statuses ("correct", "wrong", each optionally ending "+passed" or
 * "+failed") carry the choice in a, the right option in b and the
 * certificate code or score in c.  Returns the length, or -1 for a status
 * this module does not know.
 */
int
course_reply(const char *status, const char *lang_code, const char *a,
    const char *b, const char *c, char *out, size_t outlen)
{
	struct course_grade	 g;
	enum hlang		 lang;
	const char		*fmt, *plus, *code, *v[4];
	char			 head[24], score[16], state[48];
	int			 n, m;

	lang = infra_lang_parse(lang_code);
	a = a != NULL ? a : "";
	b = b != NULL ? b : "";
	c = c != NULL ? c : "";
	if (outlen > 0)
		out[0] = '\0';

	if (strcmp(status, "repeat") == 0)
		return (snprintf(out, outlen, "%s", a));
	if (strcmp(status, "bad_answer") == 0) {
		memset(&g, 0, sizeof(g));
		return (course_feedback(&g, atoi(a), lang, out, outlen));
	}
	plus = strchr(status, '+');
	(void)snprintf(head, sizeof(head), "%.*s",
	    (int)(plus ? (size_t)(plus - status) : strlen(status)), status);
	if (strcmp(head, "correct") == 0 || strcmp(head, "wrong") == 0) {
		g.choice = atoi(a);
		g.right = atoi(b);
		g.correct = strcmp(head, "correct") == 0;
		n = course_feedback(&g, COURSE_OPTIONS_MAX, lang, out, outlen);
		if (plus == NULL)
			return (n);
		if ((fmt = infra_text_find(text_replies, plus + 1, lang)) == NULL)
			return (-1);
		/* "+failed": c is "score|code", the code for ENROLL. */
		(void)snprintf(score, sizeof(score), "%.*s",
		    (int)strcspn(c, "|"), c);
		code = c[strcspn(c, "|")] == '|' ? c + strcspn(c, "|") + 1 :
		    "";
		v[0] = a;
		v[1] = b;
		v[2] = score;
		v[3] = code;
		m = infra_text_fill(fmt, v, 4, out + (outlen - text_left(outlen,
		    n)), text_left(outlen, n));
		return (n + m);
	}
	/* A verb sent without its code gets an example. */
	if (*a == '\0' && strcmp(status, "mistyped") == 0)
		status = "verify_usage";
	else if (*a == '\0' && strcmp(status, "no_course") == 0)
		status = "enroll_usage";
	if ((fmt = infra_text_find(text_replies, status, lang)) == NULL)
		return (-1);
	/* "passed" and "failed" alone, without feedback before them. */
	while (*fmt == ' ')
		fmt++;
	/* "already": the enrolment's state, in the learner's words. */
	if (strcmp(status, "already") == 0)
		c = text_state(c, lang, state, sizeof(state));
	if (text_confirmation(status))
		return (text_fit_one(fmt, lang, a, b, c, out, outlen));
	/* "failed" (a SKIP ended the course): c is "score|code". */
	(void)snprintf(score, sizeof(score), "%.*s", (int)strcspn(c, "|"), c);
	code = c[strcspn(c, "|")] == '|' ? c + strcspn(c, "|") + 1 : "";
	v[0] = a;
	v[1] = b;
	v[2] = strcmp(status, "failed") == 0 ? score : c;
	v[3] = code;
	return (infra_text_fill(fmt, v, 4, out, outlen));
}

/* A lesson as it goes out: "C104 2/5: <body>". */
int
course_lesson_sms(const char *code, int pos, int lessons, const char *body,
    char *out, size_t outlen)
{
	return (snprintf(out, outlen, "%s %d/%d: %s", code, pos, lessons,
	    body));
}

/* A question as it goes out: "Q2: <question>\nA) ..\nB) ..\nReply A-C". */
int
course_quiz_sms(int pos, const char *question, const char *const *options,
    int noptions, enum hlang lang, char *out, size_t outlen)
{
	static const char	*reply[HLANG_COUNT] = {
		"Reply", "Jawab", "جواب"
	};
	size_t			 len;
	int			 i, n;

	if ((int)lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	if (noptions > COURSE_OPTIONS_MAX)
		noptions = COURSE_OPTIONS_MAX;
	n = snprintf(out, outlen, "Q%d: %s", pos, question);
	len = (size_t)(n < 0 ? 0 : n);
	for (i = 0; i < noptions; i++) {
		n = snprintf(out + outlen - text_left(outlen, (int)len),
		    text_left(outlen, (int)len), "\n%c) %s",
		    course_option_letter(i + 1), options[i]);
		len += (size_t)(n < 0 ? 0 : n);
	}
	n = snprintf(out + outlen - text_left(outlen, (int)len),
	    text_left(outlen, (int)len), "\n%s A-%c", reply[lang],
	    course_option_letter(noptions));
	len += (size_t)(n < 0 ? 0 : n);
	return ((int)len);
}
