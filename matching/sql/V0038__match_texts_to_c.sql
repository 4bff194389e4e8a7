-- Offers' and skill gaps' words are rendered in C now
-- (matching/match_text.c), as every other reply: the SQL copies of the
-- texts go, and the functions that returned text return data
-- (R__match_offers.sql, R__skill_gap.sql create their new forms).
DROP FUNCTION IF EXISTS match_text(text, text, text, text);
DROP FUNCTION IF EXISTS match_cut(text, int, text);
DROP FUNCTION IF EXISTS match_offer_text(text, text, text, text, int, text);
DROP FUNCTION IF EXISTS match_offer(bigint, bigint, bigint);
DROP FUNCTION IF EXISTS offer_answer(text, boolean, text);
DROP FUNCTION IF EXISTS skill_gap(text, text);
