/*
 * matching's Kore glue: the ranked candidates of a gig (API and employer
 * page), shortlisting a suggested candidate with an SMS offer, and the
 * skill-gap advice for a trainee.
 *
 * Ranking happens in hunar_matcher, a separate process holding the index;
 * a Kore task asks it over loopback TCP, so neither a slow ranking nor a
 * matcher restart ever blocks the worker's event loop.  Names, skill names,
 * application status and (after YES only) the phone come from PostgreSQL
 * through the async helper.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>
#include <kore/tasks.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "infra/infra_kore.h"
#include "infra/page_kore.h"
#include "web/web_kore.h"
#include "matching/matching_kore.h"

#define MW_REPLY_MAX	(192 * 1024)
#define MW_LIMIT_MAX	100
#define MW_ROWS_MAX	MW_LIMIT_MAX
#define MW_TIMEOUT_MS	3000
#define MW_GO_ON	(-1)	/* mw_gig_begin(): nothing answered yet */

int	match_matches(struct http_request *);
int	match_offer_post(struct http_request *);
int	match_gap(struct http_request *);

enum mw_str {
	MW_TITLE, MW_SCORE, MW_MISSING, MW_NONE, MW_BELOW, MW_OFFER,
	MW_OFFERED, MW_ACCEPTED, MW_DECLINED, MW_HIDDEN, MW_DOWN, MW_NOBODY,
	MW_GAP_TITLE, MW_GAP_NONE, MW_COURSE, MW_SENT, MW_STATUS,
	MW_P_SKILLS, MW_P_LOCATION, MW_P_AVAIL, MW_P_LEARNING,
	MW_P_REPUTATION, MW_P_RECENCY, MW_GAP_LINK, MW_GAP_SMS, MW_GAP_NEAR,
	MW_REQUIRED, MW_NAME, MW_DISTRICT, MW_FIT, MW_WHY, MW_NICE,
	MW_FIT_STRONG, MW_FIT_GOOD, MW_FIT_PART, MW_FIT_WEAK, MW_SEND_OFFER,
	MW_ACTION, MW_PARTIAL, MW_COUNT
};

static const char *mw_strs[MW_COUNT][HLANG_COUNT] = {
	{ "Ranked candidates", "Behtareen umeedwar", "درجہ بند امیدوار" },
	{ "Score", "Score", "اسکور" },
	{ "Missing skills", "Kami wali skills", "کمی والی مہارتیں" },
	{ "none", "koi nahi", "کوئی نہیں" },
	{ "Below the level asked", "Maangi gayi level se kam",
	  "مطلوبہ درجے سے کم" },
	{ "Shortlist and send SMS offer", "Shortlist karein, SMS offer bhejein",
	  "شارٹ لسٹ کریں، ایس ایم ایس پیشکش بھیجیں" },
	{ "Offer sent by SMS; waiting for YES or NO",
	  "SMS offer bheji gayi; YES ya NO ka intezar",
	  "ایس ایم ایس پیشکش بھیجی گئی؛ ہاں یا نہیں کا انتظار" },
	{ "Accepted. Phone:", "Qubool. Phone:", "قبول۔ فون:" },
	{ "Declined the offer", "Offer se inkaar", "پیشکش سے انکار" },
	{ "The phone is shown after the trainee answers YES",
	  "Phone trainee ke YES ke baad dikhaya jaye ga",
	  "فون تربیت یافتہ کے ہاں کہنے کے بعد دکھایا جائے گا" },
	{ "Ranking is briefly unavailable. Try again in a minute.",
	  "Ranking abhi dastyab nahi. Thori dair baad koshish karein.",
	  "درجہ بندی ابھی دستیاب نہیں۔ تھوڑی دیر بعد کوشش کریں۔" },
	{ "No trainee holds any of the skills asked yet.",
	  "Abhi kisi trainee ke paas maangi gayi skills nahi.",
	  "ابھی کسی تربیت یافتہ کے پاس مطلوبہ مہارتیں نہیں۔" },
	{ "What to learn for this gig", "Is gig ke liye kya seekhein",
	  "اس گِگ کے لیے کیا سیکھیں" },
	{ "You already have every skill this gig asks for.",
	  "Aap ke paas is gig ki har skill hai.",
	  "آپ کے پاس اس گِگ کی ہر مہارت موجود ہے۔" },
	{ "Course", "Course", "کورس" },
	{ "Offer sent.", "Offer bhej di gayi.", "پیشکش بھیج دی گئی۔" },
	{ "Application", "Application", "درخواست" },
	{ "skills", "skills", "مہارتیں" },
	{ "location", "jagah", "مقام" },
	{ "availability", "waqt", "دستیابی" },
	{ "learning", "parhai", "تعلیم" },
	{ "reputation", "saakh", "ساکھ" },
	{ "recent activity", "haal ki sargarmi", "حالیہ سرگرمی" },
	{ "What should I learn for this gig?",
	  "Is gig ke liye kya seekhun?",
	  "اس گِگ کے لیے میں کیا سیکھوں؟" },
	{ "By SMS: text GAP and the gig code to",
	  "SMS se: GAP aur gig code bhejein",
	  "ایس ایم ایس سے: GAP اور گِگ کوڈ بھیجیں" },
	{ "What to learn for the open gigs near you",
	  "Aap ke qareeb khule gigs ke liye kya seekhein",
	  "آپ کے قریب کھلے گِگز کے لیے کیا سیکھیں" },
	{ "required", "zaroori", "لازمی" },
	{ "Name", "Naam", "نام" },
	{ "District", "Zila", "ضلع" },
	{ "Fit", "Munasibat", "موزونیت" },
	{ "Why this score", "Yeh score kyun", "یہ اسکور کیوں" },
	{ "nice to have", "ho to behtar", "ہو تو بہتر" },
	{ "Strong fit", "Bohat munasib", "بہت موزوں" },
	{ "Good fit", "Munasib", "موزوں" },
	{ "Partial fit", "Kuch had tak munasib", "کچھ حد تک موزوں" },
	{ "Weak fit", "Kam munasib", "کم موزوں" },
	{ "Send SMS offer", "SMS offer bhejein", "ایس ایم ایس پیشکش بھیجیں" },
	{ "Next step", "Agla qadam", "اگلا قدم" },
	{ "This list is incomplete: part of the ranking did not answer in "
	  "time. Reload in a minute to see every candidate.",
	  "Yeh fehrist mukammal nahi: ranking ka kuch hissa waqt par jawab "
	  "na de saka. Tamam umeedwar dekhne ke liye ek minute baad safha "
	  "dobara kholein.",
	  "یہ فہرست مکمل نہیں: درجہ بندی کا کچھ حصہ وقت پر جواب نہ دے سکا۔ "
	  "تمام امیدوار دیکھنے کے لیے ایک منٹ بعد صفحہ دوبارہ کھولیں۔" },
};

static const char *
mw_str(enum mw_str s, enum hlang l)
{
	return (mw_strs[s][l]);
}

/* The gig, and whether the viewer may see its matches. */
static const char SQL_GIG[] =
	"SELECT g.id, g.code, g.title, g.status,"
	"  (g.employer_id = $2::bigint OR EXISTS (SELECT 1 FROM users a"
	"   WHERE a.id = $2::bigint AND a.role = 'admin'))"
	" FROM gigs g WHERE g.code = upper($1)"
	"  OR g.id = CASE WHEN $1 ~ '^[0-9]{1,15}$' THEN $1::bigint END";

