/*
 * /phone: a feature phone in the browser, for demos and training (issue
 * 11, deliverable 7).  Off unless HUNAR_PHONE=1 (then 404, as any page
 * that is not there).
 *
 * The SMS goes the real way: POST /phone/sms queues "<number>\t<text>"
 * on the Redis list phone:mo; ussd/hunar_phone hands it to bearerbox's
 * fake SMSC "phone" as an operator would, bearerbox to smsbox, smsbox to
 * hunar_spool and Kore's /sms/inbound, and the reply comes back through
 * bearerbox to hunar_phone, which appends it to phone:log:<number>.  The
 * POST waits up to HUNAR_PHONE_WAIT_MS (4 s) for that reply, asleep on a
 * timer (no worker blocks), then sends the browser to the page (303), so
 * no script and no automatic refresh is needed; a later message (an offer,
 * a lesson) shows on "Check for new messages".
 *
 * The USSD goes through the same engine as /ussd: POST /phone/ussd fills
 * a struct ussd_hop and runs ussd_hop_run() (ussd_http.c), sessions and
 * resume included.  The phone dials HUNAR_USSD_CODE; any other code gets
 * what a phone shows for an unknown service.
 *
 * Each browser session gets its own number in the browser phone's range
 * (HUNAR_PHONE_PREFIX, 92399...), or the user types one in that range:
 * the browser can never speak for a real person's phone.  To Hunar these
 * are ordinary numbers -- STOP, the outbox's rate limit and everything
 * else hold for them -- and the page adds its own limits on what one
 * number and one address may send.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "infra/page_kore.h"
#include "ussd/ussd_kore.h"

#define PH_TTL		86400	/* a browser session keeps its number */
#define PH_SHOW		12	/* messages shown, newest last */
#define PH_TEXT_MAX	459	/* characters: three GSM-7 parts */
#define PH_SMS_MAX	10	/* messages per number and minute */
#define PH_PEER_MAX	30	/* messages per address and minute */
#define PH_HOP_MAX	60	/* USSD hops per number and minute */
#define PH_POLL_MS	150

#define S(b, s)		page_html_s((b), (s))
#define T(b, s)		page_html_text((b), (s))

/*
 * The page's state: the page kit's head (who asks; its query slot goes
 * unused), then the USSD hop the dial/answer forms run, whose query
 * ph_done() ends with the request.
 */
struct ph_ctx {
	PAGE_CTX_HEAD;
	struct ussd_hop		hop;
	char			num[16];
	long long		sent_ms;
	u_int64_t		wait_until;
	int			n;		/* the USSD hop, from 1 */
};

