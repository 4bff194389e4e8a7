-- The SMS channel's figures for /metrics (metrics_rows() calls this).
-- Recent windows are bounded by the primary key (the newest 50,000 rows:
-- 200 MO/s for a minute is 12,000), so a scrape never scans the tables.
CREATE OR REPLACE FUNCTION sms_metrics()
RETURNS TABLE (name text, type text, help text, labels text,
    value double precision)
LANGUAGE sql STABLE AS $$
	SELECT 'hunar_sms_mo_last_minute', 'gauge',
	    'Inbound SMS stored in the last minute.', '', count(*)::float8
	    FROM sms_inbox WHERE id > (SELECT coalesce(max(id), 0) - 50000
	    FROM sms_inbox) AND received_at > now() - interval '1 minute'
	UNION ALL
	SELECT 'hunar_sms_mt_last_minute', 'gauge',
	    'SMS handed to Kannel in the last minute.', '', count(*)::float8
	    FROM sms_outbox WHERE id > (SELECT coalesce(max(id), 0) - 50000
	    FROM sms_outbox) AND sent_at > now() - interval '1 minute'
	UNION ALL
	SELECT 'hunar_sms_outbox_queued', 'gauge',
	    'SMS waiting in the outbox (quiet hours and retries included).',
	    '', count(*)::float8 FROM sms_outbox WHERE status = 'queued'
	UNION ALL
	SELECT 'hunar_sms_outbox_oldest_seconds', 'gauge',
	    'Age of the oldest queued SMS.', '',
	    coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
	    FROM sms_outbox WHERE status = 'queued'
	UNION ALL
	SELECT 'hunar_sms_dlr_last_hour', 'gauge',
	    'Delivery reports of the last hour, by Kannel state.',
	    'state="' || state || '"', count(*)::float8
	    FROM sms_dlr WHERE id > (SELECT coalesce(max(id), 0) - 200000
	    FROM sms_dlr) AND received_at > now() - interval '1 hour'
	    GROUP BY state
	UNION ALL
	SELECT 'hunar_sms_dlr_unapplied', 'gauge',
	    'Delivery reports recorded and not yet applied to their SMS.',
	    '', count(*)::float8 FROM sms_dlr WHERE NOT applied
	UNION ALL
	SELECT 'hunar_sms_dlr_unknown_total', 'counter',
	    'Delivery reports for no outbox row, answered 200 and dropped.',
	    '', (CASE WHEN is_called THEN last_value ELSE 0 END)::float8
	    FROM sms_dlr_unknown
$$;
