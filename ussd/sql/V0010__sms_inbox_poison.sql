-- ussd (issue 13): a poisoned message is stored as received and answered.
-- One sender byte that was not UTF-8 made the whole sms_inbound_batch()
-- call fail: up to 32 good messages answered 503 and the bad one was lost.
-- Now ussd_inbound.c makes every field valid before the batch, and keeps
-- what it changed here: `flags` names each repair (text_utf8, from_utf8,
-- coding, meta, text_long, ...), `raw` holds the callback's bytes as
-- received (query string, a newline, the body).  Both NULL for a clean
-- message.  sms_inbound_batch() takes them as two more arrays.

ALTER TABLE sms_inbox
	ADD COLUMN flags text,
	ADD COLUMN raw bytea;

CREATE INDEX sms_inbox_flagged ON sms_inbox (received_at)
	WHERE flags IS NOT NULL;

DROP FUNCTION IF EXISTS sms_inbound_batch(text[], text[], text[], text[],
    smallint[], text[], text[], text[], text[], text[], text[], text[],
    text[]);
