-- ussd (issue 3): inbound messages are stored and acted on in batches.
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

-- One message's action, asked of the function of the verb's owner in
-- the verb table (sms_verb(), R__sms_verbs.sql), after the channel's
-- checks the table names.  A number that sent STOP is told that its
-- messages are off and how to START, whatever else it asks (NEXT would
-- otherwise answer "on its way" for a lesson that never comes), but for
-- the verbs that act after STOP.  On a number several people share,
-- anything personal first asks "who is this?" unless someone picked
-- themselves with their PIN within the window (which each message
-- extends); who is then that person's name, and the reply says it.
-- p_kind (the parser's family, kept in sms_inbox.kind) decides nothing.
-- What the number is (shared, its person, language, STOP, the name) is
-- read once, by sms_number(), and handed to the channel's own verbs;
-- it had been asked again by each check and each function, eleven
-- look-ups of the same rows for a HELP (issue 13).
CREATE OR REPLACE FUNCTION sms_act(p_kind text, p_phone text, p_verb text,
    p_arg text, p_rest text, p_hint text, p_cert text, p_pin text,
    OUT status text, OUT lang text, OUT a text, OUT b text, OUT c text,
    OUT who text)
LANGUAGE plpgsql
SET plan_cache_mode = auto AS $$
DECLARE
	v	record;
	r	record;
BEGIN
	-- One statement: the verb's row and the number's facts.
	SELECT t.owner, t.after_stop, t.shared AS anyone, t.person, t.moves,
	    n.shared, n.uid, n.lang, n.opted_out, n.who INTO v
	    FROM sms_verb(p_verb) t CROSS JOIN sms_number(p_phone) n;
	-- "2" or "Korangi" after JOIN asked "which district?"
	-- (places/sql/R__place_join.sql); p_rest holds the whole text of
	-- such a message.  When it is no such answer nothing was written,
	-- and the facts read above still hold.
	IF p_verb IN ('ANSWER', 'UNKNOWN') THEN
		SELECT j.status, j.lang, j.a, j.b INTO status, lang, a, b
		    FROM sms_join_pick(p_phone, p_rest) j;
		IF status IS NOT NULL THEN
			RETURN;
		END IF;
	END IF;
	-- Unregistered numbers too: the language they chose.
	lang := coalesce(v.lang, nullif(p_hint, ''), 'en');
	IF NOT v.after_stop AND v.opted_out THEN
		status := 'opted_out';
		RETURN;
	END IF;
	IF NOT v.anyone AND v.shared THEN
		UPDATE sms_picks SET until = now() + sms_pick_window()
		    WHERE phone = p_phone AND until > now();
		IF NOT FOUND THEN
			status := 'who';
			a := sms_who_list(p_phone);
			RETURN;
		END IF;
	END IF;
	IF v.person THEN
		IF v.uid IS NULL THEN
			status := 'unregistered';
			RETURN;
		END IF;
		-- Recency for matching, written at most hourly: every SMS
		-- would otherwise rewrite the row (and wake the profile
		-- triggers).
		UPDATE users SET last_active = now()
		    WHERE id = v.uid AND last_active < now() - interval '1 hour';
	END IF;
	CASE v.owner
	WHEN 'course' THEN
		SELECT x.status, x.a, x.b, x.c INTO status, a, b, c
		    FROM course_sms(p_phone, p_verb, p_arg, p_cert) x;
	WHEN 'prog' THEN
		SELECT * INTO status, lang, a, b, c
		    FROM prog_sms(p_phone, p_verb, p_arg, p_hint, p_cert);
	WHEN 'seat' THEN
		SELECT * INTO status, lang, a, b, c
		    FROM sms_seat(p_phone, p_verb, p_arg, p_pin, p_hint);
	WHEN 'web' THEN
		SELECT * INTO status, lang, a, b, c
		    FROM gig_sms(v.uid, p_verb, p_arg, p_rest, lang);
	WHEN 'match' THEN
		SELECT * INTO status, lang, a, b, c
		    FROM match_sms(p_phone, p_verb, p_arg, lang);
	ELSE
		r := sms_cmd(p_phone, p_verb, p_arg, p_rest, p_hint, v.uid,
		    v.shared, lang);
		status := r.status;
		lang := r.lang;
		a := r.a;
		b := r.b;
		c := r.c;
	END CASE;
	-- The prompts name everyone; picked and added name the person.
	IF status NOT IN ('who', 'pick_none', 'pin_wrong', 'pin_locked',
	    'pin_down', 'picked', 'added') THEN
		IF v.moves THEN
			SELECT x.who INTO who FROM sms_number(p_phone) x;
		ELSE
			who := v.who;
		END IF;
	END IF;
END;
$$;

-- One row per message; ord is its place in the arrays, from 1.
-- fresh: false when this Kannel id was acted on before; its stored
-- fields come back, or stored_reply for a row answered before 0203.
-- Set-based where it can be: one lock call, one look-up and one insert
-- for the whole batch, and the actions under one savepoint -- only when
-- one of them fails are they done again each under its own, so the
-- failing one is rolled back alone.
CREATE OR REPLACE FUNCTION sms_inbound_batch(p_id text[], p_sender text[],
    p_receiver text[], p_body text[], p_coding smallint[], p_meta text[],
    p_phone text[], p_kind text[], p_verb text[], p_arg text[],
    p_rest text[], p_hint text[], p_cert text[], p_flags text[],
    p_raw text[], p_pin text[])
RETURNS TABLE (ord int, fresh boolean, stored_reply text, status text,
    lang text, a text, b text, c text, who text)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
	n	int := coalesce(cardinality(p_id), 0);
	i	int;
	j	int;
	r	record;
	fr	boolean[] := array_fill(false, ARRAY[n]);
	sr	text[] := array_fill(NULL::text, ARRAY[n]);
	st	text[] := array_fill(NULL::text, ARRAY[n]);
	la	text[] := array_fill(NULL::text, ARRAY[n]);
	aa	text[] := array_fill(NULL::text, ARRAY[n]);
	bb	text[] := array_fill(NULL::text, ARRAY[n]);
	cc	text[] := array_fill(NULL::text, ARRAY[n]);
	wh	text[] := array_fill(NULL::text, ARRAY[n]);
	todo	int[] := '{}';
	fi	int[] := array_fill(0, ARRAY[n]);	-- an id's first place
	each	boolean := false;
BEGIN
	IF n = 0 THEN
		RETURN;
	END IF;
	-- In Kannel-id order: two batches holding the same retried ids
	-- take their locks in one order and never deadlock.
	PERFORM pg_advisory_xact_lock(hashtextextended(q.k, 0))
	    FROM (SELECT DISTINCT k FROM unnest(p_id) AS k ORDER BY k) q;
	FOR r IN SELECT u.o::int AS o, min(u.o) OVER (PARTITION BY u.k)::int
	    AS first, s.status IS NOT NULL OR
	    s.reply IS NOT NULL AS done, s.reply, s.status, s.lang, s.a,
	    s.b, s.c, s.who FROM unnest(p_id) WITH ORDINALITY AS u(k, o)
	    LEFT JOIN sms_inbox s ON s.kannel_id = u.k LOOP
		fi[r.o] := r.first;
		IF r.done THEN
			sr[r.o] := r.reply;
			st[r.o] := r.status;
			la[r.o] := r.lang;
			aa[r.o] := r.a;
			bb[r.o] := r.b;
			cc[r.o] := r.c;
			wh[r.o] := r.who;
		ELSIF r.first = r.o THEN
			todo := todo || r.o;
		END IF;
	END LOOP;

	<<acting>>
	LOOP
		BEGIN
			FOREACH i IN ARRAY todo LOOP
				-- An assignment, not a SELECT: no
				-- statement of its own to start.
				IF NOT each THEN
					r := sms_act(p_kind[i], p_phone[i],
					    p_verb[i], p_arg[i], p_rest[i],
					    p_hint[i], p_cert[i], p_pin[i]);
				ELSE
					BEGIN
						r := sms_act(p_kind[i],
						    p_phone[i], p_verb[i],
						    p_arg[i], p_rest[i],
						    p_hint[i], p_cert[i],
						    p_pin[i]);
					EXCEPTION WHEN OTHERS THEN
						RAISE WARNING 'sms_inbound %: %',
						    p_id[i], SQLERRM;
						SELECT 'error'::text AS status,
						    sms_lang_of(p_phone[i], '')
						    AS lang, NULL::text AS a,
						    NULL::text AS b, NULL::text AS c,
						    NULL::text AS who INTO r;
					END;
				END IF;
				fr[i] := true;
				st[i] := r.status;
				la[i] := r.lang;
				aa[i] := r.a;
				bb[i] := r.b;
				cc[i] := r.c;
				wh[i] := r.who;
			END LOOP;
			EXIT acting;
		EXCEPTION WHEN OTHERS THEN
			-- Everything of this pass is undone; again, each alone.
			each := true;
		END;
	END LOOP;

	-- A row already there was stored by the old two-step path and
	-- never answered: it gets its outcome now.
	-- flags and raw (hex) are empty for a clean message (V0010).
	INSERT INTO sms_inbox AS s (kannel_id, sender, receiver, body, coding,
	    meta, kind, status, lang, a, b, c, handled_at, flags, raw, who)
	    SELECT p_id[t], p_sender[t], p_receiver[t], p_body[t],
	    p_coding[t], p_meta[t], p_kind[t], st[t], la[t], aa[t], bb[t],
	    cc[t], now(), nullif(p_flags[t], ''),
	    decode(nullif(p_raw[t], ''), 'hex'), wh[t] FROM unnest(todo) AS t
	    ON CONFLICT (kannel_id) DO UPDATE SET kind = EXCLUDED.kind,
	    status = EXCLUDED.status, lang = EXCLUDED.lang, a = EXCLUDED.a,
	    b = EXCLUDED.b, c = EXCLUDED.c, handled_at = EXCLUDED.handled_at,
	    who = EXCLUDED.who;

	-- A row each, in the batch's order; a second copy of an id in this
	-- batch answers as the first.
	FOR i IN 1 .. n LOOP
		j := fi[i];
		ord := i;
		fresh := fr[i];
		stored_reply := sr[i];
		status := st[j];
		lang := la[j];
		a := aa[j];
		b := bb[j];
		c := cc[j];
		who := wh[j];
		RETURN NEXT;
	END LOOP;
END;
$$;
