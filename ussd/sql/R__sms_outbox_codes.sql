-- One-time codes (kind 'otp': web sign-up, log-in and reset codes) are
-- readable in sms_outbox.body only while the row waits for Kannel
-- ('queued', 'sending'): a retry after a Kannel outage must still send
-- the code.  Once the row is decided -- handed over ('sent', then
-- 'delivered'), expired or refused ('failed'), held back by STOP
-- ('suppressed') -- every run of four or more digits in its text is
-- masked, by this trigger, whichever function or statement decided it.
-- The code's digest for checking lives elsewhere (web_signups, Redis);
-- nothing needs the text again, and a copy of the database (a backup, a
-- replica, /me/data) no longer carries codes.  V0026 masked the rows
-- sent before this rule.
CREATE OR REPLACE FUNCTION sms_code_mask(p_body text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT regexp_replace(p_body, '[0-9]{4,}', '******', 'g')
$$;

CREATE OR REPLACE FUNCTION sms_outbox_code_mask() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.body := sms_code_mask(NEW.body);
	RETURN NEW;
END $$;

-- The WHEN clause keeps the cost off every other row (lessons, drips,
-- delivery reports): the function runs only for a code row leaving the
-- queue with digits still in it.
CREATE OR REPLACE TRIGGER sms_outbox_code_mask
    BEFORE INSERT OR UPDATE OF status ON sms_outbox
    FOR EACH ROW WHEN (NEW.kind = 'otp' AND
	NEW.status NOT IN ('queued', 'sending') AND NEW.body ~ '[0-9]{4}')
    EXECUTE FUNCTION sms_outbox_code_mask();
