-- ussd: sms_offer_answer() was removed from 0200_sms.sql without a DROP
-- (c0d70e4); a database migrated before then still has it.  YES/NO go to
-- matching's offer_answer() (matching/sql/R__match_offers.sql).

DROP FUNCTION IF EXISTS sms_offer_answer(bigint, boolean);
