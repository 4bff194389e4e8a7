-- ussd (issue 3): each inbound message is written once, with what was done
-- (its kind, status, language and the fields a, b, c the reply templates
-- render).  `reply` keeps the texts of messages answered before this
-- migration.  The one-message sms_inbound() gave way to
-- sms_inbound_batch() (ussd/sql/R__sms_inbound.sql).

ALTER TABLE sms_inbox
	ADD COLUMN kind text,
	ADD COLUMN status text,
	ADD COLUMN lang text,
	ADD COLUMN a text,
	ADD COLUMN b text,
	ADD COLUMN c text;

DROP FUNCTION IF EXISTS sms_inbound(text, text, text, text, smallint,
    text, text, text, text, text, text, text, text);
