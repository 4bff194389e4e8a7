/*
 * Creating and editing programmes and hubs on the web:
 *
 *	/officer/programmes/new, /officer/programmes/<code>/edit
 *	/officer/hubs/new[?programme=P03], /officer/hubs/<id>/edit
 *
 * GET shows the form (an edit filled from the row), POST checks it
 * (CSRF, then every field, each error in the reader's language beside
 * its field) and saves.  The right is SQL's: prog_programme_form() and
 * prog_hub_form() answer "denied" to a viewer of another province, and
 * prog_programme_save() / prog_hub_save() check prog_can() again on
 * every province the change touches, so a forged POST gets 403 too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"
#include "programmes/prog_glue.h"

#define SQL_PFORM	"SELECT * FROM prog_programme_form($1::bigint, $2, $3)"
#define SQL_PSAVE	"SELECT * FROM prog_programme_save($1::bigint, $2, " \
			    "$3, $4, $5, $6, $7, $8::bigint, $9::int, " \
			    "$10::int, $11::int, $12::int)"
#define SQL_HFORM	"SELECT * FROM prog_hub_form($1::bigint, " \
			    "nullif($2, '')::int, $3)"
#define SQL_HSAVE	"SELECT * FROM prog_hub_save($1::bigint, " \
			    "nullif($2, '')::int, $3, $4::int, $5, $6, $7, $8, " \
			    "$9, $10, $11::boolean, $12, $13::boolean, $14, $15, " \
			    "$16)"

#define PF_OPTS		200	/* districts of all provinces: 170 */
#define PF_PROGS	40

/* The forms' handler state (infra_ctx: the infra_db first). */
struct pf {
	PAGE_CTX_HEAD;
	int			 step;		/* 0, 1: form rows, 2: save */
	int			 hub;		/* the hub form */
	char			 key[16];	/* code or hub id; "" new */
	char			 uid[24];
	char			 lang[4];
	char			 num[6][24];	/* checked numbers, booleans */
	char			 svc[64];
	struct page_input	 in;
	struct page_errs	 err;
	int			 nopt;		/* provinces or districts */
	struct page_option	 opt[PF_OPTS];
	char			 optv[PF_OPTS][12];
	char			 optl[PF_OPTS][64];
	char			 optg[PF_OPTS][48];
	int			 nprog;		/* the hub's programmes */
	struct page_option	 prog[PF_PROGS];
	char			 progv[PF_PROGS][12];
	char			 progl[PF_PROGS][128];
	const char		*argv[16];
};

static const char *const pf_prog_fields[] = { "province", "name_en",
    "name_ru", "name_ur", "budget_line", "budget_pkr", "target_enrol",
    "target_complete", "target_placed", "target_women_pct", NULL };

static const char *const pf_hub_fields[] = { "programme", "district",
    "name", "name_ur", "address", "hours", "phone", "svc_training",
    "svc_mentorship", "svc_internet", "svc_government", "women_only",
    "women_hours", "active", "address_ru", "address_ur", "name_ru", NULL };

static const char *const pf_services[4] = { "training", "mentorship",
    "internet", "government" };

#define PFU(c, s)	prog_ui((s), (c)->u.lang)

static struct pf *
pf_ctx(struct http_request *req)
{
	struct pf	*c;

	c = page_ctx(req, sizeof(*c));
	page_ctx_user(req, c);
	return (c);
}

static int
pf_fail(struct http_request *req, struct pf *c, int r)
{
	return (page_db_wait(req, &c->u, r));
}

static int
pf_denied(struct http_request *req, struct pf *c, const char *why)
{
	if (strcmp(why, "not_found") == 0)
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	return (page_error(req, &c->u, 403, "forbidden", PS_FORBIDDEN));
}

