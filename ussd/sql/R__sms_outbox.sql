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
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT n.opted_out FROM sms_number(p_phone) n);
END;
$$;

-- A sender says it is alive: its row in sms_senders, beaten every few
-- seconds while it runs (also while it waits on Kannel).  A sender whose
-- beat is older than recovery's p_dead_s holds no row any more
-- (sms_outbox_orphans()).
CREATE OR REPLACE FUNCTION sms_sender_beat(p_sender text, p_pid int)
RETURNS void
LANGUAGE sql AS $$
	INSERT INTO sms_senders AS s (id, pid) VALUES (p_sender, p_pid)
	    ON CONFLICT (id) DO UPDATE SET beat_at = now(),
	    pid = EXCLUDED.pid,
	    started_at = CASE WHEN s.pid = EXCLUDED.pid THEN s.started_at
		ELSE now() END
$$;

-- The sender's claim: due rows, each locked by one sender only (SKIP
-- LOCKED), decided here in one statement: an opted-out number's row is
-- suppressed (all but the STOP confirmation), a non-urgent row waits
-- until p_quiet_until when the sender says quiet hours hold (the rule is
-- infra/infra_quiet.c; NULL: not quiet now), the rest go queued ->
-- sending, claimed_by p_sender.  Every row decided is returned with its
-- new status (the sender goes on while whole batches are decided, not
-- only sent); only rows returned 'sending' may be handed to Kannel.
-- Set-based: the row-by-row loop this replaced spent 0.3 ms
-- a row on its STOP look-ups and updates, on top of the sort that
-- sms_outbox_claim_order (V0022) now spares.
DROP FUNCTION IF EXISTS sms_outbox_claim(int, timestamptz, text);
CREATE OR REPLACE FUNCTION sms_outbox_claim(p_limit int,
    p_quiet_until timestamptz, p_sender text)
RETURNS TABLE (id bigint, phone text, body text, kind text, urgent boolean,
    attempts smallint, age int, status text, text_key text, text_lang text,
    for_name text)
LANGUAGE plpgsql
-- A generic plan takes LIMIT $1 for a tenth of the table and joins the
-- update by hashing all of sms_outbox: 0.6-6 s at 100k queued, against
-- 16 ms planned for the limit given (EXPLAIN ANALYZE, PREPARE).
SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
	RETURN QUERY
	WITH due AS (
		SELECT o.id, o.phone, o.kind, o.urgent FROM sms_outbox o
		    WHERE o.status = 'queued' AND o.not_before <= now()
		    ORDER BY o.urgent DESC, o.not_before, o.id
		    LIMIT p_limit FOR NO KEY UPDATE SKIP LOCKED
	), d AS (
		SELECT due.id,
		    due.kind <> 'stop_confirm' AND (EXISTS (SELECT 1
			FROM sms_stops s WHERE s.phone = due.phone) OR
			EXISTS (SELECT 1 FROM users u WHERE u.phone = due.phone
			AND u.sms_opt_out)) AS stopped,
		    NOT due.urgent AND p_quiet_until IS NOT NULL AS quiet
		    FROM due
	), u AS (
		UPDATE sms_outbox o SET
		    status = CASE WHEN d.stopped THEN 'suppressed'
			WHEN d.quiet THEN 'queued' ELSE 'sending' END,
		    last_error = CASE WHEN d.stopped THEN 'STOP'
			ELSE o.last_error END,
		    not_before = CASE WHEN d.quiet AND NOT d.stopped
			THEN p_quiet_until ELSE o.not_before END,
		    attempts = CASE WHEN d.stopped OR d.quiet THEN o.attempts
			ELSE o.attempts + 1 END,
		    claimed_by = CASE WHEN d.stopped OR d.quiet THEN NULL
			ELSE p_sender END,
		    updated_at = now()
		    FROM d WHERE o.id = d.id
		    RETURNING o.id, o.phone, o.body, o.kind, o.urgent,
			o.attempts, o.status, o.not_before,
			extract(epoch FROM now() - o.created_at)::int AS age,
			o.text_key, o.text_lang, o.for_name
	)
	SELECT u.id, u.phone, u.body, u.kind, u.urgent, u.attempts, u.age,
	    u.status, u.text_key, u.text_lang, u.for_name FROM u
	    ORDER BY u.urgent DESC, u.not_before, u.id;
END;
$$;

