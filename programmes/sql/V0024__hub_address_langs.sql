-- programmes: a hub's address in Roman Urdu and in Urdu script beside the
-- English one (address), for SMS HUB, USSD "Hubs near me" and the web in
-- the reader's language; '' falls back to the English address.
ALTER TABLE prog_hubs
	ADD COLUMN address_ru	text NOT NULL DEFAULT ''
	    CHECK (length(address_ru) <= 200),
	ADD COLUMN address_ur	text NOT NULL DEFAULT ''
	    CHECK (length(address_ur) <= 200);

-- The form's row and the save take the two fields: new shapes, so the
-- old definitions go (programmes/sql/R__prog_forms.sql makes them again).
DROP FUNCTION IF EXISTS prog_hub_form(bigint, integer, text);
DROP FUNCTION IF EXISTS prog_hub_save(bigint, integer, text, integer, text,
    text, text, text, text, text, boolean, text, boolean);
