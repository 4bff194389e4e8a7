-- Delivery reports are taken in two steps (issue 15): /sms/dlr records
-- each report in sms_dlr and answers smsbox at once (sms_dlr_take()),
-- and the outbox rows follow a moment later (sms_dlr_apply()), so smsbox
-- never waits on the locks the senders hold on those rows.  applied
-- says whether a report has reached its outbox row yet; the reports
-- recorded before this had all reached it.
ALTER TABLE sms_dlr ADD COLUMN applied boolean NOT NULL DEFAULT true;
CREATE INDEX sms_dlr_unapplied ON sms_dlr (id) WHERE NOT applied;