/* One option kept from a row: value, label, group (may be NULL). */
static void
pf_opt_add(struct pf *c, const char *v, const char *l, const char *g)
{
	int	i = c->nopt;

	if (i >= PF_OPTS)
		return;
	(void)kore_strlcpy(c->optv[i], v, sizeof(c->optv[i]));
	(void)kore_strlcpy(c->optl[i], l, sizeof(c->optl[i]));
	(void)kore_strlcpy(c->optg[i], g != NULL ? g : "",
	    sizeof(c->optg[i]));
	c->opt[i].value = c->optv[i];
	c->opt[i].label = c->optl[i];
	c->opt[i].group = g != NULL ? c->optg[i] : NULL;
	c->nopt++;
}

static void
pf_prog_add(struct pf *c, const char *v, const char *l)
{
	int	i = c->nprog;

	if (i >= PF_PROGS)
		return;
	(void)kore_strlcpy(c->progv[i], v, sizeof(c->progv[i]));
	(void)snprintf(c->progl[i], sizeof(c->progl[i]), "%s %s", v, l);
	c->prog[i].value = c->progv[i];
	c->prog[i].label = c->progl[i];
	c->nprog++;
}

static int
pf_is_opt(const struct page_option *o, int n, const char *v)
{
	int	i;

	if (v == NULL)
		return (0);
	for (i = 0; i < n; i++)
		if (strcmp(o[i].value, v) == 0)
			return (1);
	return (0);
}

static int
pf_checked(struct pf *c, const char *name)
{
	const char	*v;

	v = page_input_get(&c->in, name);
	return (v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 ||
	    strcmp(v, "true") == 0 || strcmp(v, "t") == 0));
}

/*
 * The rows of the form query: the record (an edit's first view fills
 * the fields from it) and the options, copied before the next query.
 */
static void
pf_rows(struct pf *c, int get)
{
	struct infra_db	*d = &c->db;
	const char	*k, *wh;
	char		 v[128];
	int		 i, f;

	for (i = 0; i < infra_db_rows(d); i++) {
		k = infra_db_get(d, i, 0);
		if (strcmp(k, "prov") == 0)
			pf_opt_add(c, infra_db_get(d, i, 1),
			    infra_db_get(d, i, 1)[0] != '\0' ?
			    infra_db_get(d, i, 2) : PFU(c, PU_NATIONAL), NULL);
		else if (strcmp(k, "dist") == 0)
			pf_opt_add(c, infra_db_get(d, i, 1),
			    infra_db_get(d, i, 2), infra_db_get(d, i, 3));
		else if (strcmp(k, "prog") == 0 && c->hub)
			pf_prog_add(c, infra_db_get(d, i, 1),
			    infra_db_get(d, i, 2));
		if (!get || strcmp(k, c->hub ? "hub" : "prog") != 0)
			continue;
		/* The record's columns, in the form's field order. */
		for (f = 0; !c->hub && f < 10; f++)
			page_input_set(&c->in, f, pf_prog_fields[f],
			    infra_db_get(d, i, f + 2));
		if (!c->hub)
			continue;
		for (f = 0; f < 7; f++)
			page_input_set(&c->in, f, pf_hub_fields[f],
			    infra_db_get(d, i, f + 2));
		for (f = 0; f < 4; f++)
			page_input_set(&c->in, 7 + f, pf_hub_fields[7 + f],
			    strstr(infra_db_get(d, i, 9), pf_services[f]) ?
			    "1" : "");
		page_input_set(&c->in, 11, "women_only",
		    infra_db_get(d, i, 10));
		(void)kore_strlcpy(v, infra_db_get(d, i, 11), sizeof(v));
		wh = strchr(v, '|');
		page_input_set(&c->in, 13, "active", wh != NULL ? wh + 1 : "t");
		if (wh != NULL)
			v[wh - v] = '\0';
		page_input_set(&c->in, 12, "women_hours", v);
		page_input_set(&c->in, 14, "address_ru",
		    infra_db_get(d, i, 12));
		page_input_set(&c->in, 15, "address_ur",
		    infra_db_get(d, i, 13));
		page_input_set(&c->in, 16, "name_ru",
		    infra_db_get(d, i, 14));
	}
}

