/*
 * The USSD menu as a pure state machine.
 *
 * A hop is two calls.  ussd_menu_input() reads the latest input against
 * the screen the caller saw and moves the state; what the next screen
 * needs (a list page, a record, or an action such as an enrolment) comes
 * out as a struct ussd_req, which the glue turns into one call of the
 * SQL function ussd_fetch().  ussd_menu_render() takes the rows and
 * writes the screen.  Everything a later hop needs is in the state,
 * which serialises to a short line for Redis: the page's item keys are
 * kept, so "3" on a list means the item the caller saw as 3.
 *
 * Every screen fits one USSD message: 182 GSM-7 characters, 80 once
 * it needs UCS-2.  Lists page by what fits rather than by a fixed count.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ussd/ussd.h"

#define MENU_LABEL_GSM	40	/* characters of an item label, at most */
#define MENU_LABEL_UCS2	24
#define MENU_LABEL_MIN_GSM 22	/* ... when more rows share a page */
#define MENU_LABEL_MIN_UCS2 18
#define MENU_CUTS	((MENU_LABEL_GSM - 4) / 2 + 1)	/* cuts tried */

static const char *const need_kinds[USSD_NEED_COUNT] = {
	[USSD_NEED_NONE] = "",
	[USSD_NEED_USER] = "user",
	[USSD_NEED_PROVINCES] = "provinces",
	[USSD_NEED_DISTRICTS] = "districts",
	[USSD_NEED_COURSES] = "courses",
	[USSD_NEED_COURSE] = "course",
	[USSD_NEED_GIGS] = "gigs",
	[USSD_NEED_GIG] = "gig",
	[USSD_NEED_OFFERS] = "offers",
	[USSD_NEED_OFFER] = "offer",
	[USSD_NEED_STATUS] = "status",
	[USSD_DO_REGISTER] = "register",
	[USSD_DO_LANG] = "lang",
	[USSD_DO_ENROLL] = "enroll",
	[USSD_DO_APPLY] = "apply",
	[USSD_DO_ANSWER] = "answer",
	[USSD_DO_PICK] = "pick",
	[USSD_DO_ADD] = "add",
	[USSD_NEED_HUBS] = "hubs",
};

const char *
ussd_need_kind(enum ussd_need n)
{
	if ((int)n < 0 || n >= USSD_NEED_COUNT)
		return ("");
	return (need_kinds[n]);
}

void
ussd_menu_init(struct ussd_state *st)
{
	memset(st, 0, sizeof(*st));
	st->screen = USSD_S_START;
	st->lang = HLANG_EN;
}

/*
 * The aggregator sends every input so far joined by '*': the latest is
 * the last segment.  Returns its length and points *seg at it.
 */
size_t
ussd_menu_segment(const char *text, size_t len, const char **seg)
{
	size_t		i;

	for (i = len; i > 0; i--)
		if (text[i - 1] == '*')
			break;
	*seg = text + i;
	return (len - i);
}

/*
 * A menu choice: ASCII, Urdu (U+06F0..) or Arabic-Indic (U+0660..)
 * digits, spaces around allowed.  Returns the number, or -1.
 */
static int
menu_number(const char *in, size_t len)
{
	const unsigned char	*p = (const unsigned char *)in;
	size_t			 i;
	int			 n, digits, d;

	n = 0;
	digits = 0;
	i = 0;
	while (i < len && (p[i] == ' ' || p[i] == '#'))
		i++;
	while (i < len) {
		if (p[i] >= '0' && p[i] <= '9') {
			d = p[i] - '0';
			i++;
		} else if (i + 1 < len && p[i] == 0xdb && p[i + 1] >= 0xb0 &&
		    p[i + 1] <= 0xb9) {
			d = p[i + 1] - 0xb0;
			i += 2;
		} else if (i + 1 < len && p[i] == 0xd9 && p[i + 1] >= 0xa0 &&
		    p[i + 1] <= 0xa9) {
			d = p[i + 1] - 0xa0;
			i += 2;
		} else {
			break;
		}
		if (++digits > 3)
			return (-1);
		n = n * 10 + d;
	}
	while (i < len && (p[i] == ' ' || p[i] == '#'))
		i++;
	if (digits == 0 || i != len)
		return (-1);
	return (n);
}

/*
 * A name as typed: letters (any script), spaces, . ' -; 2 to 40 bytes
 * once trimmed and with runs of spaces folded.  No digits, no control
 * bytes, valid UTF-8.  Returns 0 and the clean name in name, or -1 and
 * name as it was (a bad name typed over a good one left a part of each,
 * not UTF-8: the session could not be saved and read again -- found by
 * fuzz_ussd).
 */
