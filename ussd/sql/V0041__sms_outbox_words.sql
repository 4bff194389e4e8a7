-- Issue 12: the outbox's words render in C (hunar_sender, through
-- ussd_outbox_text()), SQL keeps the data.  text_key: a message queued by
-- its key in ussd_text.c's table rather than by its body (JOIN's
-- optional question, sms_about_ask()); text_lang: the language it is
-- worded in (the key's, and the prefix's); for_name: the person it is
-- for on a shared number, "For Ayesha: " before the body as it goes
-- (sms_outbox_for()).  Rows queued before keep their body as it was.
ALTER TABLE sms_outbox ADD COLUMN text_key text,
    ADD COLUMN text_lang text, ADD COLUMN for_name text;
