/*
 * The one reader of a request body's fields, for every handler (issue 12:
 * courses had a second one that parsed the body again for each field and
 * read the same JSON differently).  Each field the handler names is
 * copied once into its state; what a value reads as:
 *
 *   where         under /api/ the body is a JSON object (\u escapes
 *                 decoded first, Kore 4.1's parser takes none); any other
 *                 path reads a form (application/x-www-form-urlencoded)
 *   string        as sent
 *   whole number  its decimal text: 12, -3
 *   decimal       its shortest text, 2.5 (the field's own check refuses
 *                 it where a whole number is wanted, in the reader's words)
 *   true, false   "1", "0" (what a ticked box reads as, whatever a field
 *                 accepts besides: "on", "true")
 *   null          absent, as if not sent (an edit keeps what was stored)
 *   [strings]     one value, the items joined by commas (a list typed in a
 *                 text box reads the same), and each item on its own
 *                 through page_input_item() (a quiz option may hold a
 *                 comma)
 *   anything else (an object, an array holding no string) the wrong
 *                 type: page_input_bad() is 2
 *
 * A value longer than the state holds is absent with page_input_bad() 1;
 * a body under /api/ that is no JSON object is page_input_read()'s 400.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdio.h>
#include <string.h>

#include "infra/page_kore.h"

static int	page_input_add(struct page_input *, int, const char *, size_t);
static void	page_input_list(struct page_input *, int,
		    struct kore_json_item *);
static void	page_input_value(struct page_input *, int,
		    struct kore_json_item *);
static void	page_input_json(struct page_input *, struct kore_json_item *);
static void	page_input_form(struct http_request *, struct page_input *);

static int
page_input_add(struct page_input *in, int i, const char *v, size_t len)
{
	if (in->used + len + 1 > sizeof(in->arena)) {
		in->over[i] = 1;
		return (-1);
	}
	in->vals[i] = in->arena + in->used;
	memcpy(in->vals[i], v, len);
	in->vals[i][len] = '\0';
	in->used += len + 1;
	return (0);
}

/*
 * An array of strings: the joined value, then each item after it in the
 * arena, NUL-terminated, for page_input_item().
 */
static void
page_input_list(struct page_input *in, int i, struct kore_json_item *list)
{
	struct kore_json_item	*e;
	struct kore_buf		 tmp;
	char			*joined;
	int			 n;

	kore_buf_init(&tmp, 128);
	n = 0;
	TAILQ_FOREACH(e, &list->data.items, list) {
		if (e->type != KORE_JSON_TYPE_STRING) {
			in->typeerr[i] = 1;
			break;
		}
		if (n++ > 0)
			kore_buf_append(&tmp, ",", 1);
		kore_buf_append(&tmp, e->data.string, strlen(e->data.string));
	}
	if (!in->typeerr[i] &&
	    page_input_add(in, i, (const char *)tmp.data, tmp.offset) == 0) {
		joined = in->vals[i];
		in->items[i] = in->arena + in->used;
		TAILQ_FOREACH(e, &list->data.items, list) {
			if (page_input_add(in, i, e->data.string,
			    strlen(e->data.string)) == -1) {
				joined = NULL;
				in->nitems[i] = 0;
				break;
			}
			in->nitems[i]++;
		}
		/* page_input_add() pointed vals at the last item. */
		in->vals[i] = joined;
	}
	kore_buf_cleanup(&tmp);
}

static void
page_input_value(struct page_input *in, int i, struct kore_json_item *it)
{
	char	num[64];

	num[0] = '\0';
	switch (it->type) {
	case KORE_JSON_TYPE_STRING:
		(void)page_input_add(in, i, it->data.string,
		    strlen(it->data.string));
		return;
	case KORE_JSON_TYPE_INTEGER:
		(void)snprintf(num, sizeof(num), "%lld",
		    (long long)it->data.s64);
		break;
	case KORE_JSON_TYPE_INTEGER_U64:
		(void)snprintf(num, sizeof(num), "%llu",
		    (unsigned long long)it->data.u64);
		break;
	case KORE_JSON_TYPE_NUMBER:
		(void)snprintf(num, sizeof(num), "%.15g", it->data.number);
		break;
	case KORE_JSON_TYPE_LITERAL:
		if (it->data.literal == KORE_JSON_NULL)
			return;
		(void)kore_strlcpy(num, it->data.literal == KORE_JSON_TRUE ?
		    "1" : "0", sizeof(num));
		break;
	case KORE_JSON_TYPE_ARRAY:
		page_input_list(in, i, it);
		return;
	default:
		in->typeerr[i] = 1;
		return;
	}
	(void)page_input_add(in, i, num, strlen(num));
}