-- What came of a batch of hand-overs to Kannel, in one call: sent |
-- retry (not handed over: back to queued after its delay) | failed (for
-- good).  Only a row still 'sending' for this sender moves, so a late or
-- repeated call, or one from a sender whose rows were recovered while it
-- stalled, changes nothing.  Returns the rows moved.
--
-- It commits without waiting for the replica (synchronous_commit
-- local, this transaction only), but still to this server's disk: a
-- crash of PostgreSQL or of the machine forgets no outcome.  Only a
-- failover can lose the last outcomes the replica had not received; their
-- rows are then 'sending' under this sender again, and its own recovery
-- (every 10 s, between passes, when it holds nothing) settles them from
-- the hand-over marks in Redis as it settles a sender that died before
-- writing: sent if handed over, queued again if not (the mark of a
-- refused hand-over is deleted before its outcome is written), so no
-- message goes twice (tests/integration/test_ussd_outbox.py,
-- test_outbox_a_lost_outcome_is_settled_without_a_second_send).  Not
-- 'off': a crash of PostgreSQL alone would then lose outcomes, leaving
-- the marks -- fsynced by Redis only every second -- as the only record
-- of what went.  Waiting for the replica on every batch of outcomes was
-- a third of a lone sender's time (issue 15).
CREATE OR REPLACE FUNCTION sms_outbox_done(p_sender text,
    p_ids bigint[], p_results text[], p_errors text[], p_delays int[])
RETURNS int
LANGUAGE sql AS $$
	SELECT set_config('synchronous_commit', 'local', true);
	-- in id order, as sms_dlr_to_outbox() locks them: no deadlock
	SELECT 1 FROM sms_outbox o WHERE o.id = ANY (p_ids) ORDER BY o.id
	    FOR NO KEY UPDATE;
	WITH x AS (
		SELECT * FROM unnest(p_ids, p_results, p_errors, p_delays)
		    AS x(id, res, err, delay)
	), u AS (
		UPDATE sms_outbox o SET
		    status = CASE x.res WHEN 'sent' THEN 'sent'
			WHEN 'retry' THEN 'queued' ELSE 'failed' END,
		    sent_at = CASE WHEN x.res = 'sent' THEN now() END,
		    not_before = CASE WHEN x.res = 'retry'
			THEN now() + make_interval(secs => x.delay)
			ELSE o.not_before END,
		    attempts = CASE WHEN x.res = 'retry' AND x.err = 'rate'
			THEN o.attempts - 1 ELSE o.attempts END,
		    claimed_by = CASE WHEN x.res = 'retry' THEN NULL
			ELSE o.claimed_by END,
		    last_error = x.err, updated_at = now()
		    FROM x WHERE o.id = x.id AND o.status = 'sending'
		    AND o.claimed_by = p_sender
		    RETURNING 1
	)
	SELECT count(*)::int FROM u
$$;

-- The rows in 'sending' that no live sender holds: claimed by a sender
-- whose beat is older than p_dead_s (or gone), by none (rows from before
-- claimed_by), or by p_sender itself -- a sender asks between its passes,
-- when it holds nothing, so rows under its own name are a previous run's.
CREATE OR REPLACE FUNCTION sms_outbox_orphans(p_sender text, p_dead_s int)
RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
	SELECT o.id FROM sms_outbox o
	    LEFT JOIN sms_senders s ON s.id = o.claimed_by
	    WHERE o.status = 'sending' AND (o.claimed_by IS NULL OR
		o.claimed_by = p_sender OR s.id IS NULL OR
		s.beat_at < now() - make_interval(secs => p_dead_s))
$$;

-- A sender that stopped mid-send leaves rows in 'sending'.  Of the
-- orphans among p_ids (asked again here: a row requeued and claimed by a
-- live sender since is not touched), those it certainly never handed to
-- Kannel (no hand-over mark in Redis) go back to the queue; the others
-- count as sent: a message goes out at most once.  Returns the requeued.
CREATE OR REPLACE FUNCTION sms_outbox_recover(p_sender text, p_dead_s int,
    p_ids bigint[], p_handed bigint[])
RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	n	int;
BEGIN
	UPDATE sms_outbox SET status = 'sent', sent_at = now(),
	    last_error = 'sender stopped after the hand-over',
	    updated_at = now()
	    WHERE id = ANY (p_handed) AND id = ANY (p_ids)
	    AND id IN (SELECT sms_outbox_orphans(p_sender, p_dead_s));
	UPDATE sms_outbox SET status = 'queued', claimed_by = NULL,
	    updated_at = now()
	    WHERE id = ANY (p_ids)
	    AND id IN (SELECT sms_outbox_orphans(p_sender, p_dead_s));
	GET DIAGNOSTICS n = ROW_COUNT;
	DELETE FROM sms_senders WHERE beat_at < now() - interval '1 day'
	    AND id <> p_sender;
	RETURN n;
