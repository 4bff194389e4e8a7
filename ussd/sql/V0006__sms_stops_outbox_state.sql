-- ussd (issue 3): STOP from unregistered numbers, the outbox's delivery
-- state, and the indexes the sender and the DLR callback read by.

-- STOP from a number that never registered is honoured too.
CREATE TABLE sms_stops (
	phone		text PRIMARY KEY,
	stopped_at	timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE sms_outbox
    ADD COLUMN last_dlr smallint,
    ADD COLUMN delivered_at timestamptz,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE INDEX sms_outbox_phone ON sms_outbox (phone, created_at DESC);

CREATE INDEX sms_dlr_outbox ON sms_dlr (outbox_id);