static int
menu_name(const char *in, size_t len, char *name, size_t namelen)
{
	const unsigned char	*p = (const unsigned char *)in;
	char			 out[USSD_NAME_MAX];
	size_t			 i, n, outlen;
	int			 letters;

	if (!infra_utf8_valid(in, len))
		return (-1);
	outlen = namelen < sizeof(out) ? namelen : sizeof(out);
	n = 0;
	letters = 0;
	for (i = 0; i < len; i++) {
		if (p[i] == ' ' || p[i] == '\t') {
			if (n > 0 && out[n - 1] != ' ' && n + 1 < outlen)
				out[n++] = ' ';
			continue;
		}
		if (p[i] < 0x80 && !((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') || p[i] == '.' ||
		    p[i] == '\'' || p[i] == '-'))
			return (-1);
		/* C1 controls (U+0080..U+009F) are no letters. */
		if (p[i] == 0xc2 && i + 1 < len && p[i + 1] < 0xa0)
			return (-1);
		if (p[i] < 0x80 || p[i] >= 0xc0)
			letters++;
		if (n + 1 >= outlen)
			return (-1);
		out[n++] = (char)p[i];
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	if (letters < 2)
		return (-1);
	memcpy(name, out, n + 1);
	return (0);
}

/* Sets req to what the current screen shows (a list page, a record). */
static void
menu_need_screen(struct ussd_state *st, struct ussd_req *req)
{
	memset(req, 0, sizeof(*req));
	req->off = st->off;
	req->lim = USSD_PAGE_MAX + 1;
	switch (st->screen) {
	case USSD_S_START:
	case USSD_S_WHO:
		req->need = USSD_NEED_USER;
		break;
	case USSD_S_REG_PROV:
		req->need = USSD_NEED_PROVINCES;
		break;
	case USSD_S_REG_DIST:
		req->need = USSD_NEED_DISTRICTS;
		(void)snprintf(req->arg, sizeof(req->arg), "%d", st->prov);
		break;
	case USSD_S_COURSES:
		req->need = USSD_NEED_COURSES;
		break;
	case USSD_S_COURSE:
		req->need = USSD_NEED_COURSE;
		(void)snprintf(req->arg, sizeof(req->arg), "%s", st->pick);
		break;
	case USSD_S_GIGS:
		req->need = USSD_NEED_GIGS;
		if (st->dist > 0)
			(void)snprintf(req->arg, sizeof(req->arg), "%d",
			    st->dist);
		break;
	case USSD_S_GIG:
		req->need = USSD_NEED_GIG;
		(void)snprintf(req->arg, sizeof(req->arg), "%s", st->pick);
		break;
	case USSD_S_OFFERS:
		req->need = USSD_NEED_OFFERS;
		break;
	case USSD_S_OFFER:
		req->need = USSD_NEED_OFFER;
		(void)snprintf(req->arg, sizeof(req->arg), "%s", st->pick);
		break;
	default:
		req->need = USSD_NEED_NONE;
		req->lim = 0;
		break;
	}
}

/* Opens a list screen at its first page. */
static void
menu_list_open(struct ussd_state *st, int screen, struct ussd_req *req)
{
	st->screen = screen;
	st->off = 0;
	st->nback = 0;
	st->nkeys = 0;
	st->more = 0;
	menu_need_screen(st, req);
}

#define LIST_BAD	(-1)
#define LIST_PAGE	(-2)	/* another page of the same list */
#define LIST_PARENT	(-3)	/* "0" on the first page */

/* A choice on a list page: an item index, or one of LIST_*. */
static int
menu_list_choice(struct ussd_state *st, int n)
{
	if (n >= 1 && n <= st->nkeys)
		return (n - 1);
	if (n == USSD_MORE && st->more) {
		if (st->nback < USSD_BACK_MAX)
			st->back[st->nback++] = st->off;
		else {
			memmove(st->back, st->back + 1,
			    (USSD_BACK_MAX - 1) * sizeof(st->back[0]));
			st->back[USSD_BACK_MAX - 1] = st->off;
		}
		st->off += st->nkeys;
		return (LIST_PAGE);
	}
	if (n == 0) {
		if (st->off == 0)
			return (LIST_PARENT);
		st->off = st->nback > 0 ? st->back[--st->nback] : 0;
		return (LIST_PAGE);
	}
	return (LIST_BAD);
}

static void
menu_pick(struct ussd_state *st, int i, int screen, struct ussd_req *req)
{
	(void)snprintf(st->pick, sizeof(st->pick), "%s", st->keys[i]);
	st->screen = screen;
	menu_need_screen(st, req);
}

static void
menu_go(struct ussd_state *st, int screen, struct ussd_req *req)
{
	st->screen = screen;
	menu_need_screen(st, req);
}

static void
menu_do(struct ussd_req *req, enum ussd_need need, const char *arg,
    const char *arg2)
{
	memset(req, 0, sizeof(*req));
	req->need = need;
	(void)snprintf(req->arg, sizeof(req->arg), "%s", arg);
	(void)snprintf(req->arg2, sizeof(req->arg2), "%s", arg2);
}

/* The main menu's choices; 0 for one it does not offer. */
static int
menu_main(struct ussd_state *st, int n, struct ussd_req *req)
{
	switch (n) {
	case 1:
		menu_list_open(st, USSD_S_COURSES, req);
		return (1);
	case 2:
		menu_list_open(st, USSD_S_GIGS, req);
		return (1);
	case 3:
		menu_do(req, USSD_NEED_STATUS, "", "");
		return (1);
	case 4:
		menu_list_open(st, USSD_S_OFFERS, req);
		return (1);
	case 5:
		menu_go(st, USSD_S_LANG, req);
		return (1);
	case 6:
		st->say = USSD_T_HELP;
		menu_go(st, USSD_S_DONE, req);
		return (1);
	case 7:
		menu_do(req, USSD_NEED_HUBS, "", "");
		return (1);
	case 0:
		st->say = USSD_T_BYE;
		menu_go(st, USSD_S_END, req);
		return (1);
	}
	return (0);
}

/*
 * The optional gender and age screens of the registration.  st->pick
 * holds the district id, then the gender letter (f, m, s: skipped); the
 * age band (1-4, 0: skipped) completes it for USSD_DO_REGISTER.  "0" goes
 * back a screen.  Returns 0 for a choice the screen does not offer.
 */
static int
menu_reg_about(struct ussd_state *st, int n, struct ussd_req *req)
{
	size_t	len;
	char	arg[USSD_KEY_MAX];

	len = strspn(st->pick, "0123456789");
	if (st->screen == USSD_S_REG_GENDER) {
		/* Back to the page the district was chosen on (page 4 of
		 * KP's 37 for Swat), not the list's first. */
		if (n == 0) {
			st->pick[0] = '\0';
			menu_go(st, USSD_S_REG_DIST, req);
			return (1);
		}
		if (n < 1 || n > 3 || len == 0 || len + 2 > sizeof(st->pick))
			return (0);
		st->pick[len] = "fms"[n - 1];
		st->pick[len + 1] = '\0';
		menu_go(st, USSD_S_REG_AGE, req);
		return (1);
	}
	if (n == 0) {
		st->pick[len] = '\0';
		menu_go(st, USSD_S_REG_GENDER, req);
		return (1);
	}
	if (n < 1 || n > 5)
		return (0);
	(void)snprintf(arg, sizeof(arg), "%.*s%d", (int)(len + 1), st->pick,
	    n == 5 ? 0 : n);
	menu_do(req, USSD_DO_REGISTER, arg, st->name);
	return (1);
}

/* A language chosen (registering, or from the menu); 0 if none. */
static int
menu_lang_input(struct ussd_state *st, int n, struct ussd_req *req)
{
	if (n >= 1 && n <= HLANG_COUNT) {
		st->lang = n - 1;
		if (st->screen == USSD_S_LANG)
			menu_do(req, USSD_DO_LANG, "", "");
		else
			menu_go(st, USSD_S_REG_NAME, req);
		return (1);
	}
	if (n == 0 && st->screen == USSD_S_LANG) {
		menu_go(st, USSD_S_MAIN, req);
		return (1);
	}
	return (0);
}

/* The name typed at registration (or "0" to go back). */
static void
menu_name_input(struct ussd_state *st, int n, const char *in, size_t len,
    struct ussd_req *req)
{
	if (n == 0) {
		menu_go(st, USSD_S_REG_LANG, req);
		return;
	}
	if (n < 0 && menu_name(in, len, st->name, sizeof(st->name)) == 0) {
		menu_list_open(st, USSD_S_REG_PROV, req);
		return;
	}
	st->hint = USSD_HINT_NAME;
}

/* A choice on a list screen; 0 for one the page does not offer. */
static int
menu_list_input(struct ussd_state *st, int n, struct ussd_req *req)
{
	int		i;

	if ((i = menu_list_choice(st, n)) == LIST_BAD)
		return (0);
	if (i == LIST_PAGE) {
		menu_need_screen(st, req);
		return (1);
	}
	if (i == LIST_PARENT) {
		if (st->screen == USSD_S_REG_PROV)
			menu_go(st, USSD_S_REG_NAME, req);
		else if (st->screen == USSD_S_REG_DIST)
			menu_list_open(st, USSD_S_REG_PROV, req);
		else
			menu_go(st, USSD_S_MAIN, req);
		return (1);
	}
	switch (st->screen) {
	case USSD_S_REG_PROV:
		st->prov = atoi(st->keys[i]);
		menu_list_open(st, USSD_S_REG_DIST, req);
		break;
	case USSD_S_REG_DIST:
		/* Gender and age next: asked, never required. */
		(void)snprintf(st->pick, sizeof(st->pick), "%s", st->keys[i]);
		menu_go(st, USSD_S_REG_GENDER, req);
		break;
	case USSD_S_COURSES:
		menu_pick(st, i, USSD_S_COURSE, req);
		break;
	case USSD_S_GIGS:
		menu_pick(st, i, USSD_S_GIG, req);
		break;
	default:
		menu_pick(st, i, USSD_S_OFFER, req);
		break;
	}
	return (1);
}

/* A choice on a course, gig or offer screen; 0 for one it lacks. */
static int
menu_item_input(struct ussd_state *st, int n, struct ussd_req *req)
{
	if (st->screen == USSD_S_OFFER) {
		if (n == 1 || n == 2) {
			menu_do(req, USSD_DO_ANSWER, st->pick,
			    n == 1 ? "yes" : "no");
			return (1);
		}
		if (n == 0) {
			menu_go(st, USSD_S_OFFERS, req);
			return (1);
		}
		return (0);
	}
	if (n == 1) {
		menu_do(req, st->screen == USSD_S_COURSE ?
		    USSD_DO_ENROLL : USSD_DO_APPLY, st->pick, "");
		return (1);
	}
	if (n == 0) {
		menu_go(st, st->screen == USSD_S_COURSE ?
		    USSD_S_COURSES : USSD_S_GIGS, req);
		return (1);
	}
	return (0);
}

/*
 * A shared phone (issue 14): who is this, a seat from the list ("0"
 * ends the session), then their PIN, four digits ("0" goes back to the
 * list).  The PIN is never kept in the state: it goes to the glue in
 * req->arg2, which sends ussd_fetch() its hash.
 */
static int
menu_seat_input(struct ussd_state *st, int n, const char *in, size_t len,
    struct ussd_req *req)
{
	int	i;

	if (st->screen == USSD_S_WHO) {
		if ((i = menu_list_choice(st, n)) == LIST_BAD)
			return (0);
		if (i == LIST_PAGE) {
			menu_need_screen(st, req);
		} else if (i == LIST_PARENT) {
			st->say = USSD_T_BYE;
			menu_go(st, USSD_S_END, req);
		} else {
			(void)snprintf(st->pick, sizeof(st->pick), "%s",
			    st->keys[i]);
			menu_go(st, strcmp(st->pick, "new") == 0 ?
			    USSD_S_NEW_NAME : USSD_S_PIN, req);
		}
		return (1);
	}
	if (len == 1 && n == 0) {
		menu_list_open(st, USSD_S_WHO, req);
		return (1);
	}
	if (st->screen == USSD_S_NEW_NAME) {
		if (n >= 0 || menu_name(in, len, st->name,
		    sizeof(st->name)) == -1) {
			st->hint = USSD_HINT_NAME;
			return (1);
		}
		menu_go(st, USSD_S_PIN, req);
		return (1);
	}
	if (len != 4 || strspn(in, "0123456789") != 4)
		return (0);
	if (strcmp(st->pick, "new") == 0) {
		menu_do(req, USSD_DO_ADD, "", st->name);
		memcpy(req->arg, in, 4);
		req->arg[4] = '\0';
		return (1);
	}
	menu_do(req, USSD_DO_PICK, st->pick, "");
	memcpy(req->arg2, in, 4);
	req->arg2[4] = '\0';
	return (1);
}

/*
 * One input on the screen st shows.  in is the latest segment (NULL at
 * the start of a session).  A wrong input keeps the screen and sets a
 * hint; the screen is then shown again.
 */
void
ussd_menu_input(struct ussd_state *st, const char *in, size_t len,
    struct ussd_req *req)
{
	int		n, done;

	st->hint = USSD_HINT_NONE;
	menu_need_screen(st, req);
	if (st->screen == USSD_S_START || st->screen == USSD_S_END)
		return;
	if (in == NULL)
		in = "";
	if (len > USSD_INPUT_MAX) {
		st->hint = USSD_HINT_LONG;
		return;
	}
	n = menu_number(in, len);

	done = 0;
	switch (st->screen) {
	case USSD_S_REG_LANG:
	case USSD_S_LANG:
		done = menu_lang_input(st, n, req);
		break;
	case USSD_S_REG_NAME:
		menu_name_input(st, n, in, len, req);
		return;
	case USSD_S_REG_GENDER:
	case USSD_S_REG_AGE:
		done = menu_reg_about(st, n, req);
		break;
	case USSD_S_DONE:
		/* A result shown: any key goes back to the menu. */
		menu_go(st, USSD_S_MAIN, req);
		if (n != 0)
			st->hint = USSD_HINT_CHOICE;
		return;
	case USSD_S_MAIN:
		done = menu_main(st, n, req);
		break;
	case USSD_S_REG_PROV:
	case USSD_S_REG_DIST:
	case USSD_S_COURSES:
	case USSD_S_GIGS:
	case USSD_S_OFFERS:
		done = menu_list_input(st, n, req);
		break;
	case USSD_S_COURSE:
	case USSD_S_GIG:
	case USSD_S_OFFER:
		done = menu_item_input(st, n, req);
		break;
	case USSD_S_WHO:
	case USSD_S_PIN:
	case USSD_S_NEW_NAME:
		done = menu_seat_input(st, n, in, len, req);
		break;
	default:
		break;
	}
	if (!done)
		st->hint = USSD_HINT_CHOICE;
}

/* A dropped session dialled again: the last screen, with a greeting. */
void
ussd_menu_resume(struct ussd_state *st, struct ussd_req *req)
{
	menu_need_screen(st, req);
	st->hint = USSD_HINT_RESUMED;
}

/* Does a screen fit one USSD message? */
int
ussd_menu_fits(const char *s, size_t len)
{
	return (ussd_menu_fits_in(s, len, USSD_SCREEN_GSM7, USSD_SCREEN_UCS2));
}

/* ... of at most gsm GSM-7 characters, or ucs2 when it needs UCS-2. */
int
ussd_menu_fits_in(const char *s, size_t len, size_t gsm, size_t ucs2)
{
	struct infra_sms_count	c;

	if (infra_sms_count(s, len, &c) == -1)
		return (0);
	if (c.coding == INFRA_SMS_GSM7)
		return (c.units <= gsm);
	return (c.units <= ucs2);
}

/*
 * Through Kannel's smsbox a reply is cut at one SMS (160 GSM-7, 70
 * UCS-2), so the SMPP path asks for smaller screens.
 */
static int
menu_fits(const struct ussd_state *st, const char *s)
{
	if (st->small)
		return (ussd_menu_fits_in(s, strlen(s), 160, 70));
	return (ussd_menu_fits(s, strlen(s)));
}

/* Appends to a screen being built; a line break before all but the first. */
static void
menu_add(char *out, size_t outlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
menu_add(char *out, size_t outlen, const char *fmt, ...)
{
	va_list		ap;
	size_t		n;

	n = strlen(out);
	if (n > 0 && n + 1 < outlen)
		out[n++] = '\n';
	out[n] = '\0';
	if (n >= outlen)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(out + n, outlen - n, fmt, ap);
	va_end(ap);
}

/*
 * Copies at most max characters of a UTF-8 string, on one line; a longer
 * one is cut at a word, with "…" on an Urdu screen (ur) or where the text
 * is UCS-2 anyway, else "..." (one "…" would make a GSM-7 screen UCS-2).
 */
static void
menu_cut(char *dst, size_t dstlen, const char *src, int max, int ur)
{
	struct infra_sms_count	cnt;
	size_t			i, n, start, chars;

	if (dstlen == 0)
		return;
	n = 0;
	start = 0;
	for (i = 0; src[i] != '\0'; i++) {
		if (((unsigned char)src[i] & 0xc0) != 0x80)
			start = n;
		if (src[i] == '\n' || src[i] == '\r' || src[i] == '|')
			continue;
		if (n + 1 >= dstlen) {
			/* Never leave half a character behind. */
			n = start;
			break;
		}
		dst[n++] = src[i];
	}
	/* A label cut after a word ends without its space. */
	while (n > 0 && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
	if (max < 0)
		max = 0;
	/* Short enough (most labels): no alphabet to look up, no cut. */
	for (i = 0, chars = 0; i < n; i++)
		chars += ((unsigned char)dst[i] & 0xc0) != 0x80;
	if (chars <= (size_t)max)
		return;
	if (infra_sms_count(dst, n, &cnt) == -1)
		cnt.coding = INFRA_SMS_GSM7;
	(void)infra_text_cut(dst, dstlen, (size_t)max,
	    ur || cnt.coding == INFRA_SMS_UCS2 ? "…" : "...");
}

static const char *
menu_t(const struct ussd_state *st, enum ussd_txt t)
{
	return (ussd_menu_text(t, st->lang));
}

/* The hint line (if any) a screen starts with. */
static void
menu_head(struct ussd_state *st, char *out, size_t outlen)
{
	out[0] = '\0';
	switch (st->hint) {
	case USSD_HINT_CHOICE:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_HINT_CHOICE));
		break;
	case USSD_HINT_NAME:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_HINT_NAME));
		break;
	case USSD_HINT_LONG:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_HINT_LONG));
		break;
	case USSD_HINT_RESUMED:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_HINT_RESUMED));
		break;
	case USSD_HINT_FAILED:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_HINT_FAILED));
		break;
	case USSD_HINT_PIN:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_HINT_PIN));
		break;
	}
}

