-- The USSD menu's YES/NO reach matching through the verb table now
-- (ussd_act(), ussd/sql/R__sms_verbs.sql), as match_ussd()
-- (R__match_offers.sql); the function ussd_fetch() called itself goes.
DROP FUNCTION IF EXISTS offer_answer_ussd(text, bigint, bigint, boolean);
