"""courses' rules where they run: in PostgreSQL.  The pass/fail rule is
course_outcome() (courses/sql/R__course_grading.sql), called by
course_complete_check() for every answer and every lesson; these cases
pin it down at its edges."""
import uuid

from hunar_test import sql

# lessons, done, questions, answered, correct, pass mark -> outcome, score
CASES = [
    ((5, 0, 5, 0, 0, 60), ("progress", None)),     # nothing done
    ((5, 5, 5, 4, 4, 60), ("progress", None)),     # one question to answer
    ((5, 4, 5, 5, 5, 60), ("progress", None)),     # one lesson to go
    ((5, 5, 5, 5, 3, 60), ("passed", "60")),       # 60% exactly passes
    ((5, 5, 5, 5, 2, 60), ("failed", "40")),
    ((3, 3, 3, 3, 2, 67), ("failed", "66")),       # rounded down
    ((5, 5, 5, 5, 0, 0), ("passed", "0")),         # no pass mark
    ((5, 5, 0, 0, 0, 100), ("passed", "100")),     # no quizzes
    ((0, 0, 0, 0, 0, 0), ("progress", None)),      # an empty course
    ((5, 5, 3, 3, 7, 100), ("passed", "100")),     # correct capped
    ((5, 5, 3, 3, -1, 1), ("failed", "0")),        # and floored
]


def test_sql_course_outcome_edges():
    for args, want in CASES:
        got = sql("SELECT outcome, score FROM course_outcome("
                  ":'p1', :'p2', :'p3', :'p4', :'p5', :'p6')",
                  *[str(a) for a in args])
        got = (got[0][0], got[0][1] or None)
        assert got == want, (args, got, want)


def test_sql_course_complete_check_unknown_enrolment_is_progress():
    row = sql("SELECT outcome, cert, score FROM "
              "course_complete_check(-1, NULL)")
    assert row[0][0] == "progress" and not row[0][1] and not row[0][2], row


def _enrolment(promoted=True):
    """A learner on SMS (a fresh number) enrolled in the demo's first
    web course (the lesson daemon drips only SMS courses, so it never
    races this test), marked as moved up from the waiting list;
    (id, phone)."""
    ph = "92347%07d" % (uuid.uuid4().int % 10**7)
    sql("INSERT INTO users (phone, name, role, lang, channel) VALUES "
        "(:'p1', 'Drip Learner', 'trainee', 'en', 'sms')", ph)
    eid = sql("INSERT INTO enrolments (user_id, course_id, channel, "
              "promoted) SELECT u.id, (SELECT min(id) FROM courses WHERE "
              "mode <> 'sms'), 'sms', :'p2' FROM users u WHERE "
              "u.phone = :'p1' RETURNING id",
              ph, "true" if promoted else "false")[0][0]
    return eid, ph


def _outbox(ph, kind="course"):
    return sql("SELECT body, dedup_key FROM sms_outbox WHERE phone = :'p1' "
               "AND kind = :'p2' ORDER BY id", ph, kind)


def test_sql_course_promoted_and_done_go_through_the_outbox_once():
    eid, ph = _enrolment()
    got = sql("SELECT course_promoted_sent(:'p1', 'You have a seat')", eid)
    assert got == [["t"]], got
    assert sql("SELECT promoted FROM enrolments WHERE id = :'p1'",
               eid) == [["f"]]
    # Again (a retried daemon): nothing more.
    assert sql("SELECT course_promoted_sent(:'p1', 'You have a seat')",
               eid) == [["f"]]
    assert sql("SELECT course_done_sent(:'p1', 'Passed')", eid) == [["t"]]
    assert sql("SELECT course_done_sent(:'p1', 'Passed')", eid) == [["f"]]
    rows = _outbox(ph)
    assert [r[0] for r in rows] == ["You have a seat", "Passed"], rows
    assert rows[1][1] == "course:%s:done" % eid, rows
    assert rows[0][1].startswith("course:%s:in:" % eid), rows
    # Somebody who said STOP is not told of the seat; the flag still goes.
    eid, ph = _enrolment()
    sql("UPDATE users SET sms_opt_out = true WHERE phone = :'p1'", ph)
    assert sql("SELECT course_promoted_sent(:'p1', 'x')", eid) == [["f"]]
    assert sql("SELECT promoted FROM enrolments WHERE id = :'p1'",
               eid) == [["f"]]
    assert _outbox(ph) == []