/*
 * People ranked (names, district, application, phone after YES) and the
 * names of the skills the explanations mention, in one round trip.
 */
static const char SQL_NAMES[] =
	"SELECT 'u', u.id, u.name, coalesce(d.name_en, ''),"
	"  coalesce(a.status, ''), coalesce(match_contact($1::bigint,"
	"  $2::bigint, u.id), ''), coalesce(d.name_ur, '')"
	" FROM unnest($3::bigint[]) x(id) JOIN users u ON u.id = x.id"
	" LEFT JOIN districts d ON d.id = u.district_id"
	" LEFT JOIN applications a ON a.gig_id = $2::bigint"
	"  AND a.user_id = u.id"
	" UNION ALL"
	" SELECT 's', s.id, s.name_en, s.slug, s.name_ru, s.name_ur, ''"
	" FROM skills s WHERE s.id = ANY($4::int[])";

/*
 * An offer takes two steps: what its SMS says (match_offer_card(), worded
 * here by match_offer_sms()), then match_offer(), which checks the
 * employer's right and queues that SMS with the offer, in one
 * transaction.
 */
static const char SQL_OFFER_CARD[] =
	"SELECT g.id, coalesce(c.lang, ''), c.org, c.code, c.title,"
	"  coalesce(c.pay::text, ''), c.remote, c.place FROM gigs g"
	" CROSS JOIN LATERAL match_offer_card(g.id, $2::bigint) c"
	" WHERE g.code = upper($1)"
	"  OR g.id = CASE WHEN $1 ~ '^[0-9]{1,15}$' THEN $1::bigint END";

static const char SQL_OFFER[] =
	"SELECT match_offer($1::bigint, $2::bigint, $3::bigint, $4), g.code"
	" FROM gigs g WHERE g.id = $2::bigint";

static const char SQL_GAP[] =
	"SELECT skill_id, skill, skill_ur, weight, coalesce(course_code, ''),"
	"  coalesce(course_title, ''), lang, g.code, g.title"
	" FROM gigs g CROSS JOIN LATERAL skill_gap((SELECT phone FROM users"
	"  WHERE id = $1::bigint), g.code)"
	" WHERE g.code = upper($2)"
	"  OR g.id = CASE WHEN $2 ~ '^[0-9]{1,15}$' THEN $2::bigint END";

/* The open gigs of the trainee's district and the remote ones. */
static const char SQL_GAP_NEAR[] =
	"SELECT skill_id, skill, skill_ur, weight, coalesce(course_code, ''),"
	"  coalesce(course_title, ''), lang"
	" FROM skill_gap((SELECT phone FROM users WHERE id = $1::bigint), NULL)"
	" LIMIT 10";

static const char SQL_GAP_GIG[] =
	"SELECT g.code, g.title FROM gigs g WHERE g.code = upper($1)"
	"  OR g.id = CASE WHEN $1 ~ '^[0-9]{1,15}$' THEN $1::bigint END";

struct mw_task {
	struct kore_task	task;
	int			started;
};

/* One ranked candidate, copied out of the matcher's JSON. */
struct mw_hit {
	uint64_t	user_id;
	double		rank;
	double		score;
	double		part[MATCH_PART_COUNT];
	double		points[MATCH_PART_COUNT];
	uint16_t	missing[MATCH_GIG_SKILLS];
	uint16_t	below[MATCH_GIG_SKILLS];
	int		nmissing;
	int		nbelow;
	int		missing_required;
};

/*
 * Everything lives in the request's state (freed by Kore whatever
 * happens): the matcher's answer is parsed and let go within one call.
 */
struct mw_ctx {
	PAGE_CTX_HEAD;
	int			 phase;
	char			 key[24];	/* gig code or id, from the path */
	char			 gig_id[24];
	char			 gig_code[24];
	char			 gig_title[160];
	char			 uid[24];
	char			 target[24];
	char			 body[640];	/* the offer SMS */
	int			 allowed;
	int			 limit;
	int			 offset;
	struct mw_task		*t;
	struct mw_hit		 hits[MW_LIMIT_MAX];
	int			 nhits;
	double			 total;
	int			 partial;	/* a shard did not answer */
	int			 missing[MATCH_SHARDS_MAX];
	int			 nmissing;
	char			 ids[MW_LIMIT_MAX * 21 + 4];	/* {1,2} */
	char			 skills[MATCH_SKILL_BITS * 4 + 4];
	const char		*argv[4];
};

/*
 * Pulls the gig key (a code or an id) out of /api/v1/gigs/<key>/...,
 * /workspace/gigs/<key>/... or /gap/<key>.
 */
static int
mw_path_key(const char *path, char *out, size_t len)
{
	const char	*p, *e;

	if ((p = strstr(path, "/gigs/")) != NULL)
		p += 6;
	else if ((p = strstr(path, "/gap/")) != NULL)
		p += 5;
	else
		return (-1);
	if ((e = strchr(p, '/')) == NULL)
		e = p + strlen(p);
	if (e == p || (size_t)(e - p) >= len)
		return (-1);
	memcpy(out, p, e - p);
	out[e - p] = '\0';
	return (0);
}

/* A finished task is let go; one still running is left to Kore. */
static void
mw_ctx_free(struct mw_ctx *c)
{
	if (c->t != NULL && kore_task_finished(&c->t->task)) {
		kore_task_destroy(&c->t->task);
		kore_free(c->t);
	}
	c->t = NULL;
}

/*
 * Runs on a task thread: "<gig> <limit> <offset>" in, the matcher's whole
 * answer back -- one matcher's RANK, or the shards' merged exactly
 * (matching/match_shards.c).  An empty answer: no matcher answered.
 */
static int
mw_task_rank(struct kore_task *t)
{
	struct infra_buf	 out;
	char			 line[128], req[128], *buf;
	unsigned long long	 gig;
	u_int32_t		 got;
	ssize_t			 len;
	int			 ports[MATCH_SHARDS_MAX], n, limit, offset;

	got = kore_task_channel_read(t, line, sizeof(line) - 1);
	line[got < sizeof(line) ? got : sizeof(line) - 1] = '\0';
	infra_buf_init(&out);
	len = -1;
	n = match_ports(ports, MATCH_SHARDS_MAX);
	if ((buf = malloc(MW_REPLY_MAX)) != NULL && n > 0 &&
	    sscanf(line, "%llu %d %d", &gig, &limit, &offset) == 3) {
		(void)snprintf(req, sizeof(req), "RANK %llu %d %d\n", gig,
		    limit, offset);
		if (n == 1)
			len = match_ask(ports[0], req, buf, MW_REPLY_MAX,
			    MW_TIMEOUT_MS);
		else if (match_shards_rank(ports, n, gig, (size_t)limit,
		    (size_t)offset, MW_TIMEOUT_MS, MW_REPLY_MAX, &out) >= 0 &&
		    out.len < MW_REPLY_MAX) {
			memcpy(buf, out.data, out.len);
			len = (ssize_t)out.len;
		}
	}
	kore_task_channel_write(t, len > 0 ? buf : "",
	    len > 0 ? (u_int32_t)len : 0);
	infra_buf_free(&out);
	free(buf);
	return (KORE_RESULT_OK);
}

static int	mw_parse(struct mw_ctx *, const char *, size_t);

