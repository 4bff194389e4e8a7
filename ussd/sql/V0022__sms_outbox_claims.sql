-- ussd (issue 15): several senders at once, each knowing its own rows.
--
-- claimed_by names the sender that took a row to 'sending'; sms_senders
-- holds each sender's heartbeat.  A sender's start-up recovery used to
-- requeue every row in 'sending', rows another live sender was handing
-- over among them; now it frees only the rows of a sender whose beat
-- stopped (sms_outbox_orphans() in R__sms_outbox.sql).
ALTER TABLE sms_outbox ADD COLUMN claimed_by text;

CREATE TABLE sms_senders (
	id		text PRIMARY KEY,
	pid		int NOT NULL,
	started_at	timestamptz NOT NULL DEFAULT now(),
	beat_at		timestamptz NOT NULL DEFAULT now()
);

-- The claim reads due rows in its own order (urgent first, then by
-- when they are due): with only (not_before) indexed, each claim of 500
-- rows sorted every queued row, 0.5 s at 100k queued (an external merge
-- on disk, measured with EXPLAIN ANALYZE).  This index hands them over
-- in order; the old one served nothing else the new one cannot.
CREATE INDEX sms_outbox_claim_order ON sms_outbox (urgent DESC, not_before, id)
    WHERE status = 'queued';
DROP INDEX sms_outbox_due;

-- The rows in flight, by sender: recovery reads these, never the table.
CREATE INDEX sms_outbox_sending ON sms_outbox (claimed_by)
    WHERE status = 'sending';

-- The claim and the outcome take the sender's name now.
DROP FUNCTION IF EXISTS sms_outbox_claim(int, timestamptz);
DROP FUNCTION IF EXISTS sms_outbox_recover(bigint[]);
DROP FUNCTION IF EXISTS sms_outbox_done(bigint, text, text, int);