/*
 * Characters a string costs in a screen of the given coding: UTF-16
 * units in UCS-2, septets in GSM-7 (an extension character costs 2).
 * Counting without infra_sms_count()'s alphabet tables keeps the fit
 * search below cheap; the screen chosen is checked with it once.
 */
static size_t
menu_units(const char *s, int ucs2)
{
	const unsigned char	*p;
	size_t			 n;

	n = 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		n++;
		if (ucs2 && *p >= 0xf0)
			n++;
		else if (!ucs2 && *p < 0x80 && strchr("^{}\\[~]|", *p))
			n++;
		else if (!ucs2 && p[0] == 0xe2 && p[1] == 0x82 &&
		    p[2] == 0xac)
			n++;
	}
	return (n);
}

static int
menu_ucs2(const char *s)
{
	struct infra_sms_count	 c;
	const unsigned char	*p;

	/* Printable ASCII but '`' is all GSM-7: the common case, fast. */
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p >= 0x80 || *p == '`' || (*p < 0x20 && *p != '\n'))
			break;
	if (*p == '\0')
		return (0);
	return (infra_sms_count(s, strlen(s), &c) == 0 &&
	    c.coding == INFRA_SMS_UCS2);
}

/* Writes the page with k rows, labels cut to cut characters. */
static void
menu_list_write(struct ussd_state *st, const char *head,
    const struct ussd_row *rows, int nrows, int k, int cut, char *out,
    size_t outlen)
{
	char		label[128];
	int		i;

	(void)snprintf(out, outlen, "%s", head);
	for (i = 0; i < k; i++) {
		menu_cut(label, sizeof(label), rows[i].b, cut,
		    st->lang == HLANG_UR);
		if (rows[i].a[0] != '\0')
			menu_add(out, outlen, "%d %s %s", i + 1, rows[i].a,
			    label);
		else
			menu_add(out, outlen, "%d %s", i + 1, label);
	}
	if (nrows > k)
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_MORE));
	menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
}