static const struct infra_text ph_text[] = {
	{ "title", { "Browser phone", "Browser phone", "براؤزر فون" } },
	{ "intro", { "A feature phone for demos and training. What you send "
	    "here travels the same way as a real phone's SMS (through the "
	    "SMS gateway) and USSD.",
	    "Demo aur training ke liye aik saada phone. Jo aap yahan "
	    "bhejein woh asli phone ke SMS (SMS gateway ke zariye) aur USSD "
	    "ki tarah jata hai.",
	    "ڈیمو اور تربیت کے لیے ایک سادہ فون۔ جو آپ یہاں بھیجیں وہ اصلی "
	    "فون کے SMS (SMS گیٹ وے کے ذریعے) اور USSD کی طرح جاتا ہے۔" } },
	{ "number", { "This phone's number", "Is phone ka number",
	    "اس فون کا نمبر" } },
	{ "range", { "Numbers 0399 xxxxxxx belong to the browser phone only: "
	    "they never reach a real phone.",
	    "0399 xxxxxxx numbers sirf browser phone ke hain: yeh kabhi asli "
	    "phone tak nahin jate.",
	    "0399 xxxxxxx نمبر صرف براؤزر فون کے ہیں: یہ کبھی اصلی فون تک "
	    "نہیں جاتے۔" } },
	{ "other", { "Use another 0399 number", "Koi aur 0399 number",
	    "کوئی اور 0399 نمبر" } },
	{ "use", { "Use this number", "Yeh number lein", "یہ نمبر لیں" } },
	{ "new", { "New number", "Naya number", "نیا نمبر" } },
	{ "badnum", { "Type a number that starts with 0399 and has 11 "
	    "digits.", "0399 se shuru hone wala 11 hindson ka number "
	    "likhein.", "0399 سے شروع ہونے والا 11 ہندسوں کا نمبر لکھیں۔" } },
	{ "signal", { "Signal: connected to the SMS gateway.",
	    "Signal: SMS gateway se juda hai.",
	    "سگنل: SMS گیٹ وے سے جڑا ہے۔" } },
	{ "nosignal", { "No signal: the line to the SMS gateway is down. "
	    "Messages wait and go when it is back.",
	    "Signal nahin: SMS gateway ki line band hai. Paigham intezar "
	    "karenge aur line aate hi jayenge.",
	    "سگنل نہیں: SMS گیٹ وے کی لائن بند ہے۔ پیغام انتظار کریں گے اور "
	    "لائن آتے ہی جائیں گے۔" } },
	{ "sms", { "SMS with %s", "%s ke saath SMS", "%s کے ساتھ SMS" } },
	{ "none", { "No messages yet. Try HELP.",
	    "Abhi koi paigham nahin. HELP bhej kar dekhein.",
	    "ابھی کوئی پیغام نہیں۔ HELP بھیج کر دیکھیں۔" } },
	{ "you", { "You", "Aap", "آپ" } },
	{ "to", { "Message to %s", "%s ko paigham", "%s کو پیغام" } },
	{ "tryhint", { "Try HELP, JOIN your name and district, COURSES, "
	    "GIGS, STATUS, STOP.",
	    "HELP, JOIN apna naam aur zila, COURSES, GIGS, STATUS, STOP "
	    "bhej kar dekhein.",
	    "HELP، JOIN اپنا نام اور ضلع، COURSES، GIGS، STATUS، STOP بھیج "
	    "کر دیکھیں۔" } },
	{ "send", { "Send", "Bhejein", "بھیجیں" } },
	{ "check", { "Check for new messages", "Naye paigham dekhein",
	    "نئے پیغام دیکھیں" } },
	{ "noreply", { "Sent. No reply yet: check again in a moment.",
	    "Bhej diya. Abhi jawab nahin aya: thori dair mein dobara "
	    "dekhein.",
	    "بھیج دیا۔ ابھی جواب نہیں آیا: تھوڑی دیر میں دوبارہ دیکھیں۔" } },
	{ "rate", { "Too many messages from this phone. Wait a minute and "
	    "try again.",
	    "Is phone se bohat zyada paigham. Aik minute ruk kar dobara "
	    "koshish karein.",
	    "اس فون سے بہت زیادہ پیغام۔ ایک منٹ رک کر دوبارہ کوشش کریں۔" } },
	{ "down", { "The phone cannot send now. Try again in a moment.",
	    "Phone abhi nahin bhej sakta. Thori dair baad koshish karein.",
	    "فون ابھی نہیں بھیج سکتا۔ تھوڑی دیر بعد کوشش کریں۔" } },
	{ "ussd", { "USSD", "USSD", "USSD" } },
	{ "dial", { "Dial a code (Hunar: %s)", "Code dial karein (Hunar: %s)",
	    "کوڈ ملائیں (ہنر: %s)" } },
	{ "call", { "Call", "Call karein", "کال کریں" } },
	{ "answer", { "Your answer", "Aap ka jawab", "آپ کا جواب" } },
	{ "hang", { "Hang up", "Band karein", "بند کریں" } },
	{ "ended", { "Session ended.", "Session khatam.", "سیشن ختم۔" } },
	{ "unknown", { "Unknown service code. Hunar's code is %s.",
	    "Yeh code maloom nahin. Hunar ka code %s hai.",
	    "یہ کوڈ معلوم نہیں۔ ہنر کا کوڈ %s ہے۔" } },
	{ NULL, { NULL, NULL, NULL } }
};