/* A number field into c->num[slot]; empty reads as 0. */
static void
pf_number(struct pf *c, const char *name, int slot, long max)
{
	enum page_str	 r;
	const char	*v;
	long		 n;

	v = page_input_get(&c->in, name);
	if (v == NULL || v[0] == '\0')
		v = "0";
	if (page_input_bad(&c->in, name))
		r = PS_ERR_NUMBER;
	else if (strcmp(name, "budget_pkr") == 0)
		r = page_valid_pkr(v, 0, max, &n);
	else
		r = page_valid_long(v, 0, max, &n);
	if (r != PS_NONE) {
		page_errs_add(&c->err, &c->u, name, r, 0, max);
		return;
	}
	(void)snprintf(c->num[slot], sizeof(c->num[slot]), "%ld", n);
}

static const char *
pf_val(struct pf *c, const char *name)
{
	const char	*v;

	v = page_input_get(&c->in, name);
	return (v != NULL ? v : "");
}

/* Checks a posted programme; fills argv for SQL_PSAVE. */
static void
pf_prog_check(struct pf *c)
{
	int	i;

	if (!pf_is_opt(c->opt, c->nopt, page_input_get(&c->in, "province")))
		page_errs_add(&c->err, &c->u, "province", PS_ERR_CHOICE, 0, 0);
	for (i = 1; i <= 3; i++)
		(void)page_check_text(&c->err, &c->u, &c->in,
		    pf_prog_fields[i], 3, 120, PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "budget_line", 0, 120,
	    PAGE_TEXT_LINE);
	pf_number(c, "budget_pkr", 0, 100000000000L);
	pf_number(c, "target_enrol", 1, 100000000);
	pf_number(c, "target_complete", 2, 100000000);
	pf_number(c, "target_placed", 3, 100000000);
	pf_number(c, "target_women_pct", 4, 100);
	c->argv[0] = c->uid;
	c->argv[1] = c->key;
	for (i = 0; i < 5; i++)
		c->argv[2 + i] = pf_val(c, pf_prog_fields[i]);
	for (i = 0; i < 5; i++)
		c->argv[7 + i] = c->num[i];
}

/* A hub's phone as people write it: digits, +, -, spaces; 5-20. */
static int
pf_phone_ok(const char *v)
{
	size_t	n;

	n = strlen(v);
	return (n >= 5 && n <= 20 && strspn(v, "0123456789+- ") == n &&
	    strspn(v, "+- ") < n);
}

/* Checks a posted hub; fills argv for SQL_HSAVE. */
static void
pf_hub_check(struct pf *c)
{
	size_t	i, o;

	if (!pf_is_opt(c->prog, c->nprog, page_input_get(&c->in,
	    "programme")))
		page_errs_add(&c->err, &c->u, "programme", PS_ERR_CHOICE, 0, 0);
	if (!pf_is_opt(c->opt, c->nopt, page_input_get(&c->in, "district")))
		page_errs_add(&c->err, &c->u, "district", PS_ERR_CHOICE, 0, 0);
	(void)page_check_text(&c->err, &c->u, &c->in, "name", 3, 80,
	    PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "name_ur", 0, 80,
	    PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "name_ru", 0, 80,
	    PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "address", 3, 200,
	    PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "address_ru", 0, 200,
	    PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "address_ur", 0, 200,
	    PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "hours", 3, 60,
	    PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "women_hours", 0, 60,
	    PAGE_TEXT_LINE);
	if (!pf_phone_ok(pf_val(c, "phone")))
		page_errs_set(&c->err, "phone", "phone",
		    PFU(c, PU_ERR_PHONE));
	c->svc[0] = '\0';
	for (i = 0, o = 0; i < 4; i++) {
		if (!pf_checked(c, pf_hub_fields[7 + i]))
			continue;
		o += (size_t)snprintf(c->svc + o, sizeof(c->svc) - o, "%s%s",
		    o ? "," : "", pf_services[i]);
	}
	if (c->svc[0] == '\0')
		page_errs_set(&c->err, "svc_training", "services",
		    PFU(c, PU_ERR_SERVICES));
	(void)kore_strlcpy(c->num[0], pf_checked(c, "women_only") ? "true" :
	    "false", sizeof(c->num[0]));
	(void)kore_strlcpy(c->num[1], pf_checked(c, "active") ? "true" :
	    "false", sizeof(c->num[1]));
	c->argv[0] = c->uid;
	c->argv[1] = c->key;
	for (i = 0; i < 7; i++)
		c->argv[2 + i] = pf_val(c, pf_hub_fields[i]);
	c->argv[9] = c->svc;
	c->argv[10] = c->num[0];
	c->argv[11] = pf_val(c, "women_hours");
	c->argv[12] = c->num[1];
	c->argv[13] = pf_val(c, "address_ru");
	c->argv[14] = pf_val(c, "address_ur");
	c->argv[15] = pf_val(c, "name_ru");
}