def test_sql_course_drip_lock_is_the_lesson_and_quiz_guard():
    eid, ph = _enrolment(promoted=False)
    # At position 0 with no quiz due: a lesson may go, a quiz may not.
    assert sql("SELECT course_drip_lock(:'p1', 0, false) IS NOT NULL",
               eid) == [["t"]]
    assert sql("SELECT course_drip_lock(:'p1', 0, true) IS NULL",
               eid) == [["t"]]
    assert sql("SELECT course_drip_lock(:'p1', 1, false) IS NULL",
               eid) == [["t"]]
    assert sql("SELECT course_quiz_sent(:'p1', 0, 'q', false)",
               eid) == [["stale"]]
    assert sql("SELECT course_lesson_sent(:'p1', 1, 0, 'L1', false, true)",
               eid) == [["sent"]]
    assert sql("SELECT course_drip_lock(:'p1', 1, true) IS NOT NULL",
               eid) == [["t"]]
    assert sql("SELECT course_quiz_sent(:'p1', 1, 'Q1', false)",
               eid) == [["sent"]]
    assert [r[0] for r in _outbox(ph, "lesson") + _outbox(ph, "quiz")] == \
        ["L1", "Q1"]


def test_sql_course_lesson_text_languages_and_stale_translations():
    """course_lesson_text(): a lesson in the learner's language when it
    has it, else in the course's; a copy keeps the languages.  A lesson
    whose text or question changes keeps its other languages (they were
    deleted without a word before): course_text_state() marks them
    'stale' and they are still sent; options that change ('held': the
    right answer may have moved) send the course's language until the
    text is saved again, which makes it 'current'."""
    code = sql("SELECT course_copy('C101', (SELECT trainer_id FROM courses"
               " WHERE code = 'C101'), 'ru', NULL)")[0][0]
    try:
        lid = sql("SELECT l.id FROM lessons l JOIN courses c ON "
                  "c.id = l.course_id WHERE c.code = :'p1' AND "
                  "l.position = 1", code)[0][0]

        def text(lang):
            return sql("SELECT lang, question FROM course_lesson_text("
                       ":'p1', :'p2')", lid, lang)[0]

        def state(lang):
            return sql("SELECT course_text_state(t.written_sms, "
                       "t.written_question, t.written_options, l.body_sms,"
                       " q.question, q.options) FROM lesson_texts t JOIN "
                       "lessons l ON l.id = t.lesson_id LEFT JOIN "
                       "quiz_questions q ON q.lesson_id = l.id WHERE "
                       "l.id = :'p1' AND t.lang = :'p2'", lid, lang)[0][0]
        assert text("ur") == ["ur", "فری لانسر کی قیمت کون طے کرتا ہے؟"]
        assert text("en") == ["en", "Who sets a freelancer's price?"]
        assert text("ru")[0] == "ru"
        assert state("en") == state("ur") == "current"
        # Unchanged saves change nothing; a new SMS text or question
        # keeps them, marked, and still sent.
        sql("UPDATE quiz_questions SET correct = correct WHERE "
            "lesson_id = :'p1'", lid)
        assert state("en") == "current"
        sql("UPDATE lessons SET body_sms = body_sms || ' Shuru karein!' "
            "WHERE id = :'p1'", lid)
        sql("UPDATE quiz_questions SET question = question || ' (1)' "
            "WHERE lesson_id = :'p1'", lid)
        assert state("en") == state("ur") == "stale"
        assert text("en")[0] == "en" and text("ur")[0] == "ur"
        # New options: held back, the course's language goes instead.
        sql("UPDATE quiz_questions SET options = ARRAY['Hukumat', 'Client',"
            " 'Freelancer khud'], correct = 3 WHERE lesson_id = :'p1'", lid)
        assert state("en") == "held"
        assert text("en")[0] == "ru" and text("ur")[0] == "ru"
        assert sql("SELECT count(*) FROM lesson_texts WHERE lesson_id = "
                   ":'p1'", lid)[0][0] == "2"
        # Its trainer saves the English again: current, sent again.
        owner = sql("SELECT trainer_id FROM courses WHERE code = :'p1'",
                    code)[0][0]
        assert sql("SELECT course_lesson_text_save(:'p1', :'p2', 1, 'en', "
                   "'Freelancing is selling your skill.', 'Who sets it?', "
                   "ARRAY['The government', 'The client', 'You'])",
                   owner, code)[0][0] == "ok"
        assert state("en") == "current" and text("en") == [
            "en", "Who sets it?"]
        # A copy keeps what each was written for.
        copy = sql("SELECT course_copy(:'p1', :'p2', 'ru', NULL)", code,
                   owner)[0][0]
        try:
            got = sql("SELECT t.lang, course_text_state(t.written_sms, "
                      "t.written_question, t.written_options, l.body_sms,"
                      " q.question, q.options) FROM lesson_texts t JOIN "
                      "lessons l ON l.id = t.lesson_id JOIN courses c ON "
                      "c.id = l.course_id LEFT JOIN quiz_questions q ON "
                      "q.lesson_id = l.id WHERE c.code = :'p1' AND "
                      "l.position = 1 ORDER BY 1", copy)
            assert got == [["en", "current"], ["ur", "held"]], got
        finally:
            sql("DELETE FROM courses WHERE code = :'p1'", copy)
    finally:
        sql("DELETE FROM courses WHERE code = :'p1'", code)


