-- ussd (issue 10): what a person chose by SMS sticks, and lists page.

-- The language a number chose before it registered (LANG UR, then JOIN):
-- JOIN takes it, and until then every reply uses it.
CREATE TABLE sms_prefs (
	phone		text PRIMARY KEY CHECK (phone ~ '^92[0-9]{10}$'),
	lang		text NOT NULL CHECK (lang IN ('en', 'ru', 'ur')),
	updated_at	timestamptz NOT NULL DEFAULT now()
);

-- The last list a number was shown (COURSES, GIGS, STATUS) and where the
-- next page starts: MORE reads it.  One row per number, overwritten.
CREATE TABLE sms_pages (
	phone		text PRIMARY KEY,
	verb		text NOT NULL CHECK (verb IN ('COURSES', 'GIGS',
			    'STATUS')),
	arg		text NOT NULL DEFAULT '',
	next_off	int NOT NULL CHECK (next_off >= 0),
	shown_at	timestamptz NOT NULL DEFAULT now()
);

-- Age band, asked optionally by JOIN and the USSD registration with the
-- gender (users.gender), for the programme's statistics only: no page or
-- API an employer reads shows either.
ALTER TABLE users ADD COLUMN age_band text
    CHECK (age_band IN ('u18', '18-24', '25-34', '35+'));