/* One field of the form, its value and error from the state. */
static void
pf_field(struct infra_buf *b, struct pf *c, int type, const char *name,
    enum prog_ui_str label, int max, int req)
{
	struct page_field	f;

	memset(&f, 0, sizeof(f));
	f.type = type;
	f.name = name;
	f.label = PFU(c, label);
	f.value = page_input_get(&c->in, name);
	f.error = page_errs_get(&c->err, name);
	f.required = req;
	f.maxlength = max;
	if (type == PAGE_FIELD_SELECT) {
		f.options = strcmp(name, "programme") == 0 ? c->prog : c->opt;
		f.noptions = (size_t)(strcmp(name, "programme") == 0 ?
		    c->nprog : c->nopt);
	}
	page_form_field(b, &f);
}

static void
pf_prog_form(struct infra_buf *b, struct pf *c, const char *action)
{
	page_form_errors(b, c->u.lang, c->err.n);
	page_form_open(b, &c->u, action);
	pf_field(b, c, PAGE_FIELD_SELECT, "province", PU_PROVINCE, 0, 1);
	pf_field(b, c, PAGE_FIELD_TEXT, "name_en", PU_F_NAME_EN, 120, 1);
	pf_field(b, c, PAGE_FIELD_TEXT, "name_ru", PU_F_NAME_RU, 120, 1);
	pf_field(b, c, PAGE_FIELD_TEXT, "name_ur", PU_F_NAME_UR, 120, 1);
	pf_field(b, c, PAGE_FIELD_TEXT, "budget_line", PU_BUDGET, 120, 0);
	pf_field(b, c, PAGE_FIELD_TEXT, "budget_pkr", PU_F_BUDGET_PKR, 16, 0);
	pf_field(b, c, PAGE_FIELD_NUMBER, "target_enrol", PU_T_ENROL, 9, 0);
	pf_field(b, c, PAGE_FIELD_NUMBER, "target_complete", PU_T_COMPLETE,
	    9, 0);
	pf_field(b, c, PAGE_FIELD_NUMBER, "target_placed", PU_T_PLACED, 9, 0);
	pf_field(b, c, PAGE_FIELD_NUMBER, "target_women_pct", PU_T_WOMEN, 3,
	    0);
	page_form_submit(b, PFU(c, PU_SAVE));
	S(b, "</form>");
}