/*
 * Starts the task (first call: 0) or, once its answer is in, parses it
 * (1: parsed, -1: no usable answer).
 */
static int
mw_rank(struct http_request *req, struct mw_ctx *c)
{
	char		 line[128], *buf;
	u_int32_t	 n;
	int		 rc;

	if (c->t == NULL) {
		c->t = kore_calloc(1, sizeof(*c->t));
		kore_task_create(&c->t->task, mw_task_rank);
		kore_task_bind_request(&c->t->task, req);
		kore_task_run(&c->t->task);
		(void)snprintf(line, sizeof(line), "%s %d %d", c->gig_id,
		    c->limit, c->offset);
		kore_task_channel_write(&c->t->task, line, strlen(line));
		return (0);
	}
	if (kore_task_state(&c->t->task) != KORE_TASK_STATE_FINISHED)
		return (0);
	buf = kore_malloc(MW_REPLY_MAX + 1);
	n = kore_task_channel_read(&c->t->task, buf, MW_REPLY_MAX);
	kore_task_destroy(&c->t->task);
	kore_free(c->t);
	c->t = NULL;
	rc = mw_parse(c, buf, n > MW_REPLY_MAX ? 0 : n) == 0 ? 1 : -1;
	kore_free(buf);
	return (rc);
}

/*
 * The applicants page's scores (matching_kore.h): EXPLAIN, which scores
 * any trainee the matcher holds, asked 100 users a request (the
 * matcher's limit) of every matcher -- a shard answers for its own
 * trainees and leaves the others out.
 */
#define MW_EXPLAIN_USERS	100
#define MW_SCORES_IN		(MATCH_SCORES_MAX * 21 + 32)
#define MW_SCORES_REPLY		(2 * MW_REPLY_MAX)

/* One EXPLAIN line for the users of in from *p on; 0 when none is left. */
static int
mw_explain_line(char *out, size_t len, unsigned long long gig,
    const char **p)
{
	unsigned long long	 u;
	char			*ep;
	size_t			 off;
	int			 k;

	off = (size_t)snprintf(out, len, "EXPLAIN %llu ", gig);
	for (k = 0; k < MW_EXPLAIN_USERS && **p == ' '; k++) {
		u = strtoull(*p + 1, &ep, 10);
		if (ep == *p + 1)
			break;
		*p = ep;
		off += (size_t)snprintf(out + off, len - off, "%s%llu:0",
		    k ? "," : "", u);
	}
	(void)snprintf(out + off, len - off, "\n");
	return (k);
}

/*
 * Runs on a task thread: "<gig> <user> <user> ..." in, every matcher's
 * EXPLAIN answers back, one JSON a line (empty: no matcher answered).
 */
static int
mw_task_scores(struct kore_task *t)
{
	struct infra_buf	 out;
	char			*in, *buf, line[MW_EXPLAIN_USERS * 24 + 64];
	const char		*p;
	unsigned long long	 gig;
	ssize_t			 len;
	u_int32_t		 got;
	int			 ports[MATCH_SHARDS_MAX], np, i;

	infra_buf_init(&out);
	in = malloc(MW_SCORES_IN);
	buf = malloc(MW_REPLY_MAX);
	np = match_ports(ports, MATCH_SHARDS_MAX);
	if (in != NULL && buf != NULL) {
		got = kore_task_channel_read(t, in, MW_SCORES_IN - 1);
		in[got < MW_SCORES_IN ? got : MW_SCORES_IN - 1] = '\0';
		gig = strtoull(in, NULL, 10);
		p = strchr(in, ' ');
		while (p != NULL &&
		    mw_explain_line(line, sizeof(line), gig, &p) > 0) {
			for (i = 0; i < np; i++) {
				len = match_ask(ports[i], line, buf,
				    MW_REPLY_MAX, MW_TIMEOUT_MS);
				if (len <= 0 || out.len + (size_t)len + 1 >
				    MW_SCORES_REPLY)
					continue;
				(void)infra_buf_add(&out, buf, (size_t)len);
				(void)infra_buf_add(&out, "\n", 1);
			}
		}
	}
	kore_task_channel_write(t, out.len > 0 ? (void *)out.data : "",
	    (u_int32_t)out.len);
	infra_buf_free(&out);
	free(in);
	free(buf);
	return (KORE_RESULT_OK);
}

static struct kore_json_item	*mw_item(struct kore_json_item *,
				    const char *);
static double			 mw_num(struct kore_json_item *,
				    const char *);

/* The matchers' answers (one JSON a line) into s->score. */
static void
mw_scores_parse(struct match_scores *s, const char *buf, size_t len)
{
	struct kore_json	 json;
	struct kore_json_item	*res, *it;
	const char		*line, *nl, *end;
	uint64_t		 u;
	int			 i;

	end = buf + len;
	for (line = buf; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		kore_json_init(&json, line, (size_t)(nl - line));
		if (nl > line && kore_json_parse(&json) &&
		    (res = mw_item(json.root, "results")) != NULL &&
		    res->type == KORE_JSON_TYPE_ARRAY) {
			TAILQ_FOREACH(it, &res->data.items, list) {
				u = (uint64_t)mw_num(it, "user_id");
				for (i = 0; i < s->n; i++)
					if (s->user[i] == u)
						s->score[i] =
						    mw_num(it, "score");
			}
		}
		kore_json_cleanup(&json);
	}
}

/* Asks the matcher(s) from a task the first time; see matching_kore.h. */
static void
mw_scores_start(struct http_request *req, struct match_scores *s)
{
	struct mw_task	*t;
	struct kore_buf	 b;
	int		 i;

	t = kore_calloc(1, sizeof(*t));
	kore_task_create(&t->task, mw_task_scores);
	kore_task_bind_request(&t->task, req);
	kore_task_run(&t->task);
	kore_buf_init(&b, 256);
	kore_buf_appendf(&b, "%llu", (unsigned long long)s->gig);
	for (i = 0; i < s->n; i++)
		kore_buf_appendf(&b, " %llu", (unsigned long long)s->user[i]);
	kore_task_channel_write(&t->task, b.data, (u_int32_t)b.offset);
	kore_buf_cleanup(&b);
	s->task = t;
}

int
match_scores_run(struct http_request *req, struct match_scores *s)
{
	struct mw_task	*t;
	char		*buf;
	u_int32_t	 n;
	int		 i;

	if (s->done)
		return (1);
	if (s->task == NULL) {
		if (s->n > MATCH_SCORES_MAX)
			s->n = MATCH_SCORES_MAX;
		for (i = 0; i < s->n; i++)
			s->score[i] = -1;
		if (s->n <= 0) {
			s->done = 1;
			return (1);
		}
		mw_scores_start(req, s);
	}
	t = s->task;
	if (kore_task_state(&t->task) != KORE_TASK_STATE_FINISHED) {
		http_request_sleep(req);
		return (0);
	}
	buf = kore_malloc(MW_SCORES_REPLY);
	n = kore_task_channel_read(&t->task, buf, MW_SCORES_REPLY);
	kore_task_destroy(&t->task);
	kore_free(t);
	s->task = NULL;
	if (n <= MW_SCORES_REPLY)
		mw_scores_parse(s, buf, n);
	kore_free(buf);
	s->done = 1;
	return (1);
}

