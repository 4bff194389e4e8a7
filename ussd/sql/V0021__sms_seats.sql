-- ussd (issue 14, shared phones): a person is no longer a phone number.
-- One phone often serves a family (women own phones far less often than
-- men), so several learners may share a number, each with a name and a
-- 4-digit PIN.
--
-- users.phone stays the number's first person (unique, the web login);
-- the others on the number have users.phone NULL and reach it through
-- sms_seats, which lists every person of a shared number: seat 1 the
-- first, 2.. those added.  A number with one learner has no seat rows
-- and behaves as before.

ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;

-- pin_hash: argon2id (libsodium crypto_pwhash) of the PIN, hex, salted by
-- the number (ussd/ussd_seat.c says why), "a2id1$" first.
CREATE TABLE sms_seats (
	phone		text NOT NULL CHECK (phone ~ '^92[0-9]{10}$'),
	seat		smallint NOT NULL CHECK (seat BETWEEN 1 AND 9),
	user_id		bigint NOT NULL UNIQUE
			    REFERENCES users(id) ON DELETE CASCADE,
	pin_hash	text CHECK (pin_hash ~ '^a2id1\$[0-9a-f]{64}$'),
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (phone, seat)
);

-- Who is using a shared number now: picked with their PIN, for a
-- window that each message from the number extends.
CREATE TABLE sms_picks (
	phone		text PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	until		timestamptz NOT NULL
);

-- ADD name in progress: the new person's name, waiting for the PINs
-- (step own_pin: the one adding has none yet; new_pin: the new person's).
CREATE TABLE sms_seat_adds (
	phone		text PRIMARY KEY,
	by_user		bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name		text NOT NULL CHECK (length(name) BETWEEN 2 AND 40),
	step		text NOT NULL CHECK (step IN ('own_pin', 'new_pin')),
	at		timestamptz NOT NULL DEFAULT now()
);

-- The person a message is for (NULL: the number's own, as before): the
-- outbox names them on a shared number and finds their number.
ALTER TABLE sms_outbox ADD COLUMN user_id bigint;

-- The person a reply was for (their name on a shared number), so a
-- retried callback is answered the same.
ALTER TABLE sms_inbox ADD COLUMN who text;

-- sms_act() and sms_inbound_batch() answer that person too, and the
-- batch takes each message's PIN hash (R__sms_inbound.sql).
DROP FUNCTION IF EXISTS sms_inbound_batch(text[], text[], text[], text[],
    smallint[], text[], text[], text[], text[], text[], text[], text[],
    text[], text[], text[]);
DROP FUNCTION IF EXISTS sms_act(text, text, text, text, text, text, text);
