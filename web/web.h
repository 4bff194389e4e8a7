/*
 * web: the marketplace (accounts, profiles, gigs, applications, reviews,
 * the employer's workspace) and the site's shell (home, navigation,
 * footer).  Its pages stand on the page kit (infra/page.h,
 * infra/page_kore.h).
 *
 * This header is the pure half (no Kore): the marketplace's strings in
 * English, Roman Urdu and Urdu script (web_str.c), and the few things other
 * modules show of it (application and gig status labels).
 * web/web_kore.h is the Kore half other modules may call; web/web_glue.h
 * is private to web/.
 */
#ifndef HUNAR_WEB_H
#define HUNAR_WEB_H

#include "infra/page.h"

/* The marketplace's and the shell's strings, one id each (web_str.c). */
enum web_str {
	WS_NONE = 0,
	/* the site's shell */
	WS_TAGLINE, WS_NAV_HOME, WS_NAV_GIGS, WS_NAV_MYAPPS, WS_NAV_WORKSPACE,
	WS_NAV_MYCOURSES,
	WS_NAV_PROFILE, WS_NAV_SIGNUP, WS_NAV_LOGOUT, WS_NAV_COURSES,
	WS_HOME_INTRO, WS_HOME_SMS,
	/* accounts */
	WS_SIGNUP_TITLE, WS_LOGIN_TITLE, WS_CLAIM_TITLE, WS_RESET_TITLE,
	WS_F_PHONE, WS_F_PHONE_HINT, WS_F_PASSWORD, WS_F_PASSWORD_HINT,
	WS_F_NAME, WS_F_ROLE, WS_ROLE_TRAINEE, WS_ROLE_TRAINER,
	WS_ROLE_EMPLOYER, WS_ROLE_ADMIN, WS_F_DISTRICT, WS_F_CODE,
	WS_F_CODE_HINT, WS_F_ORG, WS_BTN_SIGNUP, WS_BTN_LOGIN, WS_BTN_LOGOUT,
	WS_BTN_SEND_CODE, WS_BTN_SET_PASSWORD, WS_CODE_SENT, WS_SMS_CODE,
	WS_LOGIN_FAILED, WS_PHONE_TAKEN, WS_RATE_LIMITED, WS_FORGOT_LINK, WS_CLAIM_LINK, WS_CODE_BAD, WS_WELCOME, WS_PASSWORD_SET,
	/* gigs */
	WS_GIGS_TITLE, WS_SEARCH, WS_F_QUERY, WS_F_SKILL, WS_F_PROVINCE,
	WS_F_REMOTE, WS_F_BUDGET_MIN, WS_F_BUDGET_MAX, WS_F_POSTED, WS_ANY,
	WS_POSTED_1, WS_POSTED_7, WS_POSTED_30, WS_F_SORT, WS_SORT_NEW,
	WS_SORT_BUDGET, WS_SORT_DEADLINE, WS_SORT_RELEVANCE, WS_NO_GIGS,
	WS_REMOTE, WS_BUDGET, WS_DEADLINE, WS_SMS_APPLY,
	WS_GIG_CODE, WS_F_PROPOSAL, WS_F_PROPOSAL_HINT, WS_BTN_APPLY,
	WS_APPLIED_ALREADY, WS_APPLIED_OK, WS_GIG_CLOSED, WS_MYAPPS_TITLE,
	WS_ST_APPLIED, WS_ST_SHORTLISTED, WS_ST_OFFERED, WS_ST_ACCEPTED,
	WS_ST_DECLINED, WS_ST_HIRED, WS_ST_REJECTED, WS_ST_DONE, WS_ST_OPEN,
	WS_ST_CLOSED, WS_POST_GIG, WS_EDIT_GIG, WS_F_TITLE, WS_F_DESC,
	WS_F_SKILLS_REQ, WS_F_SKILLS_NICE, WS_F_SKILLS_HINT, WS_F_BUDGET,
	WS_F_DEADLINE, WS_BTN_SAVE, WS_BTN_CLOSE_GIG, WS_BTN_DONE_GIG,
	WS_SKILLS_REQ, WS_SKILLS_NICE, WS_STATUS, WS_POSTED_BY,
	WS_NO_APPS, WS_LOGIN_TO_APPLY, WS_FOUND, WS_FOUND_MORE,
	/* employer workspace */
	WS_WORKSPACE_TITLE, WS_APPLICANTS, WS_BTN_SHORTLIST, WS_BTN_REJECT,
	WS_BTN_HIRE, WS_SUGGESTED, WS_SUGGESTED_NONE, WS_NO_APPLICANTS,
	/* reviews */
	WS_REVIEW_TITLE, WS_F_RATING, WS_F_REVIEW, WS_BTN_REVIEW, WS_REVIEWS,
	WS_REVIEW_THANKS,
	/* profiles */
	WS_PROFILE_TITLE, WS_F_BIO, WS_F_LINKS, WS_F_AVAIL, WS_AVAIL_FULL,
	WS_AVAIL_PART, WS_AVAIL_WEEKENDS, WS_AVAIL_NONE, WS_F_LANGS,
	WS_F_PHONE_PUBLIC, WS_SKILLS, WS_LEVEL_1, WS_LEVEL_2, WS_LEVEL_3,
	WS_CERTIFIED, WS_RATING, WS_SAVED, WS_EDIT_PROFILE,
	/* late additions */
	WS_UNAVAILABLE, WS_SMS_HIRED, WS_SMS_REJECTED, WS_SUGGESTED_LINK,
	/* results first (issue 11) */
	WS_TRY_COURSES, WS_NO_DEADLINE,
	WS_NEW_EMPLOYER, WS_EMP_RATING, WS_GIGS_DONE, WS_STARS, WS_ERR_LANG,
	WS_F_LANGS_HINT, WS_F_MYSKILLS_HINT,
	WS_OFFER_SMS, WS_ANSWERED, WS_SMS_QUEUED, WS_SMS_SENT, WS_SMS_DELIVERED,
	WS_SMS_FAILED, WS_SMS_SUPPRESSED,
	/* programmes (issue 14) */
	WS_NAV_HUBS, WS_NAV_PROGRAMMES, WS_NAV_MYDATA, WS_NAV_MENTORING,
	/* hire and reject ask first (issue 11) */
	WS_CONFIRM_HIRE, WS_CONFIRM_REJECT, WS_CONFIRM_SMS, WS_CANCEL,
	/* identity and access (issue 13) */
	WS_LOGIN_WAIT, WS_CODES_DOWN, WS_SIGNUP_SENT, WS_SMS_SIGNUP_CODE,
	WS_SMS_SIGNUP_TAKEN, WS_BTN_VERIFY, WS_VERIFY_TITLE,
	/* the applicants as a table (issue 11) */
	WS_COL_NAME, WS_COL_STATE, WS_COL_APPLIED, WS_COL_ACTION,
	WS_APP_MORE, WS_COL_SCORE, WS_NO_SCORE,
	/* an SMS or USSD applicant, seen by the employer */
	WS_APP_NO_PROPOSAL, WS_APP_NO_SKILLS,
	/* an offer, seen by the freelancer on the web */
	WS_OFFER_HOW,
	WS_COUNT
};

const char	*web_str(enum web_str, enum hlang);

/* web_str.c: the same as HTML text; one more fact on a line of them */
void		 web_html_str(struct infra_buf *, enum web_str, enum hlang);
void		 web_html_meta(struct infra_buf *, enum web_str, enum hlang,
		    const char *, const char *);

/* web_langs.c: the languages a profile lists, by code and by name */
const char	*web_lang_name(const char *, size_t, enum hlang);
const char	*web_lang_find(const char *, size_t);
int		 web_langs_parse(const char *, char *, size_t, char *, size_t);

/* web_str.c: an application's or a gig's status in words */
const char	*web_status_label(const char *, enum hlang);

#endif