/*
 * A list page: as many rows (k key, a code, b label) as fit with the
 * head, "98 More" when rows are left, and "0 Back".  The keys shown
 * are kept in the state for the next input.
 */
static void
menu_list(struct ussd_state *st, enum ussd_txt title, enum ussd_txt none,
    const struct ussd_row *rows, int nrows, char *out, size_t outlen)
{
	char		head[USSD_SCREEN_BYTES], label[128];
	size_t		limit, fixed, total, cost[USSD_PAGE_MAX][MENU_CUTS];
	int		k, i, j, max, min, cut, ucs2, last;

	menu_head(st, head, sizeof(head));
	if (nrows <= 0) {
		st->nkeys = 0;
		st->more = 0;
		(void)snprintf(out, outlen, "%s", head);
		menu_add(out, outlen, "%s", menu_t(st, none));
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
		return;
	}
	menu_add(head, sizeof(head), "%s", menu_t(st, title));
	last = nrows < USSD_PAGE_MAX ? nrows : USSD_PAGE_MAX;
	ucs2 = menu_ucs2(head) || menu_ucs2(menu_t(st, USSD_T_MORE)) ||
	    menu_ucs2(menu_t(st, USSD_T_BACK));
	for (i = 0; i < last && !ucs2; i++)
		ucs2 = menu_ucs2(rows[i].a) || menu_ucs2(rows[i].b);
	if (st->small)
		limit = ucs2 ? 70 : 160;
	else
		limit = ucs2 ? USSD_SCREEN_UCS2 : USSD_SCREEN_GSM7;
	fixed = menu_units(head, ucs2) + 1 +
	    menu_units(menu_t(st, USSD_T_BACK), ucs2);

	max = st->lang == HLANG_UR ? MENU_LABEL_UCS2 : MENU_LABEL_GSM;
	min = st->lang == HLANG_UR ? MENU_LABEL_MIN_UCS2 : MENU_LABEL_MIN_GSM;
	/*
	 * The most rows that fit, each label cut to no less than
	 * MENU_LABEL_MIN_* characters; a single row may be cut further.
	 */
	/*
	 * Each row's cost ("\nN code label") at each cut, computed when
	 * first needed and kept: most pages fit at the first cut tried, and
	 * a USSD hop renders one (issue 13: computing every cut up front
	 * was a quarter of a Kore worker's time at 2,000 hops/s).
	 */
	for (i = 0; i < last; i++)
		for (j = 0; j < MENU_CUTS; j++)
			cost[i][j] = 0;
	for (k = last; k >= 1; k--) {
		for (cut = max, j = 0; cut >= (k > 1 ? min : 4) &&
		    j < MENU_CUTS; cut -= 2, j++) {
			total = fixed;
			if (nrows > k)
				total += 1 +
				    menu_units(menu_t(st, USSD_T_MORE), ucs2);
			for (i = 0; i < k && total <= limit; i++) {
				if (cost[i][j] == 0) {
					menu_cut(label, sizeof(label),
					    rows[i].b, cut,
					    st->lang == HLANG_UR);
					cost[i][j] = 3 +
					    menu_units(label, ucs2);
					if (rows[i].a[0] != '\0')
						cost[i][j] += 1 + menu_units(
						    rows[i].a, ucs2);
				}
				total += cost[i][j];
			}
			if (total > limit)
				continue;
			menu_list_write(st, head, rows, nrows, k, cut, out,
			    outlen);
			if (menu_fits(st, out))
				goto done;
		}
	}
	k = 0;
	(void)snprintf(out, outlen, "%s", head);
	menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
done:
	st->nkeys = k;
	st->more = nrows > k;
	for (i = 0; i < k; i++)
		menu_cut(st->keys[i], sizeof(st->keys[i]), rows[i].k,
		    USSD_KEY_MAX - 1, 0);
}

/*
 * A screen from one format with a title that may be long: the title is
 * cut until the whole fits.  Fields: code, title, x, y.
 */
/* One try of a record screen: the title cut to tmax, x and y to fmax. */
static int
menu_record_fill(struct ussd_state *st, enum ussd_txt fmt, const char *head,
    const char *code, const char *title, int tmax, const char *x,
    const char *y, int fmax, enum ussd_txt opt, char *out, size_t outlen)
{
	char		cut[128], xc[128], yc[128], cc[64];
	char		body[USSD_SCREEN_BYTES];
	const char	*v[4] = { cc, cut, xc, yc };

	/* A code is short (G1001, C101); a longer one is cut like a field. */
	menu_cut(cc, sizeof(cc), code, fmax < 16 ? fmax : 16, 0);
	menu_cut(cut, sizeof(cut), title, tmax, st->lang == HLANG_UR);
	menu_cut(xc, sizeof(xc), x, fmax, st->lang == HLANG_UR);
	menu_cut(yc, sizeof(yc), y, fmax, st->lang == HLANG_UR);
	/* The templates are this module's own (ussd_menu_text.c). */
	(void)infra_text_fill(menu_t(st, fmt), v, 4, body, sizeof(body));
	(void)snprintf(out, outlen, "%s", head);
	menu_add(out, outlen, "%s", body);
	if (opt != USSD_T_COUNT)
		menu_add(out, outlen, "%s", menu_t(st, opt));
	if (st->screen != USSD_S_END)
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
	return (menu_fits(st, out));
}