def test_sql_demo_sms_courses_speak_every_language():
    """Every lesson of the demo's SMS courses (C101, C105, C106) reads in
    English, Roman Urdu and Urdu script, question and options included,
    and fits two SMS with its "C105 1/2: " prefix (306 GSM-7 characters;
    134 UCS-2 in Urdu script).  A new user's walk found C105 in Urdu
    only and C106 in English only."""
    rows = sql("SELECT c.code, l.position, (SELECT count(*) FROM lessons x"
               " WHERE x.course_id = c.id), l.id FROM lessons l JOIN courses"
               " c ON c.id = l.course_id WHERE c.code IN ('C101', 'C105',"
               " 'C106') ORDER BY 1, 2")
    assert len(rows) == 7, rows
    for code, pos, n, lid in rows:
        prefix = "%s %s/%s: " % (code, pos, n)
        for lang in ("en", "ru", "ur"):
            got, body, q, opts = sql(
                "SELECT lang, body_sms, question, array_to_string(options,"
                " '|') FROM course_lesson_text(:'p1', :'p2')", lid, lang)[0]
            assert got == lang, (code, pos, lang, got)
            assert body and q and opts.count("|") == 2, (code, pos, lang)
            urdu = any("\u0600" <= ch <= "\u06ff" for ch in body)
            assert urdu == (lang == "ur"), (code, pos, lang, body)
            limit = 134 if urdu else 306
            assert len(prefix + body) <= limit, (code, pos, lang, body)


