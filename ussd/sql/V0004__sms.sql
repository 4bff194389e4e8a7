-- ussd: the SMS channel's records -- every inbound message, the durable
-- outbox every domain enqueues to, delivery reports.

-- Every inbound SMS, stored before Hunar acts on it.  Kannel's message id
-- (%I) makes a retried callback a no-op.
CREATE TABLE sms_inbox (
	id		bigserial PRIMARY KEY,
	kannel_id	text NOT NULL UNIQUE,
	sender		text NOT NULL,
	receiver	text NOT NULL,
	body		text NOT NULL,
	coding		smallint NOT NULL DEFAULT 0,
	meta		text NOT NULL DEFAULT '',
	reply		text,
	received_at	timestamptz NOT NULL DEFAULT now(),
	handled_at	timestamptz
);

-- The durable outbox: every module enqueues here, one sender sends.
CREATE TABLE sms_outbox (
	id		bigserial PRIMARY KEY,
	phone		text NOT NULL,
	body		text NOT NULL,
	kind		text NOT NULL DEFAULT 'notice',
	urgent		boolean NOT NULL DEFAULT false,
	status		text NOT NULL DEFAULT 'queued'
			    CHECK (status IN ('queued', 'sending', 'sent',
			    'delivered', 'failed', 'suppressed')),
	attempts	smallint NOT NULL DEFAULT 0,
	not_before	timestamptz NOT NULL DEFAULT now(),
	dedup_key	text UNIQUE,
	created_at	timestamptz NOT NULL DEFAULT now(),
	sent_at		timestamptz,
	last_error	text
);

CREATE INDEX sms_outbox_due ON sms_outbox (not_before) WHERE status = 'queued';

CREATE TABLE sms_dlr (
	id		bigserial PRIMARY KEY,
	outbox_id	bigint NOT NULL REFERENCES sms_outbox(id) ON DELETE CASCADE,
	state		smallint NOT NULL,
	received_at	timestamptz NOT NULL DEFAULT now()
);