static void
pf_hub_form(struct infra_buf *b, struct pf *c, const char *action)
{
	page_form_errors(b, c->u.lang, c->err.n);
	page_form_open(b, &c->u, action);
	pf_field(b, c, PAGE_FIELD_SELECT, "programme", PU_PROGRAMME, 0, 1);
	pf_field(b, c, PAGE_FIELD_SELECT, "district", PU_DISTRICT, 0, 1);
	pf_field(b, c, PAGE_FIELD_TEXT, "name", PU_F_HUB_NAME, 80, 1);
	pf_field(b, c, PAGE_FIELD_TEXT, "name_ru", PU_F_HUB_NAME_RU, 80, 0);
	pf_field(b, c, PAGE_FIELD_TEXT, "name_ur", PU_F_HUB_NAME_UR, 80, 0);
	pf_field(b, c, PAGE_FIELD_TEXT, "address", PU_F_ADDRESS_EN, 200, 1);
	pf_field(b, c, PAGE_FIELD_TEXT, "address_ru", PU_F_ADDRESS_RU, 200, 0);
	pf_field(b, c, PAGE_FIELD_TEXT, "address_ur", PU_F_ADDRESS_UR, 200, 0);
	pf_field(b, c, PAGE_FIELD_TEXT, "hours", PU_HOURS, 60, 1);
	pf_field(b, c, PAGE_FIELD_TEL, "phone", PU_PHONE, 20, 1);
	S(b, "<fieldset><legend>");
	T(b, PFU(c, PU_SERVICES));
	S(b, "</legend>");
	pf_field(b, c, PAGE_FIELD_CHECKBOX, "svc_training", PU_SV_TRAINING,
	    0, 0);
	pf_field(b, c, PAGE_FIELD_CHECKBOX, "svc_mentorship",
	    PU_SV_MENTORSHIP, 0, 0);
	pf_field(b, c, PAGE_FIELD_CHECKBOX, "svc_internet", PU_SV_INTERNET,
	    0, 0);
	pf_field(b, c, PAGE_FIELD_CHECKBOX, "svc_government",
	    PU_SV_GOVERNMENT, 0, 0);
	S(b, "</fieldset>");
	pf_field(b, c, PAGE_FIELD_CHECKBOX, "women_only", PU_WOMEN_ONLY, 0, 0);
	pf_field(b, c, PAGE_FIELD_TEXT, "women_hours", PU_WOMEN_HOURS, 60, 0);
	pf_field(b, c, PAGE_FIELD_CHECKBOX, "active", PU_ACTIVE, 0, 0);
	page_form_submit(b, PFU(c, PU_SAVE));
	S(b, "</form>");
}

static int
pf_page(struct http_request *req, struct pf *c, int status)
{
	struct infra_buf	 b;
	char			 action[64];
	enum prog_ui_str	 title;

	if (c->hub)
		title = c->key[0] ? PU_EDIT_HUB : PU_NEW_HUB;
	else
		title = c->key[0] ? PU_EDIT_PROGRAMME : PU_NEW_PROGRAMME;
	(void)snprintf(action, sizeof(action), "/officer/%s/%s%s",
	    c->hub ? "hubs" : "programmes", c->key[0] ? c->key : "new",
	    c->key[0] ? "/edit" : "");
	page_page_begin(&b, req, &c->u, PFU(c, title), NULL);
	if (c->hub)
		pf_hub_form(&b, c, action);
	else
		pf_prog_form(&b, c, action);
	return (page_page_end(req, &c->u, &b, status));
}

/* A new hub's first view: its programme from ?programme=, open. */
static void
pf_hub_defaults(struct http_request *req, struct pf *c)
{
	char	prog[16];

	if (infra_arg(req, "programme", prog, sizeof(prog)) > 0 &&
	    pf_is_opt(c->prog, c->nprog, prog))
		page_input_set(&c->in, 0, "programme", prog);
	page_input_set(&c->in, 7, "svc_training", "1");
	page_input_set(&c->in, 13, "active", "1");
}

/* The save's answer: on to the saved record, or the form again. */
static int
pf_saved(struct http_request *req, struct pf *c)
{
	const char	*st;
	char		 to[64];

	st = infra_db_get(&c->db, 0, 0);
	if (strcmp(st, "created") == 0 || strcmp(st, "saved") == 0) {
		(void)snprintf(to, sizeof(to), "/officer/%s/%s",
		    c->hub ? "hubs" : "programmes", infra_db_get(&c->db, 0, 1));
		return (page_redirect(req, &c->u, to));
	}
	if (strcmp(st, "forbidden") == 0 || strcmp(st, "not_found") == 0)
		return (pf_denied(req, c, st));
	if (strcmp(st, "outside") == 0)
		page_errs_set(&c->err, "district", "outside",
		    PFU(c, PU_ERR_OUTSIDE));
	else
		page_errs_add(&c->err, &c->u, strcmp(st, "bad_programme") == 0 ?
		    "programme" : strcmp(st, "bad_district") == 0 ?
		    "district" : "province", PS_ERR_CHOICE, 0, 0);
	infra_db_next(&c->db);
	return (pf_page(req, c, 400));
}

