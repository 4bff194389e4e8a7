-- programmes (issue 14): an erasure reaches Redis too.  prog_forget()
-- leaves the number and the user id here, in the same transaction as
-- the deletion ('' for a shared number's person: the number and its
-- keys stay with its other people); hunar_rollup (woken by NOTIFY
-- prog_due) removes every Redis key that holds them -- sessions, the
-- USSD session, rate limits, login codes -- and only then this row.  So a Redis outage delays the
-- clean-up but never loses it; the row lives seconds.
CREATE TABLE prog_forget_traces (
	id		bigserial PRIMARY KEY,
	phone		text NOT NULL,
	user_id		bigint NOT NULL,
	at		timestamptz NOT NULL DEFAULT now()
);
