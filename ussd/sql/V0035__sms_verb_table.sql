-- The verb table (R__sms_verbs.sql) says which verbs anyone on a shared
-- number may use; sms_public_verb() said it by the parser's kind.
DROP FUNCTION IF EXISTS sms_public_verb(text, text);
