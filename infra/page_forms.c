/*
 * Form plumbing shared by every module's handlers: collecting field errors in
 * the reader's language, answering them as one JSON error (with the
 * fields that failed) for the API, small request facts.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "infra/page_kore.h"

static const char *
page_err_code(enum page_str id)
{
	switch (id) {
	case PS_ERR_REQUIRED:
		return ("required");
	case PS_ERR_TOO_SHORT:
		return ("too_short");
	case PS_ERR_TOO_LONG:
		return ("too_long");
	case PS_ERR_BAD_TEXT:
		return ("bad_text");
	case PS_ERR_NUMBER:
		return ("number");
	case PS_ERR_PKR:
	case PS_ERR_PKR_RANGE:
		return ("budget");
	case PS_ERR_DATE:
	case PS_ERR_DATE_PAST:
		return ("date");
	case PS_ERR_PHONE:
		return ("phone");
	case PS_ERR_CHOICE:
		return ("choice");
	case PS_ERR_PASSWORD:
		return ("password");
	case PS_ERR_PW_COMMON:
		return ("password_common");
	case PS_ERR_PW_PHONE:
		return ("password_phone");
	case PS_ERR_RATING:
		return ("rating");
	default:
		return ("invalid");
	}
}

void
page_errs_add(struct page_errs *e, struct page_user *u, const char *name,
    enum page_str id, long a, long b)
{
	if (e->n >= PAGE_INPUT_MAX)
		return;
	e->name[e->n] = name;
	(void)page_err_fmt(e->msg[e->n], sizeof(e->msg[e->n]), id,
	    u->api ? HLANG_EN : u->lang, a, b);
	(void)kore_strlcpy(e->code[e->n], page_err_code(id),
	    sizeof(e->code[e->n]));
	e->n++;
}

/* An error whose message the caller wrote (code: a machine word). */
void
page_errs_set(struct page_errs *e, const char *name, const char *code,
    const char *msg)
{
	if (e->n >= PAGE_INPUT_MAX)
		return;
	e->name[e->n] = name;
	(void)kore_strlcpy(e->msg[e->n], msg, sizeof(e->msg[e->n]));
	(void)kore_strlcpy(e->code[e->n], code, sizeof(e->code[e->n]));
	e->n++;
}

const char *
page_errs_get(struct page_errs *e, const char *name)
{
	int	i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->name[i], name) == 0)
			return (e->msg[i]);
	return (NULL);
}

/*
 * The API's answer to a form that failed: the one error shape, plus
 * "fields" naming each field and what to fix.
 */
int
page_errs_reply(struct http_request *req, struct page_user *u,
    struct page_errs *e, int status)
{
	struct kore_buf		b;
	int			i;

	kore_buf_init(&b, 256);
	kore_buf_appendf(&b, "{\"error\":{\"code\":");
	infra_json_str(&b, e->n == 1 ? e->code[0] : "invalid");
	kore_buf_appendf(&b, ",\"message\":");
	infra_json_str(&b, e->n == 1 ? e->msg[0] :
	    "Some fields need fixing: see fields.");
	kore_buf_appendf(&b, ",\"fields\":{");
	for (i = 0; i < e->n; i++) {
		if (i > 0)
			kore_buf_append(&b, ",", 1);
		infra_json_str(&b, e->name[i]);
		kore_buf_append(&b, ":", 1);
		infra_json_str(&b, e->msg[i]);
	}
	kore_buf_appendf(&b, "}}}\n");
	return (page_json_send(req, status, &b));
}

/* One text field: present, the right type, not too big, then lengths. */
int
page_check_text(struct page_errs *e, struct page_user *u, struct page_input *in,
    const char *name, size_t min, size_t max, int mode)
{
	enum page_str	r;

	switch (page_input_bad(in, name)) {
	case 1:
		page_errs_add(e, u, name, PS_ERR_TOO_LONG, (long)max, 0);
		return (0);
	case 2:
		page_errs_add(e, u, name, PS_ERR_BAD_TEXT, 0, 0);
		return (0);
	}
	r = page_valid_text(page_input_get(in, name), min, max, mode);
	if (r == PS_NONE)
		return (1);
	page_errs_add(e, u, name, r, r == PS_ERR_TOO_SHORT ? (long)min :
	    (long)max, 0);
	return (0);
}

/* Sends a JSON body written into b, and frees it. */
int
page_json_send(struct http_request *req, int status, struct kore_buf *b)
{
	infra_json_reply(req, status, b);
	kore_buf_cleanup(b);
	return (KORE_RESULT_OK);
}

/* ,"name":"value" -- the next member of a JSON object being written. */
void
page_json_field(struct kore_buf *b, const char *name, const char *value)
{
	kore_buf_appendf(b, ",\"%s\":", name);
	infra_json_str(b, value);
}

/* The same with null for an empty value: how a NULL column reads. */
void
page_json_field_null(struct kore_buf *b, const char *name, const char *value)
{
	if (*value == '\0')
		kore_buf_appendf(b, ",\"%s\":null", name);
	else
		page_json_field(b, name, value);
}

/* ,"name":12 -- a number from a column; null when empty or not a number. */
void
page_json_num(struct kore_buf *b, const char *name, const char *value)
{
	const char	*p;

	p = value + (*value == '-');
	if (*p == '\0' || strspn(p, "0123456789.") != strlen(p))
		kore_buf_appendf(b, ",\"%s\":null", name);
	else
		kore_buf_appendf(b, ",\"%s\":%s", name, value);
}

/*
 * ,"name":["a","b"] -- a list stored as text: items end at any byte of
 * seps, lose their surrounding spaces, and empty ones are dropped; an
 * empty value is [] (issue 11: one JSON convention, arrays for lists).
 */
void
page_json_list(struct kore_buf *b, const char *name, const char *value,
    const char *seps)
{
	const char	*p, *e;
	size_t		 n;
	int		 first;

	kore_buf_appendf(b, ",\"%s\":[", name);
	first = 1;
	for (p = value; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		n = strcspn(p, seps);
		e = p + n;
		while (n > 0 && (*p == ' ' || *p == '\t'))
			p++, n--;
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 0)
			continue;
		if (!first)
			kore_buf_append(b, ",", 1);
		first = 0;
		infra_json_strn(b, p, n);
	}
	kore_buf_append(b, "]", 1);
}

/* The client's address (behind the cluster's haproxy: the one it saw). */
int
page_peer(struct http_request *req, char *out, size_t len)
{
	(void)infra_client_addr(req, out, len);
	return (out[0] != '\0');
}

/* Today in Pakistan (UTC+5, no DST) as YYYY-MM-DD. */
void
page_today(char *out, size_t len)
{
	time_t		t;
	struct tm	tm;

	t = time(NULL) + 5 * 3600;
	(void)gmtime_r(&t, &tm);
	(void)strftime(out, len, "%Y-%m-%d", &tm);
}
