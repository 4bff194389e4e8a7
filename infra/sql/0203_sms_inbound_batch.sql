-- sms (issue 3): inbound messages are stored and acted on in batches.
--
-- A Kore worker gathers the callbacks that arrive while its previous
-- batch is in flight and hands them over in one call, one transaction,
-- one commit (ussd/ussd_inbound.c).  With smsbox keeping hundreds of
-- callbacks in flight, one commit and one round trip per message were
-- what bounded the channel; now they are shared.
--
-- Each message is written once, keyed by Kannel's id, together with what
-- was done: its kind, status, language and fields a, b, c -- what the
-- reply templates (ussd_text.c, course_text.c) render, in C, into the
-- text sent.  The message and its action commit in the same transaction,
-- so nothing is ever done for a message that is not stored, and a
-- callback is answered only after that commit.  An action that fails is
-- rolled back alone and its message is stored with status 'error'; it
-- does not undo the others of the batch.  A retried callback (the same
-- Kannel id, even in another worker's batch at the same moment: an
-- advisory lock on the id makes the second wait for the first) finds
-- the stored row and renders the same reply without acting again.
--
-- Written once: storing the message first and its outcome after meant a
-- second version of every row (and as much again for vacuum), and
-- writing the rendered text back a third; together they cost the
-- database about as much as the rest of the message.  `reply` keeps the
-- texts of messages answered before this migration, and a retry of one
-- of those gets that text back.

ALTER TABLE sms_inbox
	ADD COLUMN kind text,
	ADD COLUMN status text,
	ADD COLUMN lang text,
	ADD COLUMN a text,
	ADD COLUMN b text,
	ADD COLUMN c text;

DROP FUNCTION sms_inbound(text, text, text, text, smallint, text, text,
    text, text, text, text, text, text);

-- One row per message; ord is its place in the arrays, from 1.
-- fresh: false when this Kannel id was acted on before; its stored
-- fields come back, or stored_reply for a row answered before 0203.
CREATE FUNCTION sms_inbound_batch(p_id text[], p_sender text[],
    p_receiver text[], p_body text[], p_coding smallint[], p_meta text[],
    p_phone text[], p_kind text[], p_verb text[], p_arg text[],
    p_rest text[], p_hint text[], p_cert text[])
RETURNS TABLE (ord int, fresh boolean, stored_reply text, status text,
    lang text, a text, b text, c text)
LANGUAGE plpgsql AS $$
DECLARE
	i	int;
	r	record;
BEGIN
	-- In Kannel-id order: two batches holding the same retried ids
	-- take their locks in one order and never deadlock.
	FOR i IN SELECT u.o FROM unnest(p_id) WITH ORDINALITY AS u(kid, o)
	    ORDER BY u.kid, u.o LOOP
		PERFORM pg_advisory_xact_lock(hashtextextended(p_id[i], 0));
		SELECT s.reply, s.status, s.lang, s.a, s.b, s.c INTO r
		    FROM sms_inbox s WHERE s.kannel_id = p_id[i];
		fresh := NOT (FOUND AND (r.status IS NOT NULL OR
		    r.reply IS NOT NULL));
		stored_reply := CASE WHEN fresh THEN NULL ELSE r.reply END;
		IF fresh THEN
			BEGIN
				IF p_kind[i] = 'course' THEN
					SELECT * INTO r FROM course_sms(p_phone[i],
					    p_verb[i], p_arg[i], p_cert[i]);
				ELSE
					SELECT * INTO r FROM sms_cmd(p_phone[i],
					    p_verb[i], p_arg[i], p_rest[i],
					    p_hint[i]);
				END IF;
			EXCEPTION WHEN OTHERS THEN
				RAISE WARNING 'sms_inbound %: %', p_id[i],
				    SQLERRM;
				SELECT 'error'::text AS status, coalesce((SELECT
				    uu.lang FROM users uu
				    WHERE uu.phone = p_phone[i]), 'en') AS lang,
				    NULL::text AS a, NULL::text AS b,
				    NULL::text AS c INTO r;
			END;
			-- A row already there was stored by the old two-step
			-- path and never answered: it gets its outcome now.
			INSERT INTO sms_inbox AS s (kannel_id, sender, receiver,
			    body, coding, meta, kind, status, lang, a, b, c,
			    handled_at) VALUES (p_id[i], p_sender[i],
			    p_receiver[i], p_body[i], p_coding[i], p_meta[i],
			    p_kind[i], r.status, r.lang, r.a, r.b, r.c, now())
			    ON CONFLICT (kannel_id) DO UPDATE
			    SET kind = EXCLUDED.kind, status = EXCLUDED.status,
			    lang = EXCLUDED.lang, a = EXCLUDED.a, b = EXCLUDED.b,
			    c = EXCLUDED.c, handled_at = EXCLUDED.handled_at;
		END IF;
		ord := i;
		status := r.status;
		lang := r.lang;
		a := r.a;
		b := r.b;
		c := r.c;
		RETURN NEXT;
	END LOOP;
END;
$$;