END;
$$;

-- Delivery reports (Kannel's %d: 1 delivered, 2 failed at the phone,
-- 4 queued at the SMSC, 8 delivered to the SMSC, 16 failed at the SMSC)
-- reach their outbox rows a batch at a time: the p_states[i] report for
-- outbox row p_ids[i], in the order they came.  A row's status only
-- moves forward, and applying a batch at once ends exactly where
-- applying its reports one by one would: delivered once any report says
-- delivered; else failed once one says failed (2 or 16); else a row
-- still queued or sending becomes sent -- a report may come before the
-- sender recorded its hand-over (sms_outbox_done() then leaves the row
-- alone), and then it also gives the row its sent_at.  last_dlr is the
-- batch's last report for the row.  Rows are locked in id order, as
-- sms_outbox_done() locks them, so reports and a sender's outcomes never
-- deadlock.  Ids of no row are skipped.
CREATE OR REPLACE FUNCTION sms_dlr_to_outbox(p_ids bigint[], p_states int[])
RETURNS void
LANGUAGE sql AS $$
	SELECT 1 FROM sms_outbox o WHERE o.id = ANY (p_ids)
	    ORDER BY o.id FOR NO KEY UPDATE;
	WITH r AS (
		SELECT x.id, x.st, x.n FROM unnest(p_ids, p_states)
		    WITH ORDINALITY AS x(id, st, n)
	), a AS (
		SELECT r.id, bool_or(r.st & 1 <> 0) AS dlv,
		    bool_or(r.st & 18 <> 0) AS bad,
		    (array_agg(r.st ORDER BY r.n DESC))[1] AS last
		    FROM r GROUP BY r.id
	)
	UPDATE sms_outbox o SET last_dlr = a.last, updated_at = now(),
	    status = CASE
		WHEN a.dlv THEN 'delivered'
		WHEN a.bad AND o.status <> 'delivered' THEN 'failed'
		WHEN o.status IN ('queued', 'sending') THEN 'sent'
		ELSE o.status END,
	    sent_at = CASE WHEN o.status IN ('queued', 'sending')
		THEN coalesce(o.sent_at, now()) ELSE o.sent_at END,
	    delivered_at = CASE WHEN a.dlv THEN now()
		ELSE o.delivered_at END
	    FROM a WHERE o.id = a.id;
$$;

-- What /sms/dlr does with a batch of reports (ussd/ussd_dlr.c gathers
-- them): each report of a known row is recorded in sms_dlr, not yet
-- applied (p_applied: the caller applies the batch itself, as
-- sms_dlr_batch() does), and smsbox is answered as soon as this
-- commits.  Returns for each report its place (from 1) and whether its
-- outbox row exists.  A report for no row is not kept (sms_dlr
-- references the outbox); it is counted in sms_dlr_unknown (V0034; a
-- sequence: a batch that fails and is sent again counts its unknown
-- reports again).
--
-- It takes no lock on the outbox rows but the reference's KEY SHARE,
-- which the claim, the outcomes and the reports' own application do not
-- block: they lock FOR NO KEY UPDATE (FOR UPDATE blocked it, and a batch
-- whose rows came in any order deadlocked with a sender's outcomes,
-- seen in the drip).  Applied in the same transaction, a batch of
-- reports waited on the senders' outcome transactions that held those
-- rows, ~170 ms a report in the drip, while smsbox held the callbacks
-- and sendsms slowed (issue 15, bench/drip_bench.sh).  It commits to
-- this server's disk without waiting for the replica (synchronous_commit
-- local): a crash of PostgreSQL forgets no report smsbox was told was
-- taken; only a failover can lose the last ones the replica had not
-- received (a row then stays 'sent').
CREATE OR REPLACE FUNCTION sms_dlr_take(p_ids bigint[], p_states int[],
    p_applied boolean DEFAULT false)