static const char ph_css[] =
    "<style>.ph{max-width:26rem}.th{list-style:none;padding:0;margin:0}"
    ".th li{margin:.4rem 0;padding:.4rem .6rem;border-radius:.6rem;"
    "white-space:pre-wrap;max-width:90%}.th .mo{background:#e6f0ea;"
    "margin-inline-start:auto}.th .mt{background:#fff;border:1px solid "
    "#ddd}.th b{display:block;font-size:.8rem;color:#555}"
    ".scr{white-space:pre-wrap;background:#102a1e;color:#e6f4ea;"
    "padding:.6rem;border-radius:.4rem}.ph .hang{background:#fff;"
    "color:#b00020;border:2px solid #b00020}</style>";

static const char *
ph_t(struct ph_ctx *c, const char *key)
{
	const char	*s;

	s = infra_text_find(ph_text, key, c->u.lang);
	return (s != NULL ? s : key);
}

/* A text with one %s (the short code or the USSD code) filled in. */
static void
ph_tf(struct infra_buf *b, struct ph_ctx *c, const char *key, const char *arg)
{
	char	tmp[256];

	(void)snprintf(tmp, sizeof(tmp), ph_t(c, key), arg);
	T(b, tmp);
}

static int
ph_on(void)
{
	return (strcmp(infra_env("HUNAR_PHONE", "0"), "1") == 0);
}

static const char *
ph_prefix(void)
{
	return (infra_env("HUNAR_PHONE_PREFIX", "92399"));
}

static const char *
ph_code(void)
{
	return (infra_env("HUNAR_USSD_CODE", "*282#"));
}

/* A fresh number in the browser phone's range. */
static void
ph_number_new(char *out, size_t len)
{
	(void)snprintf(out, len, "%s%0*u", ph_prefix(),
	    (int)(12 - strlen(ph_prefix())),
	    randombytes_uniform(10000000));
	out[12] = '\0';
}

static void
ph_number_set(struct ph_ctx *c, const char *num)
{
	redisReply	*r;

	(void)kore_strlcpy(c->num, num, sizeof(c->num));
	r = infra_redis("SET phone:of:%s %s EX %d", c->u.sid, c->num, PH_TTL);
	if (r != NULL)
		freeReplyObject(r);
}

/* The hop's query, timer and Redis wait end with the request. */
static void
ph_done(void *state)
{
	struct ph_ctx	*c = state;

	infra_db_release(&c->hop.db);
}

/* The session and its number (a new one for a new session). */
static struct ph_ctx *
ph_ctx(struct http_request *req)
{
	struct ph_ctx	*c;
	redisReply	*r;
	char		 num[16];

	c = page_ctx(req, sizeof(*c));
	if (c->started)
		return (c);
	page_ctx_user(req, c);
	c->ctx_done = ph_done;
	if (!ph_on())
		return (c);
	r = infra_redis("GET phone:of:%s", c->u.sid);
	if (r != NULL && r->type == REDIS_REPLY_STRING &&
	    ussd_phone_range(r->str, ph_prefix(), num, sizeof(num)) == 0)
		(void)kore_strlcpy(c->num, num, sizeof(c->num));
	if (r != NULL)
		freeReplyObject(r);
	if (c->num[0] == '\0') {
		ph_number_new(num, sizeof(num));
		ph_number_set(c, num);
	}
	return (c);
}