/* A finished task is let go; one still running is left to Kore. */
void
match_scores_free(struct match_scores *s)
{
	struct mw_task	*t = s->task;

	if (t != NULL && kore_task_finished(&t->task)) {
		kore_task_destroy(&t->task);
		kore_free(t);
	}
	s->task = NULL;
}

static struct kore_json_item *
mw_item(struct kore_json_item *o, const char *name)
{
	struct kore_json_item	*it;

	if (o == NULL || (o->type != KORE_JSON_TYPE_OBJECT))
		return (NULL);
	TAILQ_FOREACH(it, &o->data.items, list) {
		if (it->name != NULL && strcmp(it->name, name) == 0)
			return (it);
	}
	return (NULL);
}

static double
mw_num(struct kore_json_item *o, const char *name)
{
	struct kore_json_item	*it;

	if ((it = mw_item(o, name)) == NULL)
		return (0);
	switch (it->type) {
	case KORE_JSON_TYPE_NUMBER:
		return (it->data.number);
	case KORE_JSON_TYPE_INTEGER:
		return ((double)it->data.s64);
	case KORE_JSON_TYPE_INTEGER_U64:
		return ((double)it->data.u64);
	default:
		return (0);
	}
}

/* Skill ids of a JSON array, at most MATCH_GIG_SKILLS, valid ones only. */
static int
mw_ids(struct kore_json_item *arr, uint16_t *out)
{
	struct kore_json_item	*s;
	int			 n;

	n = 0;
	if (arr == NULL || arr->type != KORE_JSON_TYPE_ARRAY)
		return (0);
	TAILQ_FOREACH(s, &arr->data.items, list) {
		if (n == MATCH_GIG_SKILLS)
			break;
		if ((s->type == KORE_JSON_TYPE_INTEGER_U64 ||
		    s->type == KORE_JSON_TYPE_INTEGER) && s->data.s64 > 0 &&
		    s->data.s64 < MATCH_SKILL_BITS)
			out[n++] = (uint16_t)s->data.s64;
	}
	return (n);
}

static void
mw_skill_add(struct mw_ctx *c, uint64_t *seen, size_t *off,
    const uint16_t *ids, int n)
{
	int		i;

	for (i = 0; i < n; i++) {
		if (seen[ids[i] / 64] & (1ULL << (ids[i] % 64)))
			continue;
		seen[ids[i] / 64] |= 1ULL << (ids[i] % 64);
		*off += snprintf(c->skills + *off, sizeof(c->skills) - *off,
		    "%s%u", *off > 1 ? "," : "", ids[i]);
	}
}

static int
mw_hit_rank_cmp(const void *x, const void *y)
{
	const struct mw_hit	*a = x, *b = y;

	return (a->rank < b->rank ? -1 : a->rank > b->rank);
}

/*
 * The matcher's answer into c->hits, and the user and skill ids the SQL
 * step needs ("{1,2}" arrays).  The JSON is freed before returning.
 */
static int
mw_parse(struct mw_ctx *c, const char *buf, size_t len)
{
	struct kore_json	 json;
	struct kore_json_item	*res, *it, *parts, *points;
	struct mw_hit		*h;
	uint64_t		 seen[MATCH_SKILL_WORDS];
	size_t			 off, soff;
	int			 rc, i;

	if (len == 0)
		return (-1);
	kore_json_init(&json, buf, len);
	rc = -1;
	if (!kore_json_parse(&json) || mw_item(json.root, "error") != NULL ||
	    (res = mw_item(json.root, "results")) == NULL ||
	    res->type != KORE_JSON_TYPE_ARRAY)
		goto out;
	c->total = mw_num(json.root, "total");
	/* Shards that did not answer in time (match_shards.c). */
	c->partial = mw_item(json.root, "partial") != NULL;
	c->nmissing = 0;
	if ((it = mw_item(json.root, "missing_shards")) != NULL &&
	    it->type == KORE_JSON_TYPE_ARRAY) {
		TAILQ_FOREACH(parts, &it->data.items, list) {
			if (c->nmissing < MATCH_SHARDS_MAX)
				c->missing[c->nmissing++] =
				    (int)mw_num(parts, "shard");
		}
	}
	memset(seen, 0, sizeof(seen));
	off = soff = 1;
	c->ids[0] = '{';
	c->skills[0] = '{';
	c->nhits = 0;
	TAILQ_FOREACH(it, &res->data.items, list) {
		if (c->nhits == MW_LIMIT_MAX)
			break;
		h = &c->hits[c->nhits++];
		memset(h, 0, sizeof(*h));
		h->user_id = (uint64_t)mw_num(it, "user_id");
		h->rank = mw_num(it, "rank");
		h->score = mw_num(it, "score");
		h->missing_required = (int)mw_num(it, "missing_required");
		parts = mw_item(it, "parts");
		points = mw_item(it, "points");
		for (i = 0; i < MATCH_PART_COUNT; i++) {
			h->part[i] = mw_num(parts, match_part_name(i));
			h->points[i] = mw_num(points, match_part_name(i));
		}
		h->nmissing = mw_ids(mw_item(it, "missing"), h->missing);
		h->nbelow = mw_ids(mw_item(it, "below"), h->below);
		off += snprintf(c->ids + off, sizeof(c->ids) - off, "%s%llu",
		    off > 1 ? "," : "", (unsigned long long)h->user_id);
		mw_skill_add(c, seen, &soff, h->missing, h->nmissing);
		mw_skill_add(c, seen, &soff, h->below, h->nbelow);
	}
	(void)snprintf(c->ids + off, sizeof(c->ids) - off, "}");
	(void)snprintf(c->skills + soff, sizeof(c->skills) - soff, "}");
	/* Shards answer grouped by shard: back into rank order. */
	qsort(c->hits, c->nhits, sizeof(c->hits[0]), mw_hit_rank_cmp);
	rc = 0;
out:
	kore_json_cleanup(&json);
	return (rc);
}

/* The SQL row of a user (kind 'u') or of a skill (kind 's'), or -1. */
static int
mw_row(struct mw_ctx *c, const char *kind, uint64_t id)
{
	int		i, n;

	n = infra_db_rows(&c->db);
	for (i = 0; i < n; i++) {
		if (strcmp(infra_db_get(&c->db, i, 0), kind) == 0 &&
		    strtoull(infra_db_get(&c->db, i, 1), NULL, 10) == id)
			return (i);
	}
	return (-1);
}

static const char *
mw_skill_name(struct mw_ctx *c, uint64_t id, enum hlang l)
{
	int		r;

	if ((r = mw_row(c, "s", id)) < 0)
		return ("?");
	/* name_en, slug, name_ru, name_ur in columns 2 .. 5 */
	if (l == HLANG_UR && *infra_db_get(&c->db, r, 5) != '\0')
		return (infra_db_get(&c->db, r, 5));
	if (l == HLANG_RU && *infra_db_get(&c->db, r, 4) != '\0')
		return (infra_db_get(&c->db, r, 4));
	return (infra_db_get(&c->db, r, 2));
}

static void
mw_json_skills(struct kore_buf *j, struct mw_ctx *c, const uint16_t *ids,
    int n)
{
	int		i, r;

	kore_buf_append(j, "[", 1);
	for (i = 0; i < n; i++) {
		r = mw_row(c, "s", ids[i]);
		kore_buf_appendf(j, "%s{\"id\":%u,\"slug\":", i ? "," : "",
		    ids[i]);
		infra_json_str(j, r < 0 ? "" : infra_db_get(&c->db, r, 3));
		page_json_field(j, "name", r < 0 ? "" :
		    infra_db_get(&c->db, r, 2));
		kore_buf_append(j, "}", 1);
	}
	kore_buf_append(j, "]", 1);
}