RETURNS TABLE (ord int, found boolean)
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT p_applied THEN
		PERFORM set_config('synchronous_commit', 'local', true);
	END IF;
	INSERT INTO sms_dlr (outbox_id, state, applied)
	    SELECT x.id, x.st, p_applied FROM unnest(p_ids, p_states)
		WITH ORDINALITY AS x(id, st, n)
	    WHERE EXISTS (SELECT 1 FROM sms_outbox o WHERE o.id = x.id)
	    ORDER BY x.n;
	PERFORM nextval('sms_dlr_unknown') FROM unnest(p_ids) AS x(id)
	    WHERE NOT EXISTS (SELECT 1 FROM sms_outbox o WHERE o.id = x.id);
	RETURN QUERY SELECT x.n::int, EXISTS (SELECT 1 FROM sms_outbox o
	    WHERE o.id = x.id) FROM unnest(p_ids) WITH ORDINALITY AS x(id, n);
END;
$$;

-- A batch of reports recorded and applied in one transaction (tests, and
-- sms_dlr_record()).  A report is a status, not a message: it commits
-- without waiting for the disk or the replica (synchronous_commit off,
-- this transaction only).
CREATE OR REPLACE FUNCTION sms_dlr_batch(p_ids bigint[], p_states int[])
RETURNS TABLE (ord int, found boolean)
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('synchronous_commit', 'off', true);
	PERFORM sms_dlr_to_outbox(p_ids, p_states);
	RETURN QUERY SELECT * FROM sms_dlr_take(p_ids, p_states, true);
END;
$$;

-- Applies up to p_max recorded reports to their outbox rows, oldest
-- first (Kore runs it after each batch it took, and every few seconds
-- while reports wait: ussd/ussd_dlr.c).  One applier at a time (an
-- advisory lock), so reports reach their rows in the order they were
-- recorded: returns -1 at once when another applier runs (the caller
-- tries again shortly), else how many it applied.  A status, not a
-- message: synchronous_commit off; a crash leaves the reports recorded
-- and not applied, and the next run applies them.
CREATE OR REPLACE FUNCTION sms_dlr_apply(p_max int)
RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	v_ids	bigint[];
	v_rows	bigint[];
	v_sts	int[];
BEGIN
	IF NOT pg_try_advisory_xact_lock(hashtext('sms_dlr_apply')) THEN
		RETURN -1;
	END IF;
	PERFORM set_config('synchronous_commit', 'off', true);
	SELECT array_agg(d.id ORDER BY d.id),
	    array_agg(d.outbox_id ORDER BY d.id),
	    array_agg(d.state::int ORDER BY d.id)
	    INTO v_ids, v_rows, v_sts
	    FROM (SELECT id, outbox_id, state FROM sms_dlr WHERE NOT applied
		ORDER BY id LIMIT p_max) d;
	IF v_ids IS NULL THEN
		RETURN 0;
	END IF;
	PERFORM sms_dlr_to_outbox(v_rows, v_sts);
	UPDATE sms_dlr SET applied = true WHERE id = ANY (v_ids);
	RETURN cardinality(v_ids);
END;
$$;

-- One delivery report: a batch of one.
CREATE OR REPLACE FUNCTION sms_dlr_record(p_outbox bigint, p_state int)
RETURNS text
LANGUAGE sql AS $$
	SELECT CASE WHEN found THEN 'ok' ELSE 'not_found' END
	    FROM sms_dlr_batch(ARRAY[p_outbox], ARRAY[p_state])
$$;

-- The outbox's one door for the domains: a message for a number (or, with
-- p_phone NULL, for a person, whose number sms_outbox_for() finds and who
-- is named on a shared phone), queued once per p_dedup (NULL: no key).
-- A repeated key is a no-op: a retried or raced caller sends nothing
-- twice.  true when this call queued it.  p_after: how long it waits
-- before it may leave (NULL: at once).  p_key, p_lang: a message of the
-- channel's own worded by hunar_sender from ussd_text.c's table (the key
-- in that language), p_body then ''.
DROP FUNCTION IF EXISTS sms_enqueue(text, text, text, boolean, text, bigint);
DROP FUNCTION IF EXISTS sms_enqueue(text, text, text, boolean, text, bigint,
    interval);
CREATE OR REPLACE FUNCTION sms_enqueue(p_phone text, p_body text,
    p_kind text, p_urgent boolean, p_dedup text, p_user bigint,
    p_after interval DEFAULT NULL, p_key text DEFAULT NULL,
    p_lang text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO sms_outbox (phone, body, kind, urgent, dedup_key, user_id,
	    not_before, text_key, text_lang)
	    VALUES (p_phone, p_body, p_kind, p_urgent, p_dedup, p_user,
	    now() + coalesce(p_after, interval '0'), p_key, p_lang)
	    ON CONFLICT (dedup_key) DO NOTHING;
	RETURN FOUND;
END;
$$;