/* Wall-clock ms, as hunar_phone stamps the replies (not Kore's clock). */
static long long
ph_now_ms(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static int
ph_signal(void)
{
	redisReply	*r;
	int		 up;

	r = infra_redis("EXISTS phone:up");
	up = r != NULL && r->type == REDIS_REPLY_INTEGER && r->integer == 1;
	if (r != NULL)
		freeReplyObject(r);
	return (up);
}

/* The newest message of the log: its direction and time, or 0. */
static int
ph_last(struct ph_ctx *c, long long *ms)
{
	redisReply	*r;
	const char	*text;
	size_t		 tl;
	int		 dir;

	dir = 0;
	r = infra_redis("LRANGE phone:log:%s -1 -1", c->num);
	if (r != NULL && r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
	    ussd_phone_log_parse(r->element[0]->str, r->element[0]->len,
	    &dir, ms, &text, &tl) == -1)
		dir = 0;
	if (r != NULL)
		freeReplyObject(r);
	return (dir);
}

/* "0399 1234567": the number as the phone's owner writes it. */
static void
ph_local(const char *num, char *out, size_t len)
{
	(void)snprintf(out, len, "0%.3s %s", num + 2, num + 5);
}

static void
ph_thread_item(struct infra_buf *b, struct ph_ctx *c, const char *e,
    size_t len)
{
	const char	*text;
	size_t		 tl;
	long long	 ms;
	int		 dir, mins;

	if (ussd_phone_log_parse(e, len, &dir, &ms, &text, &tl) == -1)
		return;
	mins = (int)(((ms / 1000 + 5 * 3600) / 60) % (24 * 60));
	S(b, dir == '>' ? "<li class=\"mo\"><b>" : "<li class=\"mt\"><b>");
	T(b, dir == '>' ? ph_t(c, "you") : infra_conf.shortcode);
	(void)infra_buf_fmt(b, " &middot; %02d:%02d</b><span dir=\"auto\">",
	    mins / 60, mins % 60);
	page_html_textn(b, text, tl);
	S(b, "</span></li>");
}

static void
ph_thread(struct infra_buf *b, struct ph_ctx *c)
{
	redisReply	*r;
	size_t		 i;

	S(b, "<h2 id=\"sms\">");
	ph_tf(b, c, "sms", infra_conf.shortcode);
	S(b, "</h2>");
	r = infra_redis("LRANGE phone:log:%s %d -1", c->num, -PH_SHOW);
	if (r == NULL || r->type != REDIS_REPLY_ARRAY || r->elements == 0) {
		S(b, "<p class=\"meta\">");
		T(b, ph_t(c, "none"));
		S(b, "</p>");
	} else {
		S(b, "<ol class=\"th\" aria-live=\"polite\">");
		for (i = 0; i < r->elements; i++)
			ph_thread_item(b, c, r->element[i]->str,
			    r->element[i]->len);
		S(b, "</ol>");
	}
	if (r != NULL)
		freeReplyObject(r);
}

static void
ph_compose(struct infra_buf *b, struct ph_ctx *c, const char *text,
    const char *err)
{
	struct page_field	f;
	char			label[128];

	(void)snprintf(label, sizeof(label), ph_t(c, "to"),
	    infra_conf.shortcode);
	page_form_open(b, &c->u, "/phone/sms");
	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_TEXTAREA;
	f.name = "text";
	f.label = label;
	f.value = text;
	f.hint = ph_t(c, "tryhint");
	f.error = err;
	f.required = 1;
	f.maxlength = PH_TEXT_MAX;
	page_form_field(b, &f);
	page_form_submit(b, ph_t(c, "send"));
	S(b, "</form><p><a href=\"/phone#sms\">");
	T(b, ph_t(c, "check"));
	S(b, "</a></p>");
}

/* The USSD screen in progress, or the dial form. */
static void
ph_ussd(struct infra_buf *b, struct ph_ctx *c)
{
	struct page_field	 f;
	redisReply		*r;
	char			 label[128], n[16], *scr;
	int			 hop, rc;

	S(b, "<h2 id=\"ussd\">");
	T(b, ph_t(c, "ussd"));
	S(b, "</h2>");
	hop = rc = 0;
	scr = NULL;
	r = infra_redis("GET phone:ussd:%s", c->num);
	if (r != NULL && r->type == REDIS_REPLY_STRING &&
	    sscanf(r->str, "%d %d", &hop, &rc) == 2 &&
	    (scr = strchr(r->str, '\n')) != NULL) {
		S(b, "<div class=\"scr\" role=\"status\" dir=\"auto\">");
		T(b, scr + 1);
		S(b, "</div>");
	}
	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_TEXT;
	f.name = "input";
	f.maxlength = USSD_INPUT_MAX;
	f.autocomplete = "off";
	page_form_open(b, &c->u, "/phone/ussd");
	if (scr != NULL && rc == USSD_CON) {
		(void)snprintf(n, sizeof(n), "%d", hop);
		S(b, "<input type=\"hidden\" name=\"n\" value=\"");
		S(b, n);
		S(b, "\">");
		f.label = ph_t(c, "answer");
		page_form_field(b, &f);
		S(b, "<div class=\"row\"><button type=\"submit\" name=\"act\" "
		    "value=\"send\">");
		T(b, ph_t(c, "send"));
		S(b, "</button><button type=\"submit\" name=\"act\" "
		    "value=\"hang\" class=\"hang\">");
		T(b, ph_t(c, "hang"));
		S(b, "</button></div></form>");
	} else {
		(void)snprintf(label, sizeof(label), ph_t(c, "dial"),
		    ph_code());
		f.label = label;
		f.value = ph_code();
		page_form_field(b, &f);
		S(b, "<button type=\"submit\" name=\"act\" value=\"dial\">");
		T(b, ph_t(c, "call"));
		S(b, "</button></form>");
	}
	if (r != NULL)
		freeReplyObject(r);
}

static void
ph_number(struct infra_buf *b, struct ph_ctx *c, const char *err)
{
	struct page_field	f;
	char			local[24];

	ph_local(c->num, local, sizeof(local));
	S(b, "<p>");
	T(b, ph_t(c, "number"));
	S(b, ": <strong id=\"num\" dir=\"ltr\">");
	T(b, local);
	S(b, "</strong></p><p class=\"");
	S(b, ph_signal() ? "flash\">" : "alert\">");
	T(b, ph_t(c, ph_signal() ? "signal" : "nosignal"));
	S(b, "</p><details><summary>");
	T(b, ph_t(c, "other"));
	S(b, "</summary>");
	page_form_open(b, &c->u, "/phone/number");
	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_TEL;
	f.name = "number";
	f.label = ph_t(c, "other");
	f.hint = ph_t(c, "range");
	f.error = err;
	f.maxlength = 20;
	f.autocomplete = "off";
	page_form_field(b, &f);
	S(b, "<div class=\"row\"><button type=\"submit\">");
	T(b, ph_t(c, "use"));
	S(b, "</button><button type=\"submit\" name=\"new\" value=\"1\">");
	T(b, ph_t(c, "new"));
	S(b, "</button></div></form></details>");
}

/* The whole page; text/err: the compose form sent back with its error. */
static int
ph_page(struct http_request *req, struct ph_ctx *c, int status,
    const char *flash, const char *text, const char *err, const char *nerr)
{
	struct infra_buf	b;

	page_page_begin(&b, req, &c->u, ph_t(c, "title"), flash);
	S(&b, ph_css);
	S(&b, "<div class=\"ph\"><p>");
	T(&b, ph_t(c, "intro"));
	S(&b, "</p>");
	ph_number(&b, c, nerr);
	ph_thread(&b, c);
	ph_compose(&b, c, text, err);
	ph_ussd(&b, c);
	S(&b, "</div>");
	return (page_page_end(req, &c->u, &b, status));
}

/* GET /phone[?m=noreply|rate]: the phone. */
int
ussd_phone(struct http_request *req)
{
	struct ph_ctx	*c;
	char		 m[16];

	c = ph_ctx(req);
	if (!ph_on())
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	if (req->method != HTTP_METHOD_GET)
		return (page_error(req, &c->u, 405, "method", PS_NOT_FOUND));
	if (infra_arg(req, "m", m, sizeof(m)) <= 0 ||
	    (strcmp(m, "noreply") != 0 && strcmp(m, "ended") != 0))
		m[0] = '\0';
	return (ph_page(req, c, 200, m[0] != '\0' ? ph_t(c, m) : NULL, NULL,
	    NULL, NULL));
}

/* Off, not a POST, or a forged form: answered here (0). */
static int
ph_post_ok(struct http_request *req, struct ph_ctx *c)
{
	if (!ph_on()) {
		(void)page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND);
		return (0);
	}
	if (req->method != HTTP_METHOD_POST) {
		(void)page_error(req, &c->u, 405, "method", PS_NOT_FOUND);
		return (0);
	}
	return (page_csrf_ok(req, &c->u));
}