def test_sql_course_lesson_text_save_answers_each_case():
    """course_lesson_text_save(): its trainer writes a lesson in another
    language (as many options as the question, none without one); not
    the course's own language, not another trainer; '' removes it."""
    owner = sql("SELECT trainer_id FROM courses WHERE code = 'C101'")[0][0]
    code = sql("SELECT code FROM course_save(:'p1', NULL, 'Texts test', "
               "'', '', '', 'sms', NULL, 'en', 10, NULL, 24, 50, '', true)",
               owner)[0][0]
    try:
        assert sql("SELECT result FROM course_lesson_save(:'p1', :'p2', "
                   "NULL, 'One', '', 'Lesson one', 'Q?', ARRAY['a', 'b', "
                   "'c'], 2)", owner, code)[0][0] == "ok"
        other = sql("SELECT id FROM users WHERE role = 'trainer' AND "
                    "id <> :'p1' LIMIT 1", owner)[0][0]
        admin = sql("SELECT id FROM users WHERE role = 'admin' LIMIT 1")[0][0]

        def save(user, pos, lang, body, q, opts):
            return sql("SELECT course_lesson_text_save(:'p1', :'p2', "
                       ":'p3', :'p4', NULLIF(:'p5', ''), NULLIF(:'p6', ''), "
                       "string_to_array(:'p7', '|'))", user, code, pos,
                       lang, body, q, opts)[0][0]
        opts = "Jawab 1|Jawab 2|Jawab 3"
        assert save(owner, 1, "ru", "Sabaq", "Sawal?", opts) == "ok"
        assert save(owner, 1, "ru", "Sabaq 2", "Sawal?", opts) == "ok"
        assert save(admin, 1, "ur", "سبق", "سوال؟", opts) == "ok"
        assert save(other, 1, "ru", "Sabaq", "Sawal?", opts) == "forbidden"
        assert save(owner, 1, "en", "Lesson", "Q?", opts) == "same_lang"
        assert save(owner, 99, "ru", "Sabaq", "Sawal?", opts) == \
            "not_found"
        assert save(owner, 1, "xx", "Sabaq", "Sawal?", opts) == "not_found"
        assert save(owner, 1, "ru", "Sabaq", "Sawal?",
                    opts + "|Aur") == "bad_quiz"
        assert save(owner, 1, "ru", "Sabaq", "", opts) == "bad_quiz"
        got = sql("SELECT t.lang, t.body_sms FROM lesson_texts t JOIN "
                  "lessons l ON l.id = t.lesson_id JOIN courses c ON "
                  "c.id = l.course_id WHERE c.code = :'p1' AND "
                  "l.position = 1 ORDER BY 1", code)
        assert got == [["ru", "Sabaq 2"], ["ur", "سبق"]], got
        assert save(owner, 1, "ur", "", "", "") == "ok"
        assert sql("SELECT count(*) FROM lesson_texts t JOIN lessons l ON "
                   "l.id = t.lesson_id JOIN courses c ON c.id = "
                   "l.course_id WHERE c.code = :'p1' AND l.position = 1",
                   code)[0][0] == "1"
    finally:
        sql("DELETE FROM courses WHERE code = :'p1'", code)


def test_sql_course_save_takes_skill_names_in_each_language():
    """The trainer's walk: the course editor's skill field took slugs or
    English names only, and a trainer reading Urdu script could not
    guess them.  It lists every skill's name in her language
    (course_skill_name()) and course_save() takes each."""
    owner = sql("SELECT trainer_id FROM courses WHERE code = 'C101'")[0][0]
    code, unknown = sql(
        "SELECT code, unknown FROM course_save(:'p1', NULL, 'Names test', "
        "'', '', '', 'sms', NULL, 'ur', 10, NULL, 24, 50, :'p2', false)",
        owner, "فری لانسنگ کی بنیاد، Canva, Freelancing ki bunyaad, "
        "no such skill")[0]
    try:
        assert unknown == "no such skill", unknown
        got = sql("SELECT string_agg(s.slug, ',' ORDER BY s.slug) FROM "
                  "course_skills cs JOIN skills s ON s.id = cs.skill_id "
                  "JOIN courses c ON c.id = cs.course_id WHERE c.code = "
                  ":'p1'", code)[0][0]
        assert got == "canva,freelancing-basics", got
        assert sql("SELECT course_skill_name('ur', name_en, name_ru, "
                   "name_ur) FROM skills WHERE slug = 'canva'")[0][0] == \
            "کینوا"
    finally:
        sql("DELETE FROM courses WHERE code = :'p1'", code)