static void
mw_json(struct kore_buf *j, struct mw_ctx *c)
{
	struct mw_hit	*h;
	int		 n, r, i;

	kore_buf_appendf(j, "{\"gig\":{\"id\":%s,\"code\":", c->gig_id);
	infra_json_str(j, c->gig_code);
	page_json_field(j, "title", c->gig_title);
	kore_buf_appendf(j, "},\"total\":%.0f,\"limit\":%d,\"offset\":%d,",
	    c->total, c->limit, c->offset);
	if (c->partial) {
		/* Which shards' trainees are missing from this page. */
		kore_buf_appendf(j, "\"partial\":true,\"missing_shards\":[");
		for (n = 0; n < c->nmissing; n++)
			kore_buf_appendf(j, "%s%d", n ? "," : "",
			    c->missing[n]);
		kore_buf_appendf(j, "],");
	}
	kore_buf_appendf(j, "\"results\":[");
	for (n = 0; n < c->nhits; n++) {
		h = &c->hits[n];
		r = mw_row(c, "u", h->user_id);
		kore_buf_appendf(j, "%s{\"rank\":%.0f,\"user_id\":%llu,"
		    "\"name\":", n ? "," : "", h->rank,
		    (unsigned long long)h->user_id);
		infra_json_str(j, r < 0 ? "" : infra_db_get(&c->db, r, 2));
		page_json_field_null(j, "district", r < 0 ? "" :
		    infra_db_get(&c->db, r, 3));
		kore_buf_appendf(j, ",\"score\":%.2f,\"breakdown\":{",
		    h->score);
		for (i = 0; i < MATCH_PART_COUNT; i++) {
			kore_buf_appendf(j, "%s\"%s\":{\"part\":%.3f,"
			    "\"points\":%.2f}", i ? "," : "",
			    match_part_name(i), h->part[i], h->points[i]);
		}
		kore_buf_append(j, "},\"missing\":", 12);
		mw_json_skills(j, c, h->missing, h->nmissing);
		kore_buf_appendf(j, ",\"missing_required\":%d,\"below\":",
		    h->missing_required);
		mw_json_skills(j, c, h->below, h->nbelow);
		page_json_field_null(j, "application", r < 0 ? "" :
		    infra_db_get(&c->db, r, 4));
		page_json_field_null(j, "phone", r < 0 ? "" :
		    infra_db_get(&c->db, r, 5));
		kore_buf_append(j, "}", 1);
	}
	kore_buf_append(j, "]}", 2);
}

static void
mw_html_skills(struct infra_buf *b, struct mw_ctx *c, const uint16_t *ids,
    int n)
{
	int		i;

	for (i = 0; i < n; i++) {
		if (i)
			page_html_s(b, infra_comma(c->u.lang));
		page_html_text(b, mw_skill_name(c, ids[i], c->u.lang));
	}
	if (n == 0)
		page_html_text(b, mw_str(MW_NONE, c->u.lang));
}

/* A score in words: how an employer reads a number out of 100. */
static enum mw_str
mw_fit(double score)
{
	if (score >= 70)
		return (MW_FIT_STRONG);
	if (score >= 45)
		return (MW_FIT_GOOD);
	if (score >= 25)
		return (MW_FIT_PART);
	return (MW_FIT_WEAK);
}

/* The score's parts and the missing skills, folded until asked for. */
static void
mw_html_why(struct infra_buf *b, struct mw_ctx *c, const struct mw_hit *h)
{
	char		 num[64];
	int		 i, req;
	enum hlang	 l = c->u.lang;

	page_html_s(b, "<details><summary>");
	page_html_text(b, mw_str(MW_WHY, l));
	page_html_s(b, "</summary><ul class=\"why\">");
	for (i = 0; i < MATCH_PART_COUNT; i++) {
		page_html_s(b, "<li>");
		page_html_text(b, mw_str((enum mw_str)(MW_P_SKILLS + i), l));
		(void)snprintf(num, sizeof(num), ": %.1f", h->points[i]);
		page_html_text(b, num);
		page_html_s(b, "</li>");
	}
	page_html_s(b, "</ul><p class=\"missing\">");
	page_html_text(b, mw_str(MW_MISSING, l));
	page_html_s(b, ": ");
	/* Required ones come first (match_score.c). */
	req = h->missing_required;
	if (req > 0) {
		page_html_s(b, "<strong>");
		mw_html_skills(b, c, h->missing, req);
		page_html_s(b, "</strong> (");
		page_html_text(b, mw_str(MW_REQUIRED, l));
		page_html_s(b, ")");
	}
	if (h->nmissing > req) {
		if (req > 0)
			page_html_s(b, infra_semicolon(l));
		mw_html_skills(b, c, h->missing + req, h->nmissing - req);
		page_html_s(b, " (");
		page_html_text(b, mw_str(MW_NICE, l));
		page_html_s(b, ")");
	}
	if (h->nmissing == 0)
		page_html_text(b, mw_str(MW_NONE, l));
	page_html_s(b, "<br>");
	page_html_text(b, mw_str(MW_BELOW, l));
	page_html_s(b, ": ");
	mw_html_skills(b, c, h->below, h->nbelow);
	page_html_s(b, "</p></details>");
}

/* The one button the candidate's state allows, or the state in words. */
static void
mw_html_action(struct infra_buf *b, struct mw_ctx *c, const struct mw_hit *h,
    const char *st, const char *phone)
{
	char		 num[32], act[96];
	enum hlang	 l = c->u.lang;

	if (strcmp(st, "offered") == 0) {
		page_html_text(b, mw_str(MW_OFFERED, l));
	} else if (*phone != '\0') {
		page_html_text(b, mw_str(MW_ACCEPTED, l));
		page_html_s(b, " <a dir=\"ltr\" href=\"tel:+");
		page_html_attr(b, phone);
		page_html_s(b, "\">+");
		page_html_text(b, phone);
		page_html_s(b, "</a>");
	} else if (strcmp(st, "declined") == 0) {
		page_html_text(b, mw_str(MW_DECLINED, l));
	} else if (*st == '\0' || strcmp(st, "applied") == 0 ||
	    strcmp(st, "shortlisted") == 0) {
		if (*st != '\0') {
			page_html_text(b, web_status_label(st, l));
			page_html_s(b, ". ");
		}
		(void)snprintf(act, sizeof(act), "/workspace/gigs/%s/offer",
		    c->gig_code);
		page_form_open(b, &c->u, act);
		(void)snprintf(num, sizeof(num), "%llu",
		    (unsigned long long)h->user_id);
		page_html_s(b, "<input type=\"hidden\" name=\"user\" value=\"");
		page_html_attr(b, num);
		page_html_s(b, "\">");
		page_form_submit(b, mw_str(strcmp(st, "shortlisted") == 0 ?
		    MW_SEND_OFFER : MW_OFFER, l));
		page_html_s(b, "</form>");
	} else
		page_html_text(b, web_status_label(st, l));
}

