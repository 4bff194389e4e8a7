/*
 * JSON replies.  Handlers build their body in a kore_buf with
 * infra_json_str() for every string; errors all share one shape.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"

void
infra_json_strn(struct kore_buf *b, const char *s, size_t len)
{
	static const char	hex[] = "0123456789abcdef";
	size_t			i;
	unsigned char		c;
	char			esc[6];

	kore_buf_append(b, "\"", 1);
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = c;
			kore_buf_append(b, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			esc[0] = '\\';
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			kore_buf_append(b, esc, 6);
		} else if (c == '<' || c == '>') {
			/* Never a closing script tag inside a JSON body. */
			kore_buf_appendf(b, "\\u00%c%c", hex[c >> 4], hex[c & 0xf]);
		} else {
			kore_buf_append(b, &s[i], 1);
		}
	}
	kore_buf_append(b, "\"", 1);
}

void
infra_json_str(struct kore_buf *b, const char *s)
{
	if (s == NULL) {
		kore_buf_append(b, "null", 4);
		return;
	}
	infra_json_strn(b, s, strlen(s));
}

void
infra_json_reply(struct http_request *req, int status, struct kore_buf *b)
{
	http_response_header(req, "content-type",
	    "application/json; charset=utf-8");
	http_response_header(req, "cache-control", "no-store");
	http_response(req, status, b->data, b->offset);
}

int
infra_json_error(struct http_request *req, int status, const char *code,
    const char *message)
{
	struct kore_buf		b;

	kore_buf_init(&b, 128);
	kore_buf_appendf(&b, "{\"error\":{\"code\":");
	infra_json_str(&b, code);
	kore_buf_appendf(&b, ",\"message\":");
	infra_json_str(&b, message);
	kore_buf_appendf(&b, "}}\n");
	infra_json_reply(req, status, &b);
	kore_buf_cleanup(&b);
	return (KORE_RESULT_OK);
}

/*
 * Parses a JSON request body.  Returns KORE_RESULT_ERROR after it has
 * answered 400 itself; the caller then returns KORE_RESULT_OK.
 */
int
infra_json_body(struct http_request *req, struct kore_json *json)
{
	if (req->http_body == NULL) {
		(void)infra_json_error(req, 400, "body_missing",
		    "A JSON body is required.");
		return (KORE_RESULT_ERROR);
	}
	req->http_body_length = infra_json_unescape_u(
	    (char *)req->http_body->data, req->http_body_length);
	kore_json_init(json, req->http_body->data, req->http_body_length);
	if (!kore_json_parse(json)) {
		(void)infra_json_error(req, 400, "body_invalid",
		    kore_json_strerror(json));
		kore_json_cleanup(json);
		return (KORE_RESULT_ERROR);
	}
	return (KORE_RESULT_OK);
}
