-- infra (issue 13): each plain program says it is alive.  The daemons
-- (hunar_sender, hunar_lessons, hunar_matcher) upsert their row every few
-- seconds through infra_pgd_beat() (infra/infra_pgd.c); /healthz reports
-- each one's age and names a daemon whose beat is older than
-- HUNAR_HEARTBEAT_STALE_S (30) as down.  A killed daemon used to go
-- unnoticed: /healthz stayed ok and the outbox stayed queued.

CREATE TABLE daemon_heartbeat (
	name		text PRIMARY KEY,
	pid		int NOT NULL,
	started_at	timestamptz NOT NULL DEFAULT now(),
	beat_at		timestamptz NOT NULL DEFAULT now()
);
