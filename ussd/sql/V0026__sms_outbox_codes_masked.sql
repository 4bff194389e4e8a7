-- Code rows decided before R__sms_outbox_codes.sql's trigger kept their
-- codes readable for good: masked the same way (four or more digits).
UPDATE sms_outbox SET body = regexp_replace(body, '[0-9]{4,}', '******', 'g')
    WHERE kind = 'otp' AND status NOT IN ('queued', 'sending')
    AND body ~ '[0-9]{4}';
