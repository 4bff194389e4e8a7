-- web (issue 11): a profile lists every language Pakistanis write in, not
-- only six: Urdu, English, Punjabi, Sindhi, Pashto, Balochi, Saraiki,
-- Hindko, Brahui, Shina, Balti (ISO 639 codes; names in web/web_langs.c).

ALTER TABLE user_languages DROP CONSTRAINT IF EXISTS user_languages_lang_check;
ALTER TABLE user_languages ADD CONSTRAINT user_languages_lang_check
    CHECK (lang IN ('ur', 'en', 'pa', 'sd', 'ps', 'bal', 'skr', 'hno', 'brh',
    'scl', 'bft'));