/*
 * A screen from one format with a title that may be long: the title is
 * cut until the whole fits; when no title fits, the other fields are
 * long too (an employer's name in Urdu) and are cut as well (the fuzzer
 * found a gig whose screen did not fit).  Fields: code, title, x, y.
 */
static void
menu_record(struct ussd_state *st, enum ussd_txt fmt, const char *code,
    const char *title, const char *x, const char *y, enum ussd_txt opt,
    char *out, size_t outlen)
{
	char		head[USSD_SCREEN_BYTES];
	int		max, fmax;

	menu_head(st, head, sizeof(head));
	for (fmax = 120; fmax >= 0; fmax -= 20)
		for (max = 60; max >= 0; max -= 4)
			if (menu_record_fill(st, fmt, head, code, title, max,
			    x, y, fmax, opt, out, outlen))
				return;
}

/* An SMS recap from a format of this module; code, title, x. */
static void
menu_recap(const struct ussd_state *st, enum ussd_txt fmt, const char *code,
    const char *title, const char *x, char *recap, size_t recaplen)
{
	char		cut[64];
	const char	*v[3] = { code, cut, x };

	menu_cut(cut, sizeof(cut), title, 40, st->lang == HLANG_UR);
	(void)infra_text_fill(ussd_menu_text(fmt, st->lang), v, 3, recap,
	    recaplen);
}

/*
 * My status: one line per course and application, as many as fit with
 * "0 Back" under them.
 */
static void
menu_status(struct ussd_state *st, const struct ussd_row *rows, int nrows,
    char *out, size_t outlen)
{
	char		try[USSD_SCREEN_BYTES];
	size_t		keep;
	int		i;

	(void)snprintf(out, outlen, "%s", menu_t(st, USSD_T_STATUS_HEAD));
	for (i = 0; i < nrows; i++) {
		keep = strlen(out);
		if (strcmp(rows[i].k, "course") == 0)
			menu_add(out, outlen, "%s %s %s", rows[i].a,
			    rows[i].b, ussd_menu_word(rows[i].c, st->lang));
		else
			menu_add(out, outlen, "%s %s", rows[i].a,
			    ussd_menu_word(rows[i].b, st->lang));
		(void)snprintf(try, sizeof(try), "%s\n%s", out,
		    menu_t(st, USSD_T_BACK));
		if (!menu_fits(st, try)) {
			out[keep] = '\0';
			break;
		}
	}
	if (nrows == 0)
		(void)snprintf(out, outlen, "%s",
		    menu_t(st, USSD_T_STATUS_NONE));
	menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
}

/*
 * One hub's line in the given form: 0 name (women), address, hours,
 * phone; 1 without the hours (where to go matters more than when); 2
 * without the address; 3 name and phone; 4 the name cut.  The fields
 * are joined with the caller's comma.
 */
static void
menu_hub_line(struct ussd_state *st, const struct ussd_row *row, int form,
    const char *hours, const char *addr, char *out, size_t outlen)
{
	const char	*cm = infra_comma(st->lang);
	char		 name[160];

	if (form < 3 && strcmp(row->k, "hubw") == 0)
		(void)snprintf(name, sizeof(name), "%s (%s)", row->a,
		    menu_t(st, USSD_T_HUBS_WOMEN));
	else if (form == 4)
		(void)snprintf(name, sizeof(name), "%.*s",
		    (int)infra_utf8_cut(row->a, strlen(row->a), 24), row->a);
	else
		(void)snprintf(name, sizeof(name), "%s", row->a);
	if (form == 0 && *addr != '\0')
		menu_add(out, outlen, "%s%s%s%s%s%s%s", name, cm, addr, cm,
		    hours, cm, row->c);
	else if (form == 1 && *addr != '\0')
		menu_add(out, outlen, "%s%s%s%s%s", name, cm, addr, cm,
		    row->c);
	else if (form < 3)
		menu_add(out, outlen, "%s%s%s%s%s", name, cm, hours, cm,
		    row->c);
	else
		menu_add(out, outlen, "%s%s%s", name, cm, row->c);
}

/*
 * The nearest hub when even its name cut and its phone do not fit (a
 * phone field holding two numbers and a note, in Urdu's 80 characters):
 * its line is cut, on a character, until the screen fits.
 */
static void
menu_hub_cut(struct ussd_state *st, const struct ussd_row *row,
    const char *hours, const char *addr, char *out, size_t outlen)
{
	char		line[USSD_SCREEN_BYTES], try[USSD_SCREEN_BYTES];
	size_t		len;

	line[0] = '\0';
	menu_hub_line(st, row, 4, hours, addr, line, sizeof(line));
	len = strlen(line);
	while (len > 0) {
		len = infra_utf8_cut(line, len, len - 1);
		(void)snprintf(try, sizeof(try), "%s\n%.*s\n%s", out,
		    (int)len, line, menu_t(st, USSD_T_BACK));
		if (menu_fits(st, try))
			break;
	}
	if (len > 0)
		menu_add(out, outlen, "%.*s", (int)len, line);
}

/*
 * The hubs nearest the caller (rows: hub | hubw for women only, name,
 * "hours<TAB>address" in the caller's language, phone), the nearest
 * first, as many as fit with "0 Back": each with its address and hours
 * in the caller's words, or without one of them, or by name and phone
 * when that does not fit.
 */
static void
menu_hubs(struct ussd_state *st, const struct ussd_row *rows, int nrows,
    char *out, size_t outlen)
{
	char		try[USSD_SCREEN_BYTES], hours[96], raw[96];
	const char	*addr;
	size_t		keep, n;
	int		i, form;

	(void)snprintf(out, outlen, "%s", menu_t(st, USSD_T_HUBS_HEAD));
	for (i = 0; i < nrows; i++) {
		keep = strlen(out);
		n = strcspn(rows[i].b, "\t");
		addr = rows[i].b[n] == '\t' ? rows[i].b + n + 1 : "";
		(void)snprintf(raw, sizeof(raw), "%.*s", (int)n, rows[i].b);
		infra_hours(raw, st->lang, hours, sizeof(hours));
		for (form = 0; form < 5; form++) {
			out[keep] = '\0';
			menu_hub_line(st, &rows[i], form, hours, addr, out,
			    outlen);
			(void)snprintf(try, sizeof(try), "%s\n%s", out,
			    menu_t(st, USSD_T_BACK));
			if (menu_fits(st, try))
				break;
			/* Only the nearest is cut to fit. */
			if (form == 3 && i > 0)
				form = 4;
		}
		if (form == 5) {
			out[keep] = '\0';
			if (i == 0)
				menu_hub_cut(st, &rows[i], hours, addr, out,
				    outlen);
			break;
		}
	}
	if (nrows == 0)
		(void)snprintf(out, outlen, "%s",
		    menu_t(st, USSD_T_HUBS_NONE));
	menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
}

/* A database id as text; 0 for anything else. */
static int
menu_atoi(const char *s)
{
	long	n;
	char	*end;

	n = strtol(s, &end, 10);
	if (end == s || *end != '\0' || n <= 0 || n > 999999)
		return (0);
	return ((int)n);
}

static int
menu_is(const struct ussd_row *rows, int nrows, const char *k)
{
	return (nrows > 0 && strcmp(rows[0].k, k) == 0);
}

