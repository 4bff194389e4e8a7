/*
 * programmes: what a province runs -- programmes with targets, hubs
 * (community digital centres) with attendance codes and mentors, the
 * outcome dashboards, and what a person may see and delete of their own.
 *
 * The first half is pure (no Kore) and unit-tested: the SMS verbs HUB,
 * IN, MENTOR, MYDATA and DELETE with their replies in English, Roman
 * Urdu and Urdu script, and the dashboard's rendering (SVG bar charts,
 * CSV fields, suppressed cells).  The rules are PostgreSQL functions in
 * programmes/sql (prog_sms(), prog_hub_checkin(), prog_mentor_book(),
 * prog_can(), prog_rollup_refresh(), ...).  The channel's contract:
 *
 *	if (prog_sms_verb(norm, verb, sizeof(verb), arg, sizeof(arg))) {
 *		SELECT status, lang, a, b, c FROM prog_sms($phone, $verb, $arg)
 *		prog_reply(status, lang, a, b, c, out, sizeof(out));
 *	}
 */
#ifndef HUNAR_PROGRAMMES_H
#define HUNAR_PROGRAMMES_H

#include <stddef.h>
#include <stdint.h>

#include "infra/infra.h"

/* Cells of a published table under this many people are not shown. */
#define PROG_CELL_MIN		5

/* prog_text.c: the SMS verbs and their replies */
int		 prog_sms_verb(const char *, char *, size_t, char *, size_t);
int		 prog_reply(const char *, const char *, const char *,
		    const char *, const char *, char *, size_t);
int		 prog_reminder(int, const char *, const char *, const char *,
		    const char *, char *, size_t);

/* prog_mydata.c: what Hunar holds about a person, in words */
#define PROG_MYDATA_COUNTS	5	/* certificates .. skills */

struct prog_mydata {
	const char	*name;
	const char	*district_en;
	const char	*district_ur;
	const char	*lang;		/* en | ru | ur */
	const char	*gender;	/* f | m | x | "" */
	const char	*age;		/* an age band or "" */
	const char	*channel;	/* sms | ussd | web | seed */
	const char	*joined;	/* YYYY-MM-DD */
};

const char	*prog_mydata_word(const char *, const char *, enum hlang);
void		 prog_mydata_date(const char *, enum hlang, char *, size_t);
int		 prog_mydata_counts(const long *, enum hlang, char *, size_t);
int		 prog_mydata_person(const struct prog_mydata *, enum hlang,
		    int, char *, size_t);
int		 prog_mydata_courses(const char *, enum hlang, int, char *,
		    size_t);
int		 prog_mydata_reply(const char *, enum hlang, const char *,
		    const char *, const char *, char *, size_t);

/* prog_chart.c: bar charts as SVG, CSV fields, suppressed cells */
struct prog_bar {
	const char	*label;		/* text, escaped when written */
	long		 value;		/* < 0: suppressed (drawn as "<5") */
	long		 mark;		/* a target tick, < 0 for none */
};

void		 prog_svg_bars(struct infra_buf *, const char *,
		    const struct prog_bar *, size_t, int);
void		 prog_csv_field(struct infra_buf *, const char *, int);
const char	*prog_cell(const char *);

/* prog_ui.c: the pages' words */
enum prog_ui_str {
	PU_HUBS_TITLE, PU_HUBS_INTRO, PU_WOMEN_ONLY, PU_WOMEN_HOURS, PU_HOURS,
	PU_PHONE, PU_ADDRESS, PU_SERVICES, PU_SV_TRAINING, PU_SV_MENTORSHIP,
	PU_SV_INTERNET, PU_SV_GOVERNMENT, PU_PROVINCE, PU_DISTRICT, PU_ALL,
	PU_SHOW, PU_NO_HUBS, PU_MENTORS, PU_BOOK, PU_NO_SLOTS,
	PU_LOGIN_TO_BOOK, PU_BOOKED, PU_TAKEN, PU_ALREADY, PU_PROGRAMMES,
	PU_BUDGET, PU_TARGETS, PU_T_ENROL, PU_T_COMPLETE, PU_T_PLACED,
	PU_T_WOMEN, PU_COURSES, PU_DASHBOARD, PU_COPIED_FROM,
	PU_ATTENDANCE_COUNTS, PU_SESSIONS, PU_OPEN_SESSION, PU_COURSE_CODE,
	PU_LESSON, PU_MINUTES, PU_CODE_SHOW, PU_SLOTS, PU_HELD, PU_HELD_DONE,
	PU_FREE, PU_FUNNEL, PU_BY, PU_BY_DISTRICT, PU_BY_GENDER, PU_BY_AGE,
	PU_BY_CHANNEL, PU_BY_MONTH, PU_ST_REGISTERED, PU_ST_ENROLLED,
	PU_ST_COMPLETED, PU_ST_CERTIFIED, PU_ST_APPLIED, PU_ST_SHORTLISTED,
	PU_ST_HIRED, PU_WOMEN_SHARE, PU_GAP, PU_DEMAND, PU_SUPPLY, PU_GAPCOL,
	PU_TOP_SKILL, PU_CSV, PU_SUPPRESSED, PU_REFRESHED, PU_G_F, PU_G_M,
	PU_G_X, PU_G_NONE, PU_TARGET, PU_SHARE, PU_WOMEN, PU_KNOWN, PU_STAGE,
	PU_GROUP, PU_REPLICATE, PU_COPY, PU_COMPLETION, PU_PLACED, PU_COPIED,
	PU_LANGUAGE, PU_HUB, PU_NONE, PU_MYDATA, PU_MYDATA_PERSON,
	PU_MYDATA_OTHER, PU_DELETE_ALL, PU_DELETE_WARN, PU_DELETED,
	PU_DELETE_STAFF, PU_MY_SLOTS, PU_LEARNER, PU_WHEN, PU_MENTOR,
	PU_PEOPLE, PU_NEW_PROGRAMME, PU_EDIT_PROGRAMME, PU_NEW_HUB,
	PU_EDIT_HUB, PU_F_NAME_EN, PU_F_NAME_RU, PU_F_NAME_UR, PU_F_BUDGET_PKR,
	PU_NATIONAL, PU_F_HUB_NAME, PU_F_HUB_NAME_RU, PU_F_HUB_NAME_UR,
	PU_F_ADDRESS_EN,
	PU_F_ADDRESS_RU, PU_F_ADDRESS_UR, PU_MD_GENDER, PU_MD_AGE,
	PU_MD_JOINED, PU_MD_ACTIVE, PU_ACTIVE, PU_SAVE,
	PU_SAVED, PU_ERR_OUTSIDE, PU_ERR_SERVICES, PU_PROGRAMME, PU_EDIT, PU_ERR_PHONE,
	PU_MANAGE_HUB, PU_NO_MENTORING, PU_COUNT
};

const char	*prog_ui(enum prog_ui_str, enum hlang);


#endif