/* The page's own limits: per number, and per address for SMS. */
static int
ph_limited(struct http_request *req, struct ph_ctx *c, int sms)
{
	char	key[96], peer[64];

	(void)snprintf(key, sizeof(key), "phone:%s:%s", sms ? "sms" : "hop",
	    c->num);
	if (!infra_ratelimit(key, sms ? PH_SMS_MAX : PH_HOP_MAX, 60))
		return (1);
	if (!sms || page_peer(req, peer, sizeof(peer)) == -1)
		return (0);
	(void)snprintf(key, sizeof(key), "phone:peer:%s", peer);
	return (!infra_ratelimit(key, PH_PEER_MAX, 60));
}

/* Queues the message and writes it on the phone's log; 0 or -1. */
static int
ph_queue(struct ph_ctx *c, const char *text)
{
	redisReply	*r;
	char		 buf[PH_TEXT_MAX * 4 + 48];
	int		 n, ok;

	n = snprintf(buf, sizeof(buf), "%s\t%s", c->num, text);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return (-1);
	if ((r = infra_redis("RPUSH phone:mo %b", buf, (size_t)n)) == NULL)
		return (-1);
	ok = r->type == REDIS_REPLY_INTEGER;
	freeReplyObject(r);
	if (!ok)
		return (-1);
	c->sent_ms = ph_now_ms();
	n = snprintf(buf, sizeof(buf), ">%lld %s", c->sent_ms, text);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return (0);
	r = infra_redis("RPUSH phone:log:%s %b", c->num, buf, (size_t)n);
	if (r != NULL)
		freeReplyObject(r);
	r = infra_redis("LTRIM phone:log:%s -40 -1", c->num);
	if (r != NULL)
		freeReplyObject(r);
	r = infra_redis("EXPIRE phone:log:%s %d", c->num, PH_TTL);
	if (r != NULL)
		freeReplyObject(r);
	return (0);
}