/* Screens that need no rows. */
static int
menu_plain(struct ussd_state *st, char *out, size_t outlen)
{
	menu_head(st, out, outlen);
	switch (st->screen) {
	case USSD_S_REG_LANG:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_WELCOME_LANG));
		break;
	case USSD_S_REG_NAME:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_ASK_NAME));
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
		break;
	case USSD_S_PIN:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_ASK_PIN));
		break;
	case USSD_S_NEW_NAME:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_ASK_NEW_NAME));
		break;
	case USSD_S_LANG:
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_LANG));
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
		break;
	case USSD_S_REG_GENDER:
	case USSD_S_REG_AGE:
		menu_add(out, outlen, "%s", menu_t(st, st->screen ==
		    USSD_S_REG_GENDER ? USSD_T_ASK_GENDER : USSD_T_ASK_AGE));
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
		break;
	case USSD_S_DONE:
		/* Help, or a result shown again (a resent hop, a resumed
		   session): when its words took arguments or headed a list
		   fetched for that screen (hubs, status: the heading alone
		   came back over "0 Back"), the menu instead. */
		if (st->say > 0 && strchr(menu_t(st, st->say), '{') == NULL &&
		    st->say != USSD_T_HUBS_HEAD &&
		    st->say != USSD_T_STATUS_HEAD) {
			menu_add(out, outlen, "%s", menu_t(st, st->say));
			menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
			break;
		}
		st->screen = USSD_S_MAIN;
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_MAIN));
		break;
	case USSD_S_END:
		/* An action's result is told once; later hops just end. */
		if (st->say <= 0 || strchr(menu_t(st, st->say), '{') != NULL)
			st->say = USSD_T_ENDED;
		(void)snprintf(out, outlen, "%s", menu_t(st, st->say));
		return (USSD_END);
	case USSD_S_MAIN:
	default:
		st->screen = USSD_S_MAIN;
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_MAIN));
		break;
	}
	return (USSD_CON);
}

static int
menu_end(struct ussd_state *st, enum ussd_txt t)
{
	st->screen = USSD_S_END;
	st->say = t;
	return (USSD_END);
}

/* A leaf: the result stays on screen with "0 Back" to the menu. */
static int
menu_done(struct ussd_state *st, enum ussd_txt t)
{
	st->screen = USSD_S_DONE;
	st->say = t;
	return (USSD_CON);
}

/* What the recap SMS promises: now, or by the end of quiet hours. */
static enum ussd_txt
menu_recap_when(const struct ussd_state *st)
{
	return (st->quiet ? USSD_T_RECAP_LATER : USSD_T_RECAP_NOW);
}

/* An offer answered (r: the row, or NULL): the result, "0 Back". */
static int
menu_answered(struct ussd_state *st, const struct ussd_row *r, char *out,
    size_t outlen)
{
	enum ussd_txt	t;

	t = USSD_T_ANS_GONE;
	if (r != NULL && strcmp(r->k, "accepted") == 0)
		t = USSD_T_ANS_YES;
	else if (r != NULL && strcmp(r->k, "declined") == 0)
		t = USSD_T_ANS_NO;
	menu_record(st, t, r != NULL ? r->a : "", r != NULL ? r->b : "",
	    r != NULL ? r->c : "", "", USSD_T_COUNT, out, outlen);
	return (menu_done(st, t));
}

/* Who is this: the people of the number, and "Someone new" (key new). */
static void
menu_who(struct ussd_state *st, const struct ussd_row *rows, int nrows,
    char *out, size_t outlen)
{
	struct ussd_row	who[USSD_PAGE_MAX + 1];
	int		i;

	if (nrows > USSD_PAGE_MAX + 1)
		nrows = USSD_PAGE_MAX + 1;
	for (i = 0; i < nrows; i++) {
		who[i] = rows[i];
		if (strcmp(rows[i].k, "new") == 0)
			who[i].b = ussd_menu_word("new", st->lang);
	}
	menu_list(st, USSD_T_WHO, USSD_T_GONE, who, nrows, out, outlen);
}

/*
 * A number known (or not): the main menu, or registration's first
 * screen; a shared number's people ("who is this?", c "seat:<lang>").
 */
static int
menu_user(struct ussd_state *st, const struct ussd_row *rows, int nrows,
    char *out, size_t outlen)
{
	if (nrows > 0 && strncmp(rows[0].c, "seat:", 5) == 0) {
		st->lang = infra_lang_parse(rows[0].c + 5);
		st->screen = USSD_S_WHO;
		menu_who(st, rows, nrows, out, outlen);
		return (USSD_CON);
	}
	if (menu_is(rows, nrows, "user")) {
		st->registered = 1;
		st->lang = infra_lang_parse(rows[0].a);
		st->dist = menu_atoi(rows[0].c);
		st->screen = USSD_S_MAIN;
	} else {
		st->screen = USSD_S_REG_LANG;
	}
	return (menu_plain(st, out, outlen));
}

/* The screen st is on, under a line of news when both fit. */
static int
menu_with_news(struct ussd_state *st, char *line, size_t linelen, char *out,
    size_t outlen)
{
	int		rc;

	rc = menu_plain(st, out, outlen);
	(void)snprintf(line + strlen(line), linelen - strlen(line), "\n%s",
	    out);
	if (menu_fits(st, line))
		(void)snprintf(out, outlen, "%s", line);
	return (rc);
}

/*
 * A person known (row: lang, name, district): their menu under the
 * greeting text (USSD_T_REGISTERED or USSD_T_HELLO, naming them).
 */
static int
menu_welcome(struct ussd_state *st, const struct ussd_row *who,
    enum ussd_txt text, char *out, size_t outlen)
{
	char		line[USSD_SCREEN_BYTES];
	const char	*v[1] = { who->b };

	st->registered = 1;
	st->lang = infra_lang_parse(who->a);
	st->dist = menu_atoi(who->c);
	st->screen = USSD_S_MAIN;
	st->hint = USSD_HINT_NONE;
	(void)infra_text_fill(menu_t(st, text), v, 1, line, sizeof(line));
	return (menu_with_news(st, line, sizeof(line), out, outlen));
}

/* A registration done (or found done): the welcome over the menu. */
static int
menu_registered(struct ussd_state *st, const struct ussd_row *rows,
    int nrows, char *out, size_t outlen)
{
	int		rc;

	if (!menu_is(rows, nrows, "registered") &&
	    !menu_is(rows, nrows, "already")) {
		rc = menu_end(st, USSD_T_GONE);
		(void)snprintf(out, outlen, "%s", menu_t(st, st->say));
		return (rc);
	}
	return (menu_welcome(st, &rows[0], USSD_T_REGISTERED, out, outlen));
}

/*
 * A PIN tried on a shared phone: the person's menu under a hello, the
 * PIN asked again (wrong, or the seat gone), or the end (locked).
 */
static int
menu_picked(struct ussd_state *st, const struct ussd_row *rows, int nrows,
    char *out, size_t outlen)
{
	int		rc;

	if (menu_is(rows, nrows, "pin_locked") ||
	    menu_is(rows, nrows, "pin_down") ||
	    (!menu_is(rows, nrows, "picked") && strcmp(st->pick, "new") == 0)) {
		rc = menu_end(st, menu_is(rows, nrows, "pin_locked") ?
		    USSD_T_PIN_LOCKED : menu_is(rows, nrows, "pin_down") ?
		    USSD_T_HINT_FAILED : USSD_T_ADD_FAILED);
		(void)snprintf(out, outlen, "%s", menu_t(st, st->say));
		return (rc);
	}
	if (!menu_is(rows, nrows, "picked")) {
		st->screen = USSD_S_PIN;
		st->hint = USSD_HINT_PIN;
		return (menu_plain(st, out, outlen));
	}
	return (menu_welcome(st, &rows[0], USSD_T_HELLO, out, outlen));
}

