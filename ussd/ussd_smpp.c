/*
 * GET /ussd/smpp: the same menu for an operator that connects over
 * SMPP through Kannel.  smsbox's USSD sms-service (accepted-smsc = ussd,
 * infra/kannel.conf.in) calls it on Kore's callback listener (no key:
 * infra_kannel_caller) with
 *	id (%I), from (%p), to (%P), coding, charset, meta (%D), text (%b)
 * where meta carries the TLVs as "?smpp?ussd_service_op=%01&
 * its_session_info=%07%00" (raw bytes, URL-encoded).  ussd_service_op 1
 * (PSSR indication) is a dial; 18 (USSR confirm) is an answer to our
 * last screen.  The reply body is the screen; its header
 *	X-Kannel-Meta-Data: ?smpp?ussd_service_op=2	(continue: USSR req.)
 *	X-Kannel-Meta-Data: ?smpp?ussd_service_op=17	(end, PSSR response)
 * sets the op (in decimal) and echoes its_session_info, with the
 * end-of-session bit set on the last screen.  smsbox cuts a reply at one
 * SMS, so these screens fit 160 GSM-7 / 70 UCS-2 (state.small).
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"
#include "ussd/ussd_kore.h"

#define SMPP_TEXT_MAX		512
#define SMPP_OP_PSSR_IND	1
#define SMPP_OP_USSR_REQ	2
#define SMPP_OP_PSSR_RESP	17

struct smpp_ctx {
	struct ussd_hop		hop;		/* first: infra_ctx() */
	char			sess[16];	/* its_session_info, hex */
};

static int
ussd_smpp_reply(struct http_request *req, struct smpp_ctx *c)
{
	struct infra_sms_count	 cnt;
	char			 meta[96];
	size_t			 len;
	int			 b0, b1;

	len = strlen(c->hop.out);
	(void)snprintf(meta, sizeof(meta), "?smpp?ussd_service_op=%d",
	    c->hop.rc == USSD_CON ? SMPP_OP_USSR_REQ : SMPP_OP_PSSR_RESP);
	if (strlen(c->sess) == 4) {
		b0 = infra_hexval(c->sess[0]) << 4 | infra_hexval(c->sess[1]);
		b1 = infra_hexval(c->sess[2]) << 4 | infra_hexval(c->sess[3]);
		/* Octet 2, bit 0: the end of the session. */
		if (c->hop.rc == USSD_END)
			b1 |= 1;
		(void)snprintf(meta + strlen(meta),
		    sizeof(meta) - strlen(meta),
		    "&its_session_info=%%%02X%%%02X", b0, b1);
	}
	http_response_header(req, "X-Kannel-Meta-Data", meta);
	if (infra_sms_count(c->hop.out, len, &cnt) == 0 &&
	    cnt.coding == INFRA_SMS_UCS2)
		http_response_header(req, "X-Kannel-Coding", "2");
	http_response_header(req, "content-type", "text/plain; charset=utf-8");
	http_response(req, 200, c->hop.out, len);
	return (KORE_RESULT_OK);
}

int
ussd_smpp(struct http_request *req)
{
	struct smpp_ctx	*c;
	struct ussd_hop	*h;
	char		 from[64], meta[256], *text;
	int		 n, op;

	c = infra_ctx(req, sizeof(*c));
	h = &c->hop;
	if (h->phase == 0) {
		if (!infra_kannel_caller(req))
			return (infra_text_reply(req, 403, "forbidden"));
		n = infra_arg(req, "from", from, sizeof(from));
		if (n < 1 || (size_t)n >= sizeof(from) ||
		    infra_phone_normalize(from, h->phone,
		    sizeof(h->phone)) == -1) {
			(void)snprintf(h->out, sizeof(h->out), "%s",
			    ussd_menu_text(USSD_T_HINT_FAILED, HLANG_EN));
			h->rc = USSD_END;
			return (ussd_smpp_reply(req, c));
		}
		n = infra_arg(req, "meta", meta, sizeof(meta));
		if (n < 0 || (size_t)n >= sizeof(meta))
			n = 0;
		(void)ussd_smpp_op(meta, n, &op, c->sess, sizeof(c->sess));
		/* The dialog is the session number, octet 1. */
		(void)snprintf(h->sid, sizeof(h->sid), "smpp-%.2s",
		    c->sess[0] != '\0' ? c->sess : "00");
		h->small = 1;

		text = kore_malloc(SMPP_TEXT_MAX);
		n = infra_arg(req, "text", text, SMPP_TEXT_MAX);
		if (op == SMPP_OP_PSSR_IND || op < 0) {
			h->dial = 1;
		} else if (n >= SMPP_TEXT_MAX) {
			h->inlen = USSD_INPUT_MAX + 1;
		} else {
			h->inlen = n > 0 ? (size_t)n : 0;
			if (n > USSD_INPUT_MAX)
				n = USSD_INPUT_MAX;
			if (n > 0)
				memcpy(h->input, text, n);
			h->input[n > 0 ? n : 0] = '\0';
		}
		kore_free(text);
		h->phase = 1;
	}
	if (ussd_hop_run(req, h) == KORE_RESULT_RETRY)
		return (KORE_RESULT_RETRY);
	return (ussd_smpp_reply(req, c));
}