/* One candidate: a row of the ranked table, its reasons under it. */
static void
mw_html_row(struct infra_buf *b, struct mw_ctx *c, const struct mw_hit *h)
{
	const char		*st, *phone;
	char			 num[64];
	int			 r;
	enum hlang		 l = c->u.lang;

	r = mw_row(c, "u", h->user_id);
	st = r < 0 ? "" : infra_db_get(&c->db, r, 4);
	phone = r < 0 ? "" : infra_db_get(&c->db, r, 5);
	(void)snprintf(num, sizeof(num), "%.0f", h->rank);
	page_html_s(b, "<tr><td>");
	page_html_text(b, num);
	(void)snprintf(num, sizeof(num), "/users/%llu",
	    (unsigned long long)h->user_id);
	page_html_s(b, "</td><th scope=\"row\"><a href=\"");
	page_html_attr(b, num);
	page_html_s(b, "\"><bdi>");
	page_html_text(b, r < 0 ? "?" : infra_db_get(&c->db, r, 2));
	page_html_s(b, "</bdi></a></th><td>");
	if (r >= 0)
		page_html_text(b, l == HLANG_UR &&
		    *infra_db_get(&c->db, r, 6) != '\0' ?
		    infra_db_get(&c->db, r, 6) : infra_db_get(&c->db, r, 3));
	(void)snprintf(num, sizeof(num), "%.0f", h->score);
	page_html_s(b, "</td><td>");
	page_html_text(b, num);
	page_html_s(b, "</td><td>");
	page_html_text(b, mw_str(mw_fit(h->score), l));
	page_html_s(b, "</td></tr><tr class=\"sub\"><td></td><td colspan=\"4\">");
	mw_html_why(b, c, h);
	page_html_s(b, "<div class=\"offer\">");
	mw_html_action(b, c, h, st, phone);
	page_html_s(b, "</div></td></tr>");
}

/* The ranked table's head: one column each, read by screen readers. */
static void
mw_html_head(struct infra_buf *b, struct mw_ctx *c)
{
	static const enum mw_str	cols[] = { MW_NAME, MW_DISTRICT,
	    MW_SCORE, MW_FIT };
	size_t				i;

	page_html_s(b, "<table class=\"rank\"><caption>");
	page_html_text(b, mw_str(MW_TITLE, c->u.lang));
	page_html_s(b, "</caption><thead><tr><th scope=\"col\">#</th>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_html_s(b, "<th scope=\"col\">");
		page_html_text(b, mw_str(cols[i], c->u.lang));
		page_html_s(b, "</th>");
	}
	page_html_s(b, "</tr></thead><tbody>");
}

/* The gig a page is about: its code, linked under prefix, and title. */
static void
mw_html_gig(struct infra_buf *b, struct mw_ctx *c, const char *prefix)
{
	page_html_s(b, "<p class=\"meta\"><a href=\"");
	page_html_s(b, prefix);
	page_html_attr(b, c->gig_code);
	page_html_s(b, "\">");
	page_html_text(b, c->gig_code);
	page_html_s(b, "</a> &middot; ");
	page_html_text(b, c->gig_title);
	page_html_s(b, "</p>");
}

static int
mw_page(struct http_request *req, struct mw_ctx *c)
{
	struct infra_buf	 b;
	char			 link[160], flash[8];
	int			 n;
	double			 total;

	page_page_begin(&b, req, &c->u, mw_str(MW_TITLE, c->u.lang),
	    infra_arg(req, "sent", flash, sizeof(flash)) >= 0 ?
	    mw_str(MW_SENT, c->u.lang) : NULL);
	mw_html_gig(&b, c, "/workspace/gigs/");
	if (c->partial) {
		page_html_s(&b, "<p role=\"status\" class=\"partial\">");
		page_html_text(&b, mw_str(MW_PARTIAL, c->u.lang));
		page_html_s(&b, "</p>");
	}
	mw_html_head(&b, c);
	for (n = 0; n < c->nhits; n++)
		mw_html_row(&b, c, &c->hits[n]);
	page_html_s(&b, "</tbody></table>");
	if (n == 0 && c->offset == 0) {
		page_html_s(&b, "<p>");
		page_html_text(&b, mw_str(MW_NOBODY, c->u.lang));
		page_html_s(&b, "</p>");
	}
	total = c->total;
	page_html_s(&b, "<nav class=\"pages\">");
	if (c->offset > 0) {
		(void)snprintf(link, sizeof(link),
		    "/workspace/gigs/%s/matches?offset=%d&limit=%d",
		    c->gig_code, c->offset > c->limit ? c->offset - c->limit :
		    0, c->limit);
		page_html_s(&b, "<a rel=\"prev\" href=\"");
		page_html_attr(&b, link);
		page_html_s(&b, "\">");
		page_html_str(&b, PS_PREV, c->u.lang);
		page_html_s(&b, "</a> ");
	}
	if (c->offset + c->limit < total) {
		(void)snprintf(link, sizeof(link),
		    "/workspace/gigs/%s/matches?offset=%d&limit=%d",
		    c->gig_code, c->offset + c->limit, c->limit);
		page_html_s(&b, "<a rel=\"next\" href=\"");
		page_html_attr(&b, link);
		page_html_s(&b, "\">");
		page_html_str(&b, PS_NEXT, c->u.lang);
		page_html_s(&b, "</a>");
	}
	page_html_s(&b, "</nav>");
	return (page_page_end(req, &c->u, &b, 200));
}

static int
mw_down(struct http_request *req, struct mw_ctx *c)
{
	struct infra_buf	b;

	page_page_begin(&b, req, &c->u, mw_str(MW_TITLE, c->u.lang), NULL);
	page_html_s(&b, "<p role=\"alert\">");
	page_html_text(&b, mw_str(MW_DOWN, c->u.lang));
	page_html_s(&b, "</p>");
	return (page_page_end(req, &c->u, &b, 503));
}

static int
mw_qs_int(struct http_request *req, const char *name, int def, int max)
{
	char		v[16];
	long		n;
	char		*ep;

	if (req->query_string == NULL ||
	    infra_qs_get(req->query_string, strlen(req->query_string), name,
	    v, sizeof(v)) <= 0)
		return (def);
	n = strtol(v, &ep, 10);
	if (*ep != '\0' || n < 0)
		return (-1);
	return (n > max ? max : (int)n);
}

static int
mw_done(struct http_request *req, struct mw_ctx *c, int rv)
{
	mw_ctx_free(c);
	return (rv);
}

/*
 * How both of the gig owner's routes start: the method, the role (and
 * on a POST the CSRF token), the gig's key from the path into c->key.
 * Returns MW_GO_ON, or the handler's result once it has answered.
 */
static int
mw_gig_begin(struct http_request *req, struct mw_ctx *c, int method)
{
	page_ctx_user(req, c);
	if (req->method != method)
		return (page_error(req, &c->u, 405, "method", PS_NOT_FOUND));
	if (!page_require(req, &c->u, PAGE_ROLE_EMPLOYER | PAGE_ROLE_ADMIN) ||
	    (method == HTTP_METHOD_POST && !page_csrf_ok(req, &c->u)))
		return (KORE_RESULT_OK);
	if (mw_path_key(req->path, c->key, sizeof(c->key)) == -1)
		return (page_error(req, &c->u, 404, "not_found",
		    PS_NOT_FOUND));
	return (MW_GO_ON);
}

/*
 * GET /api/v1/gigs/<id|code>/matches?limit=&offset= and
 * GET /workspace/gigs/<code>/matches: the gig's owner or an admin only.
 */