/* A language chosen: the news over the menu. */
static int
menu_lang_set(struct ussd_state *st, char *out, size_t outlen)
{
	char		line[USSD_SCREEN_BYTES];

	st->screen = USSD_S_MAIN;
	st->hint = USSD_HINT_NONE;
	(void)snprintf(line, sizeof(line), "%s", menu_t(st, USSD_T_LANG_SET));
	return (menu_with_news(st, line, sizeof(line), out, outlen));
}

/* The list screens: each need's title, and its words when it is empty. */
static const struct {
	enum ussd_need	need;
	enum ussd_txt	title, none;
} menu_lists[] = {
	{ USSD_NEED_PROVINCES, USSD_T_ASK_PROV, USSD_T_GONE },
	{ USSD_NEED_DISTRICTS, USSD_T_ASK_DIST, USSD_T_GONE },
	{ USSD_NEED_COURSES, USSD_T_COURSES, USSD_T_NO_COURSES },
	{ USSD_NEED_GIGS, USSD_T_GIGS, USSD_T_NO_GIGS },
	{ USSD_NEED_OFFERS, USSD_T_OFFERS, USSD_T_NO_OFFERS },
};

/* A list page for req; 0 when req is no list. */
static int
menu_list_for(struct ussd_state *st, enum ussd_need need,
    const struct ussd_row *rows, int nrows, char *out, size_t outlen)
{
	size_t		i;

	for (i = 0; i < sizeof(menu_lists) / sizeof(menu_lists[0]); i++) {
		if (menu_lists[i].need != need)
			continue;
		menu_list(st, menu_lists[i].title, menu_lists[i].none, rows,
		    nrows, out, outlen);
		return (1);
	}
	return (0);
}

/* One course, gig or offer (r: its row, or NULL when it is gone). */
static void
menu_item(struct ussd_state *st, enum ussd_need need,
    const struct ussd_row *r, char *out, size_t outlen)
{
	if (r == NULL) {
		menu_head(st, out, outlen);
		menu_add(out, outlen, "%s", menu_t(st, need == USSD_NEED_OFFER ?
		    USSD_T_ANS_GONE : USSD_T_GONE));
		menu_add(out, outlen, "%s", menu_t(st, USSD_T_BACK));
		return;
	}
	if (need == USSD_NEED_COURSE)
		menu_record(st, USSD_T_COURSE, r->k, r->a,
		    ussd_menu_word(r->b, st->lang), r->c, USSD_T_ENROLL_OPT,
		    out, outlen);
	else if (need == USSD_NEED_GIG)
		menu_record(st, USSD_T_GIG, r->k, r->a, r->b,
		    r->c[0] != '\0' ? r->c : ussd_menu_word("remote",
		    st->lang), USSD_T_APPLY_OPT, out, outlen);
	else
		menu_record(st, USSD_T_OFFER, r->a, r->b, r->c, "",
		    USSD_T_OFFER_OPT, out, outlen);
}

/* An enrolment's result, and its SMS recap when it took a seat. */
static int
menu_enrolled(struct ussd_state *st, const struct ussd_req *req,
    const struct ussd_row *r, char *out, size_t outlen, char *recap,
    size_t recaplen)
{
	enum ussd_txt	t;
	int		rc;

	rc = menu_done(st, USSD_T_ENR_NO);
	if (r == NULL) {
		menu_record(st, USSD_T_ENR_NO, req->arg, "", "", "",
		    USSD_T_COUNT, out, outlen);
		return (rc);
	}
	if (strcmp(r->k, "enrolled") == 0) {
		t = USSD_T_ENR_OK;
		menu_recap(st, USSD_T_RECAP_ENR, r->a, r->b, "", recap,
		    recaplen);
	} else if (strcmp(r->k, "enrolled_web") == 0) {
		/* No recap: no lesson comes by SMS to follow it. */
		t = USSD_T_ENR_WEB;
	} else if (strcmp(r->k, "enrolled_centre") == 0) {
		t = USSD_T_ENR_CENTRE;
	} else if (strcmp(r->k, "waitlisted") == 0) {
		t = USSD_T_ENR_WAIT;
		menu_recap(st, USSD_T_RECAP_WAIT, r->a, r->b, r->c, recap,
		    recaplen);
	} else if (strcmp(r->k, "already") == 0) {
		t = USSD_T_ENR_ALREADY;
	} else if (strcmp(r->k, "not_allowed") == 0) {
		t = USSD_T_ENR_NOT_ALLOWED;
	} else {
		t = USSD_T_ENR_NO;
	}
	st->say = t;
	menu_record(st, t, r->a[0] ? r->a : req->arg, r->b, r->c, "",
	    recaplen > 0 && recap[0] != '\0' ? menu_recap_when(st) :
	    USSD_T_COUNT, out, outlen);
	return (rc);
}

/* An application's result, and its SMS recap when it was made. */
static int
menu_applied(struct ussd_state *st, const struct ussd_req *req,
    const struct ussd_row *r, char *out, size_t outlen, char *recap,
    size_t recaplen)
{
	enum ussd_txt	t;
	int		rc;

	rc = menu_done(st, USSD_T_GONE);
	t = USSD_T_GONE;
	if (r != NULL && strcmp(r->k, "applied") == 0) {
		t = USSD_T_APP_OK;
		menu_recap(st, USSD_T_RECAP_APP, r->a, r->b, "", recap,
		    recaplen);
	} else if (r != NULL && strcmp(r->k, "already") == 0)
		t = USSD_T_APP_ALREADY;
	else if (r != NULL && strcmp(r->k, "closed") == 0)
		t = USSD_T_APP_CLOSED;
	else if (r != NULL && strcmp(r->k, "not_allowed") == 0)
		t = USSD_T_APP_NOT_ALLOWED;
	st->say = t;
	menu_record(st, t, r != NULL && r->a[0] ? r->a : req->arg,
	    r != NULL ? r->b : "", "", "", recap[0] != '\0' ?
	    menu_recap_when(st) : USSD_T_COUNT, out, outlen);
	return (rc);
}

/*
 * The screen for req, given ussd_fetch()'s rows (nrows < 0: the query
 * failed).  Writes the screen's text to out and, after an enrolment or
 * application, the SMS recap to recap (else ""); returns USSD_CON or
 * USSD_END.
 */
int
ussd_menu_render(struct ussd_state *st, const struct ussd_req *req,
    const struct ussd_row *rows, int nrows, char *out, size_t outlen,
    char *recap, size_t recaplen)
{
	const struct ussd_row	*r;
	char			*nl;
	int			 rc, hinted;

	hinted = st->hint != USSD_HINT_NONE;
	if (recaplen > 0)
		recap[0] = '\0';
	out[0] = '\0';
	if (nrows < 0) {
		(void)snprintf(out, outlen, "%s",
		    menu_t(st, USSD_T_HINT_FAILED));
		st->hint = USSD_HINT_NONE;
		return (USSD_END);
	}
	r = nrows > 0 ? &rows[0] : NULL;
	rc = USSD_CON;

	switch (req->need) {
	case USSD_NEED_USER:
		rc = menu_user(st, rows, nrows, out, outlen);
		break;
	case USSD_DO_REGISTER:
		rc = menu_registered(st, rows, nrows, out, outlen);
		break;
	case USSD_DO_LANG:
		rc = menu_lang_set(st, out, outlen);
		break;
	case USSD_DO_PICK:
	case USSD_DO_ADD:
		rc = menu_picked(st, rows, nrows, out, outlen);
		break;
	case USSD_NEED_COURSE:
	case USSD_NEED_GIG:
	case USSD_NEED_OFFER:
		menu_item(st, req->need, r, out, outlen);
		break;
	case USSD_NEED_STATUS:
		rc = menu_done(st, USSD_T_STATUS_HEAD);
		menu_status(st, rows, nrows, out, outlen);
		break;
	case USSD_NEED_HUBS:
		rc = menu_done(st, USSD_T_HUBS_HEAD);
		menu_hubs(st, rows, nrows, out, outlen);
		break;
	case USSD_DO_ENROLL:
		rc = menu_enrolled(st, req, r, out, outlen, recap, recaplen);
		break;
	case USSD_DO_APPLY:
		rc = menu_applied(st, req, r, out, outlen, recap, recaplen);
		break;
	case USSD_DO_ANSWER:
		rc = menu_answered(st, r, out, outlen);
		break;
	default:
		if (!menu_list_for(st, req->need, rows, nrows, out, outlen))
			rc = menu_plain(st, out, outlen);
		break;
	}
	/* A hint that leaves no room for the screen gives way. */
	if (hinted && !menu_fits(st, out) &&
	    (nl = strchr(out, '\n')) != NULL)
		memmove(out, nl + 1, strlen(nl + 1) + 1);
	st->hint = USSD_HINT_NONE;
	return (rc);
}