/* Asleep until the reply is on the log or the wait is over. */
static int
ph_wait(struct http_request *req, struct ph_ctx *c)
{
	long long	ms;

	if (ph_last(c, &ms) == '<' && ms >= c->sent_ms)
		return (page_redirect(req, &c->u, "/phone#sms"));
	if (kore_time_ms() >= c->wait_until)
		return (page_redirect(req, &c->u, "/phone?m=noreply#sms"));
	infra_ctx_sleep(req, &c->hop.db, PH_POLL_MS);
	return (KORE_RESULT_RETRY);
}

/* POST /phone/sms (text): one SMS from the phone, and its reply. */
int
ussd_phone_sms(struct http_request *req)
{
	struct ph_ctx	*c;
	char		 text[PH_TEXT_MAX * 4 + 1];
	enum page_str	 e;
	char		 err[200];
	int		 n;

	c = ph_ctx(req);
	if (c->wait_until != 0)
		return (ph_wait(req, c));
	if (!ph_post_ok(req, c))
		return (KORE_RESULT_OK);
	n = page_field(req, "text", text, sizeof(text));
	if (n < 0 || (size_t)n >= sizeof(text))
		e = PS_ERR_TOO_LONG;
	else
		e = page_valid_text(text, 1, PH_TEXT_MAX, PAGE_TEXT_MULTI);
	if (e != PS_NONE) {
		if ((size_t)n >= sizeof(text))
			text[0] = '\0';
		(void)page_err_fmt(err, sizeof(err), e, c->u.lang, 1,
		    PH_TEXT_MAX);
		return (ph_page(req, c, 422, NULL, text, err, NULL));
	}
	if (ph_limited(req, c, 1))
		return (ph_page(req, c, 429, ph_t(c, "rate"), text, NULL,
		    NULL));
	if (ph_queue(c, text) == -1)
		return (ph_page(req, c, 503, ph_t(c, "down"), text, NULL,
		    NULL));
	/* No line to Kannel: the message waits in the queue; no use waiting. */
	if (!ph_signal())
		return (page_redirect(req, &c->u, "/phone#sms"));
	c->wait_until = kore_time_ms() +
	    (u_int64_t)atoi(infra_env("HUNAR_PHONE_WAIT_MS", "4000"));
	return (ph_wait(req, c));
}

/* POST /phone/number (number | new=1): another number for this session. */
int
ussd_phone_number(struct http_request *req)
{
	struct ph_ctx	*c;
	char		 in[32], num[16], newf[4];

	c = ph_ctx(req);
	if (!ph_post_ok(req, c))
		return (KORE_RESULT_OK);
	if (page_field(req, "new", newf, sizeof(newf)) > 0) {
		ph_number_new(num, sizeof(num));
		ph_number_set(c, num);
		return (page_redirect(req, &c->u, "/phone"));
	}
	if (page_field(req, "number", in, sizeof(in)) <= 0 ||
	    ussd_phone_range(in, ph_prefix(), num, sizeof(num)) == -1)
		return (ph_page(req, c, 422, NULL, NULL, NULL,
		    ph_t(c, "badnum")));
	ph_number_set(c, num);
	return (page_redirect(req, &c->u, "/phone"));
}

