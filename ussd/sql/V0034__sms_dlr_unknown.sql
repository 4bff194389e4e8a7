-- Delivery reports for an outbox row that does not exist, counted
-- (sms_dlr_batch(), /metrics' hunar_sms_dlr_unknown_total): such a
-- report is answered 200 and dropped, so the count is all that is left
-- of it.  A sequence, not a row: batches count without waiting on each
-- other's lock.
CREATE SEQUENCE sms_dlr_unknown;