/* Copies a decimal field; -1 unless it is 0..999999. */
static int
state_int(const char *s, size_t len, int *out)
{
	size_t		i;
	int		n;

	if (len == 0 || len > 6)
		return (-1);
	n = 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		n = n * 10 + (s[i] - '0');
	}
	*out = n;
	return (0);
}

static int
state_key_ok(const char *s, size_t len)
{
	size_t		i;

	if (len == 0 || len >= USSD_KEY_MAX)
		return (0);
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z')))
			return (0);
	return (1);
}

/*
 * The state as one line for Redis:
 *	2|screen|lang|registered|prov|off|back,..|key,..|more|pick|say|dist|name
 * The name comes last: it passed menu_name(), so it holds no '|'.
 */
int
ussd_state_save(const struct ussd_state *st, char *out, size_t outlen)
{
	size_t		n;
	int		i, w;

	w = snprintf(out, outlen, "2|%d|%d|%d|%d|%d|", st->screen, st->lang,
	    st->registered, st->prov, st->off);
	for (i = 0; i < st->nback && w >= 0 && (size_t)w < outlen; i++)
		w += snprintf(out + w, outlen - w, "%s%d", i ? "," : "",
		    st->back[i]);
	if (w >= 0 && (size_t)w < outlen)
		w += snprintf(out + w, outlen - w, "|");
	for (i = 0; i < st->nkeys && w >= 0 && (size_t)w < outlen; i++)
		w += snprintf(out + w, outlen - w, "%s%s", i ? "," : "",
		    st->keys[i]);
	if (w >= 0 && (size_t)w < outlen)
		w += snprintf(out + w, outlen - w, "|%d|%s|%d|%d|%s", st->more,
		    st->pick, st->say, st->dist, st->name);
	n = (size_t)w;
	if (w < 0 || n >= outlen)
		return (-1);
	return (w);
}

/* Splits s at sep into at most max fields; the last takes the rest. */
static int
state_split(const char *s, size_t len, int sep, const char **f, size_t *fl,
    int max)
{
	const char	*end = s + len, *p;
	int		 n;

	for (n = 0; n < max - 1; n++) {
		if ((p = memchr(s, sep, end - s)) == NULL)
			break;
		f[n] = s;
		fl[n] = p - s;
		s = p + 1;
	}
	f[n] = s;
	fl[n] = end - s;
	return (n + 1);
}

/*
 * Reads a saved state.  Anything malformed (a truncated entry, another
 * version, a value out of range) answers -1: the caller starts afresh.
 */
int
ussd_state_load(struct ussd_state *st, const char *s, size_t len)
{
	const char	*f[13], *g[16];
	size_t		 fl[13], gl[16];
	int		 n, i, m, v;

	ussd_menu_init(st);
	if (len == 0 || len > USSD_STATE_MAX || memchr(s, '\0', len) != NULL)
		return (-1);
	if ((n = state_split(s, len, '|', f, fl, 13)) != 13)
		return (-1);
	if (fl[0] != 1 || f[0][0] != '2')
		return (-1);
	if (state_int(f[1], fl[1], &st->screen) == -1 ||
	    st->screen >= USSD_S_COUNT ||
	    state_int(f[2], fl[2], &st->lang) == -1 ||
	    st->lang >= HLANG_COUNT ||
	    state_int(f[3], fl[3], &st->registered) == -1 ||
	    state_int(f[4], fl[4], &st->prov) == -1 ||
	    state_int(f[5], fl[5], &st->off) == -1 ||
	    state_int(f[8], fl[8], &st->more) == -1 ||
	    state_int(f[10], fl[10], &st->say) == -1 ||
	    st->say >= USSD_T_COUNT ||
	    state_int(f[11], fl[11], &st->dist) == -1)
		goto bad;
	if (fl[6] > 0) {
		m = state_split(f[6], fl[6], ',', g, gl, USSD_BACK_MAX + 1);
		if (m > USSD_BACK_MAX)
			goto bad;
		for (i = 0; i < m; i++) {
			if (state_int(g[i], gl[i], &v) == -1)
				goto bad;
			st->back[st->nback++] = v;
		}
	}
	if (fl[7] > 0) {
		m = state_split(f[7], fl[7], ',', g, gl, USSD_PAGE_MAX + 1);
		if (m > USSD_PAGE_MAX)
			goto bad;
		for (i = 0; i < m; i++) {
			if (!state_key_ok(g[i], gl[i]))
				goto bad;
			memcpy(st->keys[i], g[i], gl[i]);
			st->keys[i][gl[i]] = '\0';
			st->nkeys++;
		}
	}
	if (fl[9] > 0) {
		if (!state_key_ok(f[9], fl[9]))
			goto bad;
		memcpy(st->pick, f[9], fl[9]);
	}
	if (fl[12] >= USSD_NAME_MAX || memchr(f[12], '|', fl[12]) != NULL ||
	    !infra_utf8_valid(f[12], fl[12]))
		goto bad;
	memcpy(st->name, f[12], fl[12]);
	st->name[fl[12]] = '\0';
	return (0);
bad:
	ussd_menu_init(st);
	return (-1);
}

/*
 * Kannel's meta-data of an SMPP USSD message ("?smpp?ussd_service_op=
 * %01&its_session_info=%12%34", the TLVs as raw bytes, URL-encoded).
 * Sets *op (-1 when absent) and the session info as hex (or "").
 */
int
ussd_smpp_op(const char *meta, size_t len, int *op, char *sess,
    size_t sesslen)
{
	const char	*p;
	char		 v[16];
	int		 n, i, digits;

	*op = -1;
	if (sesslen > 0)
		sess[0] = '\0';
	if ((p = memmem(meta, len, "?smpp?", 6)) == NULL)
		return (-1);
	p += 6;
	len -= p - meta;
	n = infra_qs_get(p, len, "ussd_service_op", v, sizeof(v));
	if (n > 0 && (size_t)n < sizeof(v)) {
		digits = 1;
		for (i = 0; i < n; i++)
			if (v[i] < '0' || v[i] > '9')
				digits = 0;
		*op = 0;
		for (i = 0; i < n && i < 4; i++)
			*op = digits ? *op * 10 + (v[i] - '0') :
			    (*op << 8) | (unsigned char)v[i];
	}
	n = infra_qs_get(p, len, "its_session_info", v, sizeof(v));
	if (n > 0 && (size_t)n < sizeof(v) && sesslen > (size_t)n * 2)
		for (i = 0; i < n; i++)
			(void)snprintf(sess + i * 2, sesslen - i * 2, "%02x",
			    (unsigned char)v[i]);
	return (*op >= 0 ? 0 : -1);
}
