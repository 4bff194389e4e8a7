-- places (issue 10): every district of Pakistan found the way people say
-- it.  The districts come from places/districts.tsv (infra/migrate loads
-- it through place_load() after the migrations); each name, alias, city
-- and tehsil is kept here with its key (place_key(), places/sql/R__places.sql).
-- levenshtein_less_equal() is fuzzystrmatch's (PostgreSQL contrib).
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

CREATE TABLE district_aliases (
	district_id	integer NOT NULL REFERENCES districts(id),
	alias		text NOT NULL,
	key		text NOT NULL,
	PRIMARY KEY (key, district_id)
);

-- JOIN asked "which district?" (Karachi: 7); the answer completes it.
CREATE TABLE join_pending (
	phone		text PRIMARY KEY,
	name		text NOT NULL,
	lang		text NOT NULL,
	choices		integer[] NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now()
);

-- JOIN's old exact-name lookup, replaced by place_split().
DROP FUNCTION IF EXISTS sms_join_split(text);