/*
 * The first step: who, which record, the body's fields.  0 when it has
 * answered (a login, a 403, a bad CSRF token, a bad path).
 */
static int
pf_start(struct http_request *req, struct pf *c, const char *prefix)
{
	const char	*p;
	size_t		 n;

	if (!page_require(req, &c->u, PAGE_ROLE_OFFICER | PAGE_ROLE_ADMIN))
		return (0);
	p = req->path + strlen(prefix);
	n = strcspn(p, "/");
	c->key[0] = '\0';
	if (strcmp(p, "new") != 0) {
		if (n == 0 || n >= sizeof(c->key) || strcmp(p + n, "/edit")) {
			(void)page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND);
			return (0);
		}
		(void)snprintf(c->key, sizeof(c->key), "%.*s", (int)n, p);
	}
	if (req->method == HTTP_METHOD_POST && !page_csrf_ok(req, &c->u))
		return (0);
	(void)snprintf(c->uid, sizeof(c->uid), "%lld", (long long)c->u.id);
	(void)kore_strlcpy(c->lang, infra_lang_code(c->u.lang), sizeof(c->lang));
	page_input_load(req, &c->u, &c->in, c->hub ? pf_hub_fields :
	    pf_prog_fields);
	return (1);
}

static int
pf_run(struct http_request *req, struct pf *c)
{
	const char	*args[3];
	int		 r, get;

	get = req->method != HTTP_METHOD_POST;
	if (c->step == 1) {
		args[0] = c->uid;
		args[1] = c->key;
		args[2] = c->lang;
		if ((r = infra_db_run(req, &c->db, c->hub ? SQL_HFORM :
		    SQL_PFORM, 3, args)) != INFRA_DB_OK)
			return (pf_fail(req, c, r));
		if (strcmp(infra_db_get(&c->db, 0, 0), "denied") == 0)
			return (pf_denied(req, c, infra_db_get(&c->db, 0, 1)));
		pf_rows(c, get);
		infra_db_next(&c->db);
		if (get) {
			if (c->hub && c->key[0] == '\0')
				pf_hub_defaults(req, c);
			return (pf_page(req, c, 200));
		}
		if (c->hub)
			pf_hub_check(c);
		else
			pf_prog_check(c);
		if (c->err.n > 0)
			return (pf_page(req, c, 400));
		c->step = 2;
	}
	if ((r = infra_db_run(req, &c->db, c->hub ? SQL_HSAVE : SQL_PSAVE,
	    c->hub ? 16 : 12, c->argv)) != INFRA_DB_OK)
		return (pf_fail(req, c, r));
	return (pf_saved(req, c));
}

/* GET/POST /officer/programmes/new, /officer/programmes/<code>/edit. */
int
prog_programme_form(struct http_request *req)
{
	struct pf	*c;

	c = pf_ctx(req);
	if (c->step == 0) {
		if (!pf_start(req, c, "/officer/programmes/"))
			return (KORE_RESULT_OK);
		c->step = 1;
	}
	return (pf_run(req, c));
}

/* GET/POST /officer/hubs/new, /officer/hubs/<id>/edit. */
int
prog_hub_form(struct http_request *req)
{
	struct pf	*c;

	c = pf_ctx(req);
	if (c->step == 0) {
		c->hub = 1;
		if (!pf_start(req, c, "/officer/hubs/"))
			return (KORE_RESULT_OK);
		c->step = 1;
	}
	return (pf_run(req, c));
}