static void
page_input_json(struct page_input *in, struct kore_json_item *root)
{
	struct kore_json_item	*it;
	int			 i;

	TAILQ_FOREACH(it, &root->data.items, list) {
		for (i = 0; i < in->n; i++)
			if (it->name != NULL && strcmp(it->name,
			    in->names[i]) == 0)
				break;
		/* The first of two members of one name is the one read. */
		if (i == in->n || in->vals[i] != NULL || in->typeerr[i] ||
		    in->over[i])
			continue;
		page_input_value(in, i, it);
	}
}

static void
page_input_form(struct http_request *req, struct page_input *in)
{
	char	*tmp;
	int	 i, n;

	tmp = kore_malloc(sizeof(in->arena));
	for (i = 0; i < in->n; i++) {
		n = infra_form(req, in->names[i], tmp, sizeof(in->arena));
		if (n < 0)
			continue;
		if ((size_t)n >= sizeof(in->arena)) {
			in->over[i] = 1;
			continue;
		}
		(void)page_input_add(in, i, tmp, (size_t)n);
	}
	kore_free(tmp);
}

void
page_input_load(struct http_request *req, struct page_user *u,
    struct page_input *in, const char *const *names)
{
	struct kore_json	json;
	int			i;

	memset(in, 0, sizeof(*in));
	for (i = 0; i < PAGE_INPUT_MAX && names[i] != NULL; i++)
		in->names[i] = names[i];
	in->n = i;
	if (req->http_body == NULL || req->http_body_length == 0)
		return;
	if (!u->api) {
		page_input_form(req, in);
		return;
	}
	/* Kore rewinds the body once read: its length is here. */
	req->http_body_length = infra_json_unescape_u(
	    (char *)req->http_body->data, req->http_body_length);
	kore_json_init(&json, req->http_body->data, req->http_body_length);
	if (!kore_json_parse(&json) || json.root == NULL ||
	    json.root->type != KORE_JSON_TYPE_OBJECT)
		in->bodyerr = 1;
	else
		page_input_json(in, json.root);
	kore_json_cleanup(&json);
}

/*
 * page_input_load(), and the 400 to an API body that is no JSON object;
 * 0 when it has answered so.
 */
int
page_input_read(struct http_request *req, struct page_user *u,
    struct page_input *in, const char *const *names)
{
	page_input_load(req, u, in, names);
	if (in->bodyerr) {
		(void)infra_json_error(req, 400, "body_invalid",
		    "Send a JSON object.");
		return (0);
	}
	return (1);
}

/*
 * Field i is name = v as if the client had sent it: an editor's first
 * view of the stored row.  A value with no room left stays absent.
 */
void
page_input_set(struct page_input *in, int i, const char *name, const char *v)
{
	in->names[i] = name;
	(void)page_input_add(in, i, v, strlen(v));
}

static int
page_input_find(struct page_input *in, const char *name)
{
	int	i;

	for (i = 0; i < in->n; i++)
		if (strcmp(in->names[i], name) == 0)
			return (i);
	return (-1);
}

const char *
page_input_get(struct page_input *in, const char *name)
{
	int	i;

	return ((i = page_input_find(in, name)) == -1 ? NULL : in->vals[i]);
}

/*
 * The value copied into out (len bytes, "" when absent); its whole length,
 * which may be len or more when it did not fit, or -1 when absent.
 */
int
page_input_copy(struct page_input *in, const char *name, char *out,
    size_t len)
{
	const char	*v;

	out[0] = '\0';
	if ((v = page_input_get(in, name)) == NULL)
		return (-1);
	(void)kore_strlcpy(out, v, len);
	return ((int)strlen(v));
}

/* Item k of a JSON array field; NULL past its end or for any other value. */
const char *
page_input_item(struct page_input *in, const char *name, int k)
{
	const char	*p;
	int		 i;

	if ((i = page_input_find(in, name)) == -1 || in->vals[i] == NULL ||
	    k < 0 || k >= in->nitems[i])
		return (NULL);
	for (p = in->items[i]; k > 0; k--)
		p += strlen(p) + 1;
	return (p);
}

/* A field that did not fit (1) or had the wrong JSON type (2). */
int
page_input_bad(struct page_input *in, const char *name)
{
	int	i;

	if ((i = page_input_find(in, name)) == -1)
		return (0);
	return (in->over[i] ? 1 : in->typeerr[i] ? 2 : 0);
}
