-- programmes: a hub's name in Roman Urdu beside the English and the Urdu
-- script ones (a Roman Urdu reader met "Mingora Youth Hub" on SMS HUB,
-- USSD "Qareebi markaz" and /hubs); '' falls back to the English name.
ALTER TABLE prog_hubs
	ADD COLUMN name_ru	text NOT NULL DEFAULT ''
	    CHECK (length(name_ru) <= 80);

-- The form's row and the save take the field: new shapes, so the old
-- definitions go (programmes/sql/R__prog_forms.sql makes them again).
DROP FUNCTION IF EXISTS prog_hub_form(bigint, integer, text);
DROP FUNCTION IF EXISTS prog_hub_save(bigint, integer, text, integer, text,
    text, text, text, text, text, boolean, text, boolean, text, text);
