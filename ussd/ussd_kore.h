/*
 * ussd_kore.h: ussd's Kore half (ussd/ussd.h is the pure half).  It
 * includes Kore and the pure half itself, so it declares the same
 * whatever was included before it.
 */
#ifndef HUNAR_USSD_KORE_H
#define HUNAR_USSD_KORE_H

#include "infra/infra_kore.h"
#include "ussd/ussd.h"

/* ussd_inbound.c, ussd_dlr.c: Kannel's callbacks (kore.conf, ussd.conf) */
int		 ussd_sms_inbound(struct http_request *);
int		 ussd_sms_dlr(struct http_request *);

/*
 * One hop through the menu, shared by both front doors: ussd_http.c
 * (POST /ussd, the aggregator contract) and ussd_smpp.c (GET
 * /ussd/smpp, an operator's SMPP link through Kannel).  The handler fills
 * the request part, then calls ussd_hop_run() until it answers other
 * than KORE_RESULT_RETRY; the screen is then in out (rc: USSD_CON or
 * USSD_END).  The struct is the handler's infra_ctx() state.
 */
struct ussd_hop {
	struct infra_db		db;		/* first: infra_ctx() */
	int			phase;
	struct infra_rwait	rw;		/* the session's GET, SET */
	/* request */
	char			sid[80];	/* aggregator session id */
	char			phone[16];	/* 92XXXXXXXXXX */
	int			dial;		/* a new dial (not a reply) */
	int			small;		/* 160/70 screens (SMPP) */
	char			input[USSD_INPUT_MAX + 1];
	size_t			inlen;		/* > USSD_INPUT_MAX: long */
	int			hops;		/* inputs in text (HTTP), or 0 */
	u_int32_t		textsum;	/* FNV-1a of the whole text */
	u_int32_t		prevsum;	/* ... of the text before this hop */
	int			resend;		/* the last hop, sent again */
	int			history;	/* text is every input so far */
	int			stale;		/* GETs retried: state behind */
	/* the hop */
	struct ussd_state	st;
	struct ussd_req		req;
	char			off[12];
	char			lim[12];
	char			pinhash[USSD_PIN_HASH_LEN + 1];
	u_int64_t		whogen;		/* ussd_who.c: asked under */
	/* answer */
	int			rc;
	char			out[USSD_SCREEN_BYTES];
	char			recap[USSD_RECAP_MAX];
};

/* ussd_http.c: POST /ussd; ussd_smpp.c: GET /ussd/smpp (Kannel) */
int		 ussd_http(struct http_request *);
int		 ussd_hop_run(struct http_request *, struct ussd_hop *);
int		 ussd_smpp(struct http_request *);

/* ussd_phone.c: /phone, the browser phone (HUNAR_PHONE=1) */
int		 ussd_phone(struct http_request *);
int		 ussd_phone_sms(struct http_request *);
int		 ussd_phone_ussd(struct http_request *);
int		 ussd_phone_number(struct http_request *);

#endif
