-- ussd (issue 3): the outbox sender's state machine (claim, done,
-- recover), STOP and quiet hours, delivery reports.

-- The sender sleeps on this channel between polls.
CREATE OR REPLACE FUNCTION sms_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('sms_outbox', '');
	RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER sms_outbox_notify AFTER INSERT ON sms_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION sms_outbox_notify();

-- Whether a number said STOP (registered or not).
CREATE OR REPLACE FUNCTION sms_opted_out(p_phone text) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT sms_opt_out FROM users WHERE phone = p_phone),
	    false) OR EXISTS (SELECT 1 FROM sms_stops WHERE phone = p_phone)
$$;

-- The sender's claim: due rows, each locked by one sender only (SKIP
-- LOCKED), decided here in one transaction: an opted-out number's row is
-- suppressed (all but the STOP confirmation), a non-urgent row waits
-- until p_quiet_until when the sender says quiet hours hold (the rule is
-- infra/infra_quiet.c; NULL: not quiet now), the rest go queued -> sending.  Only rows
-- returned here may be handed to Kannel.
CREATE OR REPLACE FUNCTION sms_outbox_claim(p_limit int,
    p_quiet_until timestamptz)
RETURNS TABLE (id bigint, phone text, body text, kind text, urgent boolean,
    attempts smallint)
LANGUAGE plpgsql AS $$
DECLARE
	r	record;
	q	timestamptz := p_quiet_until;
BEGIN
	FOR r IN SELECT o.* FROM sms_outbox o
	    WHERE o.status = 'queued' AND o.not_before <= now()
	    ORDER BY o.urgent DESC, o.not_before, o.id
	    LIMIT p_limit FOR UPDATE SKIP LOCKED LOOP
		IF r.kind <> 'stop_confirm' AND sms_opted_out(r.phone) THEN
			UPDATE sms_outbox o SET status = 'suppressed',
			    last_error = 'STOP', updated_at = now()
			    WHERE o.id = r.id;
		ELSIF NOT r.urgent AND q IS NOT NULL THEN
			UPDATE sms_outbox o SET not_before = q,
			    updated_at = now() WHERE o.id = r.id;
		ELSE
			UPDATE sms_outbox o SET status = 'sending',
			    attempts = o.attempts + 1, updated_at = now()
			    WHERE o.id = r.id;
			id := r.id; phone := r.phone; body := r.body;
			kind := r.kind; urgent := r.urgent;
			attempts := r.attempts + 1;
			RETURN NEXT;
		END IF;
	END LOOP;
END;
$$;

-- What came of a hand-over to Kannel: sent | retry (not handed over:
-- back to queued after p_delay seconds) | failed (for good).  Only a row
-- in 'sending' moves, so a late or repeated call changes nothing.
CREATE OR REPLACE FUNCTION sms_outbox_done(p_id bigint, p_result text,
    p_error text, p_delay int)
RETURNS boolean
LANGUAGE sql AS $$
	UPDATE sms_outbox SET
	    status = CASE p_result WHEN 'sent' THEN 'sent'
		WHEN 'retry' THEN 'queued' ELSE 'failed' END,
	    sent_at = CASE WHEN p_result = 'sent' THEN now() END,
	    not_before = CASE WHEN p_result = 'retry'
		THEN now() + make_interval(secs => p_delay) ELSE not_before END,
	    attempts = CASE WHEN p_result = 'retry' AND p_error = 'rate'
		THEN attempts - 1 ELSE attempts END,
	    last_error = p_error, updated_at = now()
	WHERE id = p_id AND status = 'sending'
	RETURNING true
$$;

-- A sender that stopped mid-send leaves rows in 'sending'.  Those it
-- certainly never handed to Kannel (no hand-over mark in Redis) go back to
-- the queue; the others count as sent: a message goes out at most once.
CREATE OR REPLACE FUNCTION sms_outbox_recover(p_handed bigint[])
RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	n	int;
BEGIN
	UPDATE sms_outbox SET status = 'sent', sent_at = now(),
	    last_error = 'sender restarted after the hand-over',
	    updated_at = now()
	    WHERE status = 'sending' AND id = ANY (p_handed);
	UPDATE sms_outbox SET status = 'queued', updated_at = now()
	    WHERE status = 'sending';
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END;
$$;

-- One delivery report (Kannel's %d: 1 delivered, 2 failed at the phone,
-- 4 queued at the SMSC, 8 delivered to the SMSC, 16 failed at the SMSC).
-- Every report is kept; the row's status only moves forward.
CREATE OR REPLACE FUNCTION sms_dlr_record(p_outbox bigint, p_state int)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM sms_outbox WHERE id = p_outbox) THEN
		RETURN 'not_found';
	END IF;
	INSERT INTO sms_dlr (outbox_id, state) VALUES (p_outbox, p_state);
	UPDATE sms_outbox SET last_dlr = p_state, updated_at = now(),
	    status = CASE
		WHEN p_state & 1 <> 0 THEN 'delivered'
		WHEN p_state & 18 <> 0 AND status <> 'delivered' THEN 'failed'
		WHEN status IN ('queued', 'sending') THEN 'sent'
		ELSE status END,
	    delivered_at = CASE WHEN p_state & 1 <> 0 THEN now()
		ELSE delivered_at END
	    WHERE id = p_outbox;
	RETURN 'ok';
END;
$$;
