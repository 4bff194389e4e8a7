-- ussd (issue 13): what /healthz says of the outbox, as name/value facts.
-- infra's /healthz (infra/infra_health.c) reads health_facts and names
-- no domain table; the facts are the domain's to choose.
--   outbox_queued            rows waiting to be handed to Kannel
--   outbox_oldest_due_age_s  age of the oldest one that is due now (rows
--                            held for quiet hours are not due)
CREATE OR REPLACE VIEW health_facts (name, value) AS
	SELECT 'outbox_queued'::text, count(*)::bigint
	    FROM sms_outbox WHERE status = 'queued'
	UNION ALL
	SELECT 'outbox_oldest_due_age_s'::text, coalesce(extract(epoch FROM
	    now() - min(created_at))::bigint, 0)
	    FROM sms_outbox WHERE status = 'queued' AND not_before <= now();