/* The screen the page shows, for the next hop (and a stale form). */
static void
ph_ussd_save(struct ph_ctx *c, int rc, const char *scr)
{
	redisReply	*r;
	char		 buf[USSD_SCREEN_BYTES + 160];
	int		 n;

	n = snprintf(buf, sizeof(buf), "%d %d %s\n%s", c->n, rc, c->hop.sid,
	    scr);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return;
	r = infra_redis("SET phone:ussd:%s %b EX %d", c->num, buf, (size_t)n,
	    300);
	if (r != NULL)
		freeReplyObject(r);
}

/*
 * Reads the form into the hop: 1 to run it, 0 when the page answers
 * without the engine (a hang-up, an unknown code, a stale form).
 */
static int
ph_ussd_parse(struct http_request *req, struct ph_ctx *c)
{
	struct ussd_hop	*h = &c->hop;
	redisReply	*r;
	char		 act[8], in[USSD_INPUT_MAX * 2], nf[12], msg[160];
	int		 have, n;

	(void)page_field(req, "act", act, sizeof(act));
	n = page_field(req, "input", in, sizeof(in));
	if (n < 0 || (size_t)n >= sizeof(in))
		in[0] = '\0';
	have = 0;
	r = infra_redis("GET phone:ussd:%s", c->num);
	if (r != NULL && r->type == REDIS_REPLY_STRING &&
	    sscanf(r->str, "%d %*d %79s", &c->n, h->sid) == 2)
		have = 1;
	if (r != NULL)
		freeReplyObject(r);
	if (strcmp(act, "hang") == 0) {
		r = infra_redis("DEL phone:ussd:%s", c->num);
		if (r != NULL)
			freeReplyObject(r);
		return (0);
	}
	if (strcmp(act, "send") == 0) {
		(void)page_field(req, "n", nf, sizeof(nf));
		if (!have || atoi(nf) != c->n)
			return (0);
		(void)kore_strlcpy(h->input, in, sizeof(h->input));
		h->inlen = strlen(in);
		c->n++;
		return (1);
	}
	c->n = 1;
	/* As a phone's keypad: spaces around the code do not count. */
	for (n = (int)strlen(in); n > 0 && in[n - 1] == ' '; n--)
		in[n - 1] = '\0';
	if (strcmp(in + strspn(in, " "), ph_code()) != 0) {
		(void)snprintf(msg, sizeof(msg), ph_t(c, "unknown"), ph_code());
		(void)kore_strlcpy(h->sid, "none", sizeof(h->sid));
		ph_ussd_save(c, USSD_END, msg);
		return (0);
	}
	(void)snprintf(h->sid, sizeof(h->sid), "phone-%08x%08x",
	    randombytes_random(), randombytes_random());
	h->dial = 1;
	return (1);
}

/* POST /phone/ussd (act=dial|send|hang, input, n): one USSD hop. */
int
ussd_phone_ussd(struct http_request *req)
{
	struct ph_ctx	*c;
	struct ussd_hop	*h;

	c = ph_ctx(req);
	h = &c->hop;
	if (h->phase == 0) {
		if (!ph_post_ok(req, c))
			return (KORE_RESULT_OK);
		if (ph_limited(req, c, 0))
			return (ph_page(req, c, 429, ph_t(c, "rate"), NULL,
			    NULL, NULL));
		(void)kore_strlcpy(h->phone, c->num, sizeof(h->phone));
		if (!ph_ussd_parse(req, c))
			return (page_redirect(req, &c->u, "/phone#ussd"));
		h->phase = 1;
	}
	if (ussd_hop_run(req, h) == KORE_RESULT_RETRY)
		return (KORE_RESULT_RETRY);
	ph_ussd_save(c, h->rc, h->out);
	return (page_redirect(req, &c->u, "/phone#ussd"));
}
