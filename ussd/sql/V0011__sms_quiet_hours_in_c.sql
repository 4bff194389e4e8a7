-- Quiet hours are one rule, in C (infra/infra_quiet.c): the sender passes
-- the end of the quiet spell to sms_outbox_claim() instead of the hours,
-- so the SQL copy of the rule and the old claim's signature go.
DROP FUNCTION IF EXISTS sms_outbox_claim(int, int, int);
DROP FUNCTION IF EXISTS sms_quiet_until(timestamptz, int, int);