int
match_matches(struct http_request *req)
{
	struct mw_ctx		*c;
	struct kore_buf		 j;
	int			 r;

	c = page_ctx(req, sizeof(*c));
	if (c->phase == 0) {
		if ((r = mw_gig_begin(req, c, HTTP_METHOD_GET)) != MW_GO_ON)
			return (r);
		/* Pages stay small (PAGE_MAX_BYTES): 25 candidates at most. */
		c->limit = mw_qs_int(req, "limit", c->u.api ? 20 : 10,
		    c->u.api ? MW_LIMIT_MAX : 25);
		c->offset = mw_qs_int(req, "offset", 0, 10000);
		if (c->limit < 1 || c->offset < 0) {
			if (c->u.api)
				return (infra_json_error(req, 400,
				    "bad_request", "limit is 1..100, offset "
				    "0 or more"));
			return (page_error(req, &c->u, 400, "bad_request",
			    PS_ERR_NUMBER));
		}
		(void)snprintf(c->uid, sizeof(c->uid), "%lld",
		    (long long)c->u.id);
		c->argv[0] = c->key;
		c->argv[1] = c->uid;
		c->phase = 1;
	}
	if (c->phase == 1) {
		if ((r = infra_db_run(req, &c->db, SQL_GIG, 2, c->argv)) !=
		    INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		if (infra_db_rows(&c->db) != 1)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		if (strcmp(infra_db_get(&c->db, 0, 4), "t") != 0)
			return (page_error(req, &c->u, 403, "forbidden",
			    PS_FORBIDDEN));
		(void)kore_strlcpy(c->gig_id, infra_db_get(&c->db, 0, 0),
		    sizeof(c->gig_id));
		(void)kore_strlcpy(c->gig_code, infra_db_get(&c->db, 0, 1),
		    sizeof(c->gig_code));
		(void)kore_strlcpy(c->gig_title, infra_db_get(&c->db, 0, 2),
		    sizeof(c->gig_title));
		infra_db_next(&c->db);
		c->phase = 2;
	}
	if (c->phase == 2) {
		if ((r = mw_rank(req, c)) == 0) {
			http_request_sleep(req);
			return (KORE_RESULT_RETRY);
		}
		if (r == -1) {
			kore_log(LOG_NOTICE, "matcher: no answer for gig %s",
			    c->gig_id);
			if (c->u.api)
				return (mw_done(req, c, infra_json_error(req,
				    503, "matcher_unavailable",
				    mw_str(MW_DOWN, HLANG_EN))));
			return (mw_done(req, c, mw_down(req, c)));
		}
		c->argv[0] = c->uid;
		c->argv[1] = c->gig_id;
		c->argv[2] = c->ids;
		c->argv[3] = c->skills;
		c->phase = 3;
	}
	if ((r = infra_db_run(req, &c->db, SQL_NAMES, 4, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	if (c->u.api) {
		kore_buf_init(&j, 4096);
		mw_json(&j, c);
		return (mw_done(req, c, page_json_send(req, 200, &j)));
	}
	return (mw_done(req, c, mw_page(req, c)));
}

/*
 * An offer's first step (phase 1): its SMS, in the trainee's language,
 * from match_offer_card(); then match_offer()'s arguments.  Returns
 * MW_GO_ON, or the handler's result once it has answered.
 */
static int
mw_offer_card(struct http_request *req, struct mw_ctx *c)
{
	int		r;

	if ((r = infra_db_run(req, &c->db, SQL_OFFER_CARD, 2, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	if (infra_db_rows(&c->db) != 1)
		return (page_error(req, &c->u, 404, "not_found",
		    PS_NOT_FOUND));
	(void)kore_strlcpy(c->gig_id, infra_db_get(&c->db, 0, 0),
	    sizeof(c->gig_id));
	(void)match_offer_sms(infra_db_get(&c->db, 0, 1),
	    infra_db_get(&c->db, 0, 2), infra_db_get(&c->db, 0, 3),
	    infra_db_get(&c->db, 0, 4), infra_db_get(&c->db, 0, 5),
	    strcmp(infra_db_get(&c->db, 0, 6), "t") == 0,
	    infra_db_get(&c->db, 0, 7), c->body, sizeof(c->body));
	infra_db_next(&c->db);
	c->argv[0] = c->uid;
	c->argv[1] = c->gig_id;
	c->argv[2] = c->target;
	c->argv[3] = c->body;
	c->phase = 2;
	return (MW_GO_ON);
}

/*
 * POST /workspace/gigs/<code>/offer (form: user, csrf) and
 * POST /api/v1/gigs/<id|code>/offers {"user_id": N}: shortlist a
 * suggested trainee; the offer goes out by SMS.
 */
int
match_offer_post(struct http_request *req)
{
	struct mw_ctx			*c;
	struct kore_buf			 j;
	const char			*res;
	char				 loc[128];
	int				 r;

	c = page_ctx(req, sizeof(*c));
	if (c->phase == 0) {
		if ((r = mw_gig_begin(req, c, HTTP_METHOD_POST)) != MW_GO_ON)
			return (r);
		if (c->u.api) {
			struct kore_json	 body;
			struct kore_json_item	*it;

			if (infra_json_body(req, &body) != KORE_RESULT_OK)
				return (KORE_RESULT_OK);
			if ((it = mw_item(body.root, "user_id")) == NULL ||
			    (it->type != KORE_JSON_TYPE_INTEGER_U64 &&
			    it->type != KORE_JSON_TYPE_INTEGER) ||
			    it->data.s64 <= 0) {
				kore_json_cleanup(&body);
				return (infra_json_error(req, 400,
				    "bad_request", "user_id (a number) is "
				    "required"));
			}
			(void)snprintf(c->target, sizeof(c->target), "%llu",
			    (unsigned long long)it->data.u64);
			kore_json_cleanup(&body);
		} else if (page_field(req, "user", c->target,
		    sizeof(c->target)) <= 0 || strspn(c->target,
		    "0123456789") != strlen(c->target) ||
		    strlen(c->target) > 15)
			return (page_error(req, &c->u, 400, "bad_request",
			    PS_ERR_NUMBER));
		(void)snprintf(c->uid, sizeof(c->uid), "%lld",
		    (long long)c->u.id);
		c->argv[0] = c->key;
		c->argv[1] = c->target;
		c->phase = 1;
	}
	if (c->phase == 1 && (r = mw_offer_card(req, c)) != MW_GO_ON)
		return (r);
	if ((r = infra_db_run(req, &c->db, SQL_OFFER, 4, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	if (infra_db_rows(&c->db) != 1)
		return (page_error(req, &c->u, 404, "not_found",
		    PS_NOT_FOUND));
	res = infra_db_get(&c->db, 0, 0);
	if (strcmp(res, "forbidden") == 0)
		return (page_error(req, &c->u, 403, "forbidden",
		    PS_FORBIDDEN));
	if (strcmp(res, "closed") == 0)
		return (web_error(req, &c->u, 409, "gig_closed",
		    WS_GIG_CLOSED));
	if (strcmp(res, "no_trainee") == 0)
		return (page_error(req, &c->u, 404, "not_found",
		    PS_NOT_FOUND));
	if (c->u.api) {
		kore_buf_init(&j, 128);
		kore_buf_appendf(&j, "{\"user_id\":%s,\"gig\":", c->target);
		infra_json_str(&j, infra_db_get(&c->db, 0, 1));
		page_json_field(&j, "status", res);
		kore_buf_append(&j, "}", 1);
		return (page_json_send(req, strcmp(res, "offered") == 0 ?
		    201 : 200, &j));
	}
	(void)snprintf(loc, sizeof(loc), "/workspace/gigs/%s/matches?sent=1",
	    infra_db_get(&c->db, 0, 1));
	return (page_redirect(req, &c->u, loc));
}

/* The gig a gap is measured against (phase 1), or none (/gap alone). */
static int
mw_gap_begin(struct http_request *req, struct mw_ctx *c)
{
	int		r;

	if (c->phase == 0) {
		page_ctx_user(req, c);
		if (!page_require(req, &c->u, PAGE_ROLE_TRAINEE))
			return (KORE_RESULT_OK);
		(void)snprintf(c->uid, sizeof(c->uid), "%lld",
		    (long long)c->u.id);
		if (mw_path_key(req->path, c->key, sizeof(c->key)) == -1) {
			/* /gap alone: the open gigs near the trainee. */
			c->argv[0] = c->uid;
			c->phase = 2;
		} else {
			c->argv[0] = c->key;
			c->phase = 1;
		}
	}
	if (c->phase == 1) {
		if ((r = infra_db_run(req, &c->db, SQL_GAP_GIG, 1,
		    c->argv)) != INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		if (infra_db_rows(&c->db) != 1)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		(void)kore_strlcpy(c->gig_code, infra_db_get(&c->db, 0, 0),
		    sizeof(c->gig_code));
		(void)kore_strlcpy(c->gig_title, infra_db_get(&c->db, 0, 1),
		    sizeof(c->gig_title));
		infra_db_next(&c->db);
		c->argv[0] = c->uid;
		c->argv[1] = c->gig_code;
		c->phase = 2;
	}
	return (MW_GO_ON);
}

/* The advice of the gap's first row, in the trainee's language. */
static const char *
mw_gap_advice(struct mw_ctx *c, char *out, size_t len)
{
	(void)match_gap_advice(infra_db_get(&c->db, 0, 6),
	    infra_db_get(&c->db, 0, 1), infra_db_get(&c->db, 0, 2),
	    infra_db_get(&c->db, 0, 4), c->gig_code, out, len);
	return (out);
}

/* The gap as JSON: the gig, the missing skills with a course each. */
static int
mw_gap_json(struct http_request *req, struct mw_ctx *c, int n)
{
	struct kore_buf		 j;
	char			 advice[512];
	int			 i;

	kore_buf_init(&j, 512);
	kore_buf_append(&j, "{\"gig\":", 7);
	if (c->gig_code[0] != '\0')
		infra_json_str(&j, c->gig_code);
	else
		kore_buf_append(&j, "null", 4);
	kore_buf_append(&j, ",\"missing\":[", 12);
	for (i = 0; i < n; i++) {
		kore_buf_appendf(&j, "%s{\"skill_id\":%s,\"skill\":",
		    i ? "," : "", infra_db_get(&c->db, i, 0));
		infra_json_str(&j, infra_db_get(&c->db, i, 1));
		kore_buf_appendf(&j, ",\"weight\":%s,\"course\":",
		    infra_db_get(&c->db, i, 3));
		if (*infra_db_get(&c->db, i, 4) == '\0')
			kore_buf_append(&j, "null", 4);
		else {
			kore_buf_append(&j, "{\"code\":", 8);
			infra_json_str(&j, infra_db_get(&c->db, i, 4));
			page_json_field(&j, "title",
			    infra_db_get(&c->db, i, 5));
			kore_buf_append(&j, "}", 1);
		}
		kore_buf_append(&j, "}", 1);
	}
	kore_buf_append(&j, "],\"advice\":", 11);
	if (n > 0)
		infra_json_str(&j, mw_gap_advice(c, advice, sizeof(advice)));
	else
		kore_buf_append(&j, "null", 4);
	kore_buf_append(&j, "}", 1);
	return (page_json_send(req, 200, &j));
}

/* The gap as a page, with how to ask for it by SMS. */
static int
mw_gap_page(struct http_request *req, struct mw_ctx *c, int n)
{
	struct infra_buf	 b;
	char			 advice[512];
	enum hlang		 l = c->u.lang;
	int			 i;

	page_page_begin(&b, req, &c->u, mw_str(c->gig_code[0] ? MW_GAP_TITLE :
	    MW_GAP_NEAR, l), NULL);
	if (c->gig_code[0] != '\0') {
		mw_html_gig(&b, c, "/gigs/");
	}
	if (n == 0) {
		page_html_s(&b, "<p>");
		page_html_text(&b, mw_str(MW_GAP_NONE, l));
		page_html_s(&b, "</p>");
	} else {
		page_html_s(&b, "<p class=\"advice\"><strong>");
		page_html_text(&b, mw_gap_advice(c, advice, sizeof(advice)));
		page_html_s(&b, "</strong></p><h2>");
		page_html_text(&b, mw_str(MW_MISSING, l));
		page_html_s(&b, "</h2><ul>");
		for (i = 0; i < n; i++) {
			page_html_s(&b, "<li>");
			page_html_text(&b, l == HLANG_UR &&
			    *infra_db_get(&c->db, i, 2) != '\0' ?
			    infra_db_get(&c->db, i, 2) :
			    infra_db_get(&c->db, i, 1));
			if (*infra_db_get(&c->db, i, 4) != '\0') {
				page_html_s(&b, " &middot; ");
				page_html_text(&b, mw_str(MW_COURSE, l));
				page_html_s(&b, ": <a href=\"/courses/");
				page_html_attr(&b, infra_db_get(&c->db, i, 4));
				page_html_s(&b, "\">");
				page_html_text(&b, infra_db_get(&c->db, i, 4));
				page_html_s(&b, " ");
				page_html_text(&b, infra_db_get(&c->db, i, 5));
				page_html_s(&b, "</a>");
			}
			page_html_s(&b, "</li>");
		}
		page_html_s(&b, "</ul>");
	}
	page_html_s(&b, "<p><small>");
	page_html_text(&b, mw_str(MW_GAP_SMS, l));
	page_html_s(&b, " ");
	page_html_text(&b, infra_conf.shortcode);
	page_html_s(&b, ": GAP ");
	page_html_text(&b, c->gig_code[0] ? c->gig_code : "G...");
	page_html_s(&b, "</small></p>");
	return (page_page_end(req, &c->u, &b, 200));
}

/*
 * GET /gap/<code> and GET /api/v1/gap/<code>: for the trainee asking,
 * the skills this gig asks that they lack, and the course that would
 * raise them most (skill_gap(), also behind SMS GAP).  /gap alone: the
 * same over the open gigs of their district and the remote ones.
 */
int
match_gap(struct http_request *req)
{
	struct mw_ctx		*c;
	int			 r;

	c = page_ctx(req, sizeof(*c));
	if ((r = mw_gap_begin(req, c)) != MW_GO_ON)
		return (r);
	if ((r = infra_db_run(req, &c->db, c->gig_code[0] ? SQL_GAP :
	    SQL_GAP_NEAR, c->gig_code[0] ? 2 : 1, c->argv)) != INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	if (c->u.api)
		return (mw_gap_json(req, c, infra_db_rows(&c->db)));
	return (mw_gap_page(req, c, infra_db_rows(&c->db)));
}
