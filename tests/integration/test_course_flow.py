"""Issue 4: courses through the real stack -- an SMS-only learner from
ENROLL to a verified certificate through fakesmsc, the same course kind
taken on the web, capacity and waitlist, the trainer's editor API and
view, a lesson written in a learner's other language on the web and
sent to that learner, and a lesson daemon that can run twice without
sending twice."""
import json as jsonlib
import os
import re
import signal
import subprocess
import time
import uuid

from hunar_test import (ENV, FAKESMSC, ROOT, SHORTCODE, get, http, post,
                        sql, sql1, wait_for)
from test_ussd__lib import Collector, mo
from test_web__lib import Browser, intl, redis

SEED_LOGIN = "923000000002"	# its password hash serves the test users
_PEOPLE = {}
_TOKENS = {}


def _person(role, key, name="Test Trainer", district="Lahore", gender="f"):
    """A user of this run (fresh numbers: the login rate limit counts per
    number), password "hunar-demo"; returns the phone."""
    if key in _PEOPLE:
        return _PEOPLE[key]
    ph = "92346%07d" % (uuid.uuid4().int % 10**7)
    sql("INSERT INTO users (phone, name, role, lang, district_id, gender, "
        "password_hash, channel) SELECT :'p1', :'p2', :'p3', 'en', "
        "(SELECT id FROM districts WHERE name_en = :'p4'), :'p5', "
        "password_hash, 'web' FROM users WHERE phone = :'p6'",
        ph, name, role, district, gender, SEED_LOGIN)
    _PEOPLE[key] = ph
    return ph


def _trainer():
    return _person("trainer", "trainer")


def _phone():
    return "92345%07d" % (uuid.uuid4().int % 10**7)


def _phone_session(ph, text, want, timeout=25):
    """Connects fakesmsc as the phone `ph`, sends `text` (or nothing),
    and gathers every message for `ph`, whole (test_ussd__lib.Collector),
    until want(messages) holds or the time is up; returns the messages."""
    args = ["stdbuf", "-oL", "-eL", FAKESMSC, "-H", "127.0.0.1", "-r",
            ENV["HUNAR_FAKESMSC_PORT"], "-i", "0.1"]
    if text is None:
        args += ["-m", "0", "%s %s text x" % (SHORTCODE, ph)]
    else:
        args += ["-m", "1", "%s %s text %s" % (ph, SHORTCODE, text)]
    p = subprocess.Popen(args, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    os.set_blocking(p.stdout.fileno(), False)
    got, buf, col = [], "", Collector(ph)
    deadline = time.time() + timeout
    while time.time() < deadline and not want(got):
        try:
            chunk = p.stdout.read()
        except (BlockingIOError, TypeError):
            chunk = None
        if not chunk:
            time.sleep(0.05)
            continue
        buf += chunk
        while "\n" in buf:
            line, buf = buf.split("\n", 1)
            col.feed(line)
        got = [m["text"] for m in col.done]
    os.killpg(p.pid, signal.SIGTERM)
    p.wait()
    return got


def _has(sub):
    return lambda msgs: any(sub in m for m in msgs)


def _trainer_id():
    return sql1("SELECT id FROM users WHERE phone = :'p1'", _trainer())


def _course(mode, capacity=50, lessons=2, pass_mark=50):
    """A fresh course of `lessons` lessons, each with a question whose
    right answer is B; returns its code."""
    code = sql1("SELECT code FROM course_save(:'p1', NULL, :'p2', '', "
                "'Integration test course', '', :'p3', NULL, 'en', "
                ":'p4', NULL, 24, :'p5', 'python, data-entry', true)",
                _trainer_id(), "Test course %s" % uuid.uuid4().hex[:6],
                mode, capacity, pass_mark)
    for i in range(1, lessons + 1):
        r = sql1("SELECT result FROM course_lesson_save(:'p1', :'p2', "
                 "NULL, :'p3', 'Web body of lesson', :'p4', :'p5', "
                 "ARRAY['Alpha', 'Bravo', 'Charlie'], 2)",
                 _trainer_id(), code, "Lesson %d" % i,
                 "Lesson %d by SMS: short and clear." % i,
                 "Question %d: pick Bravo" % i)
        assert r == "ok", r
    return code


def _state(ph, code):
    rows = sql("SELECT e.sent_pos, e.quiz_state, e.status, e.id "
               "FROM enrolments e JOIN users u ON u.id = e.user_id "
               "JOIN courses c ON c.id = e.course_id "
               "WHERE u.phone = :'p1' AND c.code = :'p2'", ph, code)
    return rows[0] if rows else None


def test_course_sms_learner_enroll_to_verified_certificate():
    code = _course("sms")
    ph = _phone()
    got = _phone_session(ph, "JOIN Amina Swat", lambda m: len(m) >= 1)
    assert got, "no reply to JOIN"
    assert sql1("SELECT count(*) FROM users WHERE phone = :'p1'", ph) == "1"
    sql("UPDATE users SET lang = 'en' WHERE phone = :'p1'", ph)

    got = _phone_session(ph, "ENROLL " + code.lower(), _has("Enrolled in"))
    assert _has("Enrolled in %s" % code)(got), got
    got = _phone_session(ph, "ENROLL " + code, _has("already in"))
    assert _has("already in %s" % code)(got), got

    cert = None
    for pos in (1, 2):
        # The daemon sends on the cadence (lesson 1 at once, in the day);
        # NEXT asks for it now, quiet hours or not.
        st = _state(ph, code)
        lesson = "%s %d/2:" % (code, pos)
        if int(st[0]) < pos:
            got = _phone_session(ph, "NEXT", _has(lesson))
        else:
            got = _phone_session(ph, None, _has(lesson))
        assert _has(lesson)(got), (pos, got)
        st = wait_for(lambda: (lambda s: s if s[1] != "none" else None)(
            _state(ph, code)), timeout=5)
        quiz = "Q%d: Question %d" % (pos, pos)
        if st[1] == "due":
            got = _phone_session(ph, "NEXT", _has(quiz))
        else:
            got = _phone_session(ph, None, _has(quiz))
        assert _has(quiz)(got), (pos, got)
        assert _state(ph, code)[1] == "sent"

        # REPEAT sends the lesson again as the reply, and the question
        # waiting for its answer with it (as NEXT asks it again).
        got = _phone_session(ph, "REPEAT", _has("Reply A-C"))
        assert any(lesson in m and quiz in m and "Reply A-C" in m
                   for m in got), got
        # An option the question lacks is re-prompted, not graded.
        got = _phone_session(ph, "d", _has("Please answer"))
        assert _has("Please answer A, B or C")(got), got
        answer = "b" if pos == 1 else "2"
        got = _phone_session(ph, answer, _has("Correct!"))
        assert _has("Correct! B is right.")(got), got
        for m in got:
            mm = re.search(r"VERIFY ([0-9A-Z]{10})", m)
            if mm:
                cert = mm.group(1)

    assert cert, "no certificate code in the last feedback"
    assert _state(ph, code)[2] == "completed"
    got = _phone_session(ph, "VERIFY " + cert.lower(), _has("is valid"))
    assert _has("Certificate %s is valid: Amina" % cert)(got), got
    r = get("/verify/" + cert)
    assert r.status == 200 and "Amina" in r.text and code in r.text, r.status
    r = get("/api/v1/verify/" + cert)
    assert r.status == 200 and r.json()["course_code"] == code
    # The course's skills are on the profile now, certified.
    assert sql1("SELECT count(*) FROM user_skills us JOIN users u ON "
                "u.id = us.user_id JOIN skills s ON s.id = us.skill_id "
                "WHERE u.phone = :'p1' AND us.certified AND s.slug IN "
                "('python', 'data-entry')", ph) == "2"
    # Each lesson and quiz went out exactly once.
    assert sql1("SELECT count(*) FROM sms_outbox WHERE phone = :'p1' AND "
                "kind IN ('lesson', 'quiz')", ph) == "4"


def test_course_verify_refuses_mistyped_and_unknown_codes():
    ph = _phone()
    got = _phone_session(ph, "VERIFY ABCDE12345", _has("ertificate"))
    assert got and ("mistyped" in got[0] or "No certificate" in got[0]), got
    assert get("/verify/ABC").status == 400
    assert get("/api/v1/verify/ABC").json()["status"] == "mistyped"
    # A well-formed code (check symbol right) that was never issued.
    fake = sql1("SELECT left(c, 9) || course_cert_check(left(c, 9)) FROM "
                "(SELECT course_cert_gen() AS c) x")
    assert get("/verify/" + fake).status == 404


def _login(phone):
    if phone not in _TOKENS:
        r = post("/api/v1/session", json={"phone": phone,
                                          "password": "hunar-demo"})
        assert r.status == 200, r.text
        _TOKENS[phone] = {"Authorization": "Bearer " + r.json()["token"]}
    return _TOKENS[phone]


def _trainee(name="Web Learner", district="Lahore", gender="f"):
    ph = _person("trainee", uuid.uuid4().hex, name, district, gender)
    return ph, _login(ph)


def test_course_taken_on_the_web():
    code = _course("online")
    ph, auth = _trainee()
    r = get("/api/v1/courses?q=" + code, headers=auth)
    assert r.status == 200
    assert [c["code"] for c in r.json()["courses"]] == [code]
    # Lessons stay closed until enrolled.
    assert get("/api/v1/courses/%s/lessons/1" % code,
               headers=auth).status == 403
    r = post("/api/v1/courses/%s/enroll" % code, headers=auth, json={})
    assert r.status == 201 and r.json()["status"] == "enrolled", r.text
    r = post("/api/v1/courses/%s/enroll" % code, headers=auth, json={})
    assert r.status == 200 and r.json()["status"] == "already", r.text
    # In order: lesson 2 is locked before lesson 1 was opened.
    assert get("/api/v1/courses/%s/lessons/2" % code,
               headers=auth).status == 409
    cert = None
    for pos in (1, 2):
        r = get("/api/v1/courses/%s/lessons/%d" % (code, pos), headers=auth)
        assert r.status == 200, r.text
        assert r.json()["question"] == "Question %d: pick Bravo" % pos
        r = post("/api/v1/courses/%s/lessons/%d/answer" % (code, pos),
                 headers=auth, json={"answer": "A" if pos == 1 else "B"})
        assert r.status == 200, r.text
        j = r.json()
        assert j["status"].startswith("wrong" if pos == 1 else "correct"), j
        # Answering twice changes nothing.
        r = post("/api/v1/courses/%s/lessons/%d/answer" % (code, pos),
                 headers=auth, json={"answer": "B"})
        assert r.json()["status"] == "answered", r.text
        cert = j["certificate"] or cert
    # 1 of 2 right = 50% = the pass mark.
    assert cert and len(cert) == 10, cert
    r = get("/api/v1/courses/" + code, headers=auth)
    e = r.json()["enrolment"]
    assert e["status"] == "completed" and e["certificate"] == cert, e
    assert (e["lessons_done"], e["correct"], e["questions"]) == (2, 1, 2)
    r = get("/courses/" + code, headers=auth)
    assert r.status == 200 and ("/verify/" + cert) in r.text
    assert get("/api/v1/verify/" + cert).json()["status"] == "valid"


def test_course_below_pass_mark_gets_no_certificate():
    code = _course("online", pass_mark=100)
    ph, auth = _trainee()
    post("/api/v1/courses/%s/enroll" % code, headers=auth, json={})
    for pos in (1, 2):
        get("/api/v1/courses/%s/lessons/%d" % (code, pos), headers=auth)
        r = post("/api/v1/courses/%s/lessons/%d/answer" % (code, pos),
                 headers=auth, json={"answer": "C"})
    assert r.json()["status"] == "wrong+failed", r.text
    assert sql1("SELECT count(*) FROM certificates ce JOIN users u ON "
                "u.id = ce.user_id WHERE u.phone = :'p1'", ph) == "0"


def test_course_capacity_and_waitlist():
    code = _course("online", capacity=1)
    a_ph, a = _trainee("First Learner", "Quetta", "m")
    b_ph, b = _trainee("Second Learner", "Swat", "f")
    c_ph, c = _trainee("Third Learner", "Swat", "f")
    assert post("/api/v1/courses/%s/enroll" % code, headers=a,
                json={}).json()["status"] == "enrolled"
    r = post("/api/v1/courses/%s/enroll" % code, headers=b, json={})
    assert r.json() == {"status": "waitlisted", "code": code, "info": "1"}
    r = post("/api/v1/courses/%s/enroll" % code, headers=c, json={})
    assert r.json()["info"] == "2"
    r = post("/api/v1/courses/%s/enroll" % code, headers=b, json={})
    assert r.json()["status"] == "already"
    assert r.json()["info"] == "waitlisted #1"
    # The first leaves: the longest waiting moves up, the third waits on.
    r = post("/api/v1/courses/%s/leave" % code, headers=a, json={})
    assert r.json()["status"] == "left", r.text
    st = dict(sql("SELECT u.phone, e.status FROM enrolments e JOIN users u "
                  "ON u.id = e.user_id JOIN courses co ON co.id = "
                  "e.course_id WHERE co.code = :'p1'", code))
    assert st == {a_ph: "withdrawn", b_ph: "active", c_ph: "waitlisted"}, st
    # Leaving twice says so; SMS enrolment sees the same full course.
    r = post("/api/v1/courses/%s/leave" % code, headers=a, json={})
    assert r.json()["status"] == "not_enrolled"
    # The trainer's view counts them by district and gender.
    r = get("/api/v1/courses/%s/learners" % code, headers=_login(_trainer()))
    assert r.status == 200, r.text
    rows = {(x["district"], x["gender"]): x for x in r.json()["breakdown"]}
    assert rows[("Swat", "f")]["enrolled"] == "2" or \
        rows[("Swat", "f")]["enrolled"] == 2, rows
    assert len(r.json()["learners"]) == 2
    # Another trainer may not look.
    other = _login(_person("trainer", "other"))
    assert get("/api/v1/courses/%s/learners" % code,
               headers=other).status == 403


def test_course_editor_api_refuses_three_part_sms_and_strangers():
    auth = _login(_trainer())
    r = post("/api/v1/courses", headers=auth,
             json={"title_en": "Editor test", "mode": "sms", "lang": "ur",
                   "capacity": 10, "skills": ["wordpress", "no-such"]})
    assert r.status == 201, r.text
    code = r.json()["code"]
    assert r.json()["unknown_skills"] == ["no-such"]
    r = post("/api/v1/courses/%s/lessons" % code, headers=auth,
             json={"title": "Long", "body_sms": "x" * 300})
    assert r.status == 422 and "3, plain letters" in r.json()["error"][
        "fields"]["body_sms"], r.text
    # Urdu as \\u escapes (decoded by the one body reader) and as UTF-8.
    r = post("/api/v1/courses/%s/lessons" % code, headers=auth,
             json={"title": "Urdu", "body_sms": "\u0628" * 130})
    assert r.status == 422 and "Urdu or special letters" in r.text, r.text
    r = post("/api/v1/courses/%s/lessons" % code, headers=dict(
        auth, **{"Content-Type": "application/json"}),
        body=jsonlib.dumps({"title": "Urdu", "body_sms": "\u0628" * 130},
                           ensure_ascii=False))
    assert r.status == 422 and "Urdu or special letters" in r.text, r.text
    r = post("/api/v1/courses/%s/lessons" % code, headers=dict(
        auth, **{"Content-Type": "application/json"}),
        body=jsonlib.dumps({"title": "Fits", "body_sms": "\u0628" * 120,
                            "question": "Q?", "options": ["x", "y"],
                            "correct": 1}, ensure_ascii=False))
    assert r.status == 201, r.text
    r = post("/api/v1/courses/%s/lessons" % code, headers=auth,
             json={"title": "Bad quiz", "body_sms": "ok",
                   "question": "Q?", "options": ["x", "y"], "correct": 3})
    assert r.status == 422 and "correct" in r.json()["error"]["fields"]
    # Another trainer, a trainee and nobody may not edit it.
    for h in (_login(_person("trainer", "other")), _trainee()[1], {}):
        r = http("PUT", "/api/v1/courses/%s/lessons/1" % code, headers=h,
                 json={"title": "Mine", "body_sms": "hi"})
        assert r.status in (401, 403), (h, r.status)
    assert sql1("SELECT title FROM lessons l JOIN courses c ON "
                "c.id = l.course_id WHERE c.code = :'p1'", code) == "Fits"
    # The editor page shows each lesson's part count and what it is
    # written in, in a trainer's words (not GSM-7 and UCS-2).
    r = get("/trainer/courses/" + code, headers=auth)
    assert r.status == 200 and "(Urdu or special letters, " in r.text, \
        r.status
    assert "UCS-2" not in r.text and "GSM-7" not in r.text


def _lessons_bin():
    build = os.environ.get("HUNAR_BUILD", "build")
    return os.path.join(ROOT, build, "bin", "hunar_lessons")


def test_course_daemon_twice_sends_once():
    """Restart safety: extra one-shot passes beside the running daemon
    (as after a crash and restart) neither skip nor double a lesson."""
    code = _course("sms", lessons=1)
    ph = _phone()
    sql("INSERT INTO users (phone, name, role, lang, channel) VALUES "
        "(:'p1', 'Daemon Test', 'trainee', 'en', 'sms')", ph)
    assert sql1("SELECT status FROM course_sms(:'p1', 'ENROLL', :'p2')",
                ph, code) == "enrolled"
    sql("SELECT course_sms(:'p1', 'NEXT', '')", ph)
    env = dict(os.environ, HUNAR_PG_PORT=ENV["HUNAR_PG_PORT"],
               HUNAR_QUIET_HOURS="off")
    procs = [subprocess.Popen([_lessons_bin(), "-1"], env=env,
                              stdout=subprocess.DEVNULL)
             for _ in range(3)]
    for p in procs:
        assert p.wait(timeout=30) == 0
    assert wait_for(lambda: sql1(
        "SELECT count(*) FROM sms_outbox WHERE phone = :'p1' AND "
        "kind = 'lesson'", ph) == "1", timeout=10)
    # The quiz follows (NEXT again), once, whatever runs it.
    sql("SELECT course_sms(:'p1', 'NEXT', '')", ph)
    procs = [subprocess.Popen([_lessons_bin(), "-1"], env=env,
                              stdout=subprocess.DEVNULL)
             for _ in range(3)]
    for p in procs:
        assert p.wait(timeout=30) == 0
    assert wait_for(lambda: sql1(
        "SELECT count(*) FROM sms_outbox WHERE phone = :'p1' AND "
        "kind = 'quiz'", ph) == "1", timeout=10)
    assert sql1("SELECT count(*) FROM sms_outbox WHERE phone = :'p1' AND "
                "kind IN ('lesson', 'quiz')", ph) == "2"
    # STOP: nothing more goes out.
    sql("UPDATE users SET sms_opt_out = true WHERE phone = :'p1'", ph)
    assert sql1("SELECT course_lesson_sent(e.id, 2, 1, 'x', true, false) "
                "FROM enrolments e JOIN users u ON u.id = e.user_id "
                "WHERE u.phone = :'p1'", ph) == "stale"


def test_course_sms_in_urdu_script():
    """An Urdu-script learner enrols with the Urdu verb and gets Urdu back
    (UCS-2 at the phone)."""
    code = _course("sms")
    ph = _phone()
    sql("INSERT INTO users (phone, name, role, lang, channel) VALUES "
        "(:'p1', 'Urdu Learner', 'trainee', 'ur', 'sms')", ph)
    # mo() (the channel's test helper) puts the UCS-2 parts together.
    r = mo(ph, "\u062f\u0627\u062e\u0644\u06c1 " + code, timeout=25)
    assert r and r[0]["kind"] == "ucs2", r
    assert "\u062f\u0627\u062e\u0644" in r[0]["text"] and code in \
        r[0]["text"], r
    assert _state(ph, code)[2] == "active"


def test_course_waitlisted_sms_learner_told_when_a_seat_opens():
    code = _course("sms", capacity=1, lessons=1)
    a, b = _phone(), _phone()
    for ph in (a, b):
        sql("INSERT INTO users (phone, name, role, lang, channel) VALUES "
            "(:'p1', 'Seat Test', 'trainee', 'en', 'sms')", ph)
    assert sql1("SELECT status FROM course_sms(:'p1', 'ENROLL', :'p2')",
                a, code) == "enrolled"
    assert sql("SELECT status, c FROM course_sms(:'p1', 'ENROLL', :'p2')",
               b, code) == [["waitlisted", "1"]]
    assert sql1("SELECT status FROM course_sms(:'p1', 'LEAVE', :'p2')",
                a, code) == "left"
    assert _state(b, code)[2] == "active"
    # The lesson daemon tells the promoted learner, once.
    body = wait_for(lambda: sql1(
        "SELECT body FROM sms_outbox WHERE phone = :'p1' AND kind = "
        "'course'", b), timeout=15)
    assert body and body.startswith("Enrolled in " + code), body


def test_course_unpublished_is_the_trainers_alone():
    auth = _login(_trainer())
    r = post("/api/v1/courses", headers=auth,
             json={"title_en": "Draft course", "mode": "online",
                   "lang": "en", "capacity": 5, "published": False})
    assert r.status == 201, r.text
    code = r.json()["code"]
    assert get("/api/v1/courses/" + code).status == 404
    assert get("/api/v1/courses/" + code, headers=auth).status == 200
    # search forgives typos now: other codes may come back, never this one
    found = get("/api/v1/courses?q=" + code).json()["courses"]
    assert code not in [c["code"] for c in found], found
    assert post("/api/v1/courses/%s/enroll" % code, headers=_trainee()[1],
                json={}).status == 404
    # An update without the field keeps it a draft; true publishes it.
    body = {"title_en": "Draft course", "mode": "online", "lang": "en",
            "capacity": 5}
    assert http("PUT", "/api/v1/courses/" + code, headers=auth,
                json=body).status == 200
    assert get("/api/v1/courses/" + code).status == 404
    body["published"] = True
    assert http("PUT", "/api/v1/courses/" + code, headers=auth,
                json=body).status == 200
    assert get("/api/v1/courses/" + code).status == 200


def test_course_lesson_added_later_reaches_waiting_learners():
    """A learner enrolled before the course had lessons gets the first
    one once the trainer adds it (the daemon's cached next look is
    cleared by the change)."""
    code = _course("sms", lessons=0)
    ph = _phone()
    sql("INSERT INTO users (phone, name, role, lang, channel) VALUES "
        "(:'p1', 'Early Bird', 'trainee', 'en', 'sms')", ph)
    assert sql1("SELECT status FROM course_sms(:'p1', 'ENROLL', :'p2')",
                ph, code) == "enrolled"
    env = dict(os.environ, HUNAR_PG_PORT=ENV["HUNAR_PG_PORT"],
               HUNAR_QUIET_HOURS="off")
    assert subprocess.run([_lessons_bin(), "-1"], env=env,
                          stdout=subprocess.DEVNULL).returncode == 0
    assert _state(ph, code)[0] == "0"
    assert sql1("SELECT result FROM course_lesson_save(:'p1', :'p2', NULL, "
                "'Late lesson', '', 'Late lesson by SMS.', '', "
                "ARRAY[]::text[], NULL)", _trainer_id(), code) == "ok"
    assert subprocess.run([_lessons_bin(), "-1"], env=env,
                          stdout=subprocess.DEVNULL).returncode == 0
    assert wait_for(lambda: sql1(
        "SELECT body FROM sms_outbox WHERE phone = :'p1' AND "
        "kind = 'lesson'", ph), timeout=10) == \
        "%s 1/1: Late lesson by SMS." % code
    # One lesson without a question: sending it completes the course.
    assert wait_for(lambda: _state(ph, code)[2] == "completed", timeout=10)


# C101's first lesson and question as each language's learner reads them.
C101_WORDS = {
    "en": ("Freelancing means selling your skill",
           "Who sets a freelancer's price?", "The freelancer"),
    "ru": ("Freelancing ka matlab hai", "Freelancer kaun tay karta",
           "Freelancer khud"),
    "ur": ("فری لانسنگ یعنی اپنا ہنر", "فری لانسر کی قیمت کون",
           "فری لانسر خود"),
}


def _sms_parts(text):
    """Parts of one SMS: GSM-7 unless a character needs UCS-2."""
    ucs2 = any(ord(ch) > 0x24f for ch in text)
    one, many = (70, 67) if ucs2 else (160, 153)
    return 1 if len(text) <= one else -(-len(text) // many)


def _quiet_now():
    """Whether the stack's quiet hours (HUNAR_QUIET_HOURS, Pakistan time,
    21-8 by default) hold the lesson daemon's sends now."""
    q = ENV.get("HUNAR_QUIET_HOURS") or "21-8"
    m = re.match(r"^(\d{1,2})(?::\d\d)?-(\d{1,2})(?::\d\d)?$", q)
    if not m or m.group(1) == m.group(2):
        return False
    a, b = int(m.group(1)), int(m.group(2))
    h = time.gmtime(time.time() + 5 * 3600).tm_hour
    return a <= h < b if a < b else (h >= a or h < b)


def _first_lesson(ph):
    """Lesson 1 after ENROLL: the daemon sends it at once in the day and
    holds it in quiet hours, when the learner asks with NEXT (CI at
    21:25 Pakistan time waited for a lesson held until 08:00)."""
    def body():
        return sql1("SELECT body FROM sms_outbox WHERE phone = :'p1' AND "
                    "kind = 'lesson' ORDER BY id LIMIT 1", ph)
    got = None if _quiet_now() else wait_for(body, timeout=20)
    if not got:
        sql("SELECT course_sms(:'p1', 'NEXT', '')", ph)
        got = wait_for(body, timeout=20)
    return got


def test_course_c101_reaches_each_learner_in_their_language():
    """The new user's walk: the demo course C101 reached an English or
    Urdu-script learner in Roman Urdu, the only language its lessons
    had.  Each learner now gets lesson, question (and REPEAT) in their
    own language, within two parts, and the right answer is the same
    letter in all three."""
    phones = []
    try:
        for lang, (lesson, question, right) in C101_WORDS.items():
            ph = _phone()
            phones.append(ph)
            sql("INSERT INTO users (phone, name, role, lang, channel) "
                "VALUES (:'p1', 'C101 Learner', 'trainee', :'p2', 'sms')",
                ph, lang)
            assert sql1("SELECT status FROM course_sms(:'p1', 'ENROLL', "
                        "'C101')", ph) == "enrolled", lang
            body = _first_lesson(ph)
            assert body and lesson in body, (lang, body)
            assert body.startswith("C101 1/3: ") and \
                _sms_parts(body) <= 2, (lang, body)
            sql("SELECT course_sms(:'p1', 'NEXT', '')", ph)
            # One line per row from psql: the lines joined with " | ".
            quiz = wait_for(lambda: sql1(
                "SELECT replace(body, E'\\n', ' | ') FROM sms_outbox "
                "WHERE phone = :'p1' AND kind = 'quiz'", ph), timeout=20)
            assert quiz and question in quiz and "| B) " + right in quiz, \
                (lang, quiz)
            assert _sms_parts(quiz) <= 2, (lang, quiz)
            # The frame speaks the question's language.
            assert ("جواب" in quiz) == (lang == "ur"), (lang, quiz)
            rep = sql1("SELECT replace(r.body, E'\\n', ' | ') FROM users u,"
                       " course_repeat(u.id) r WHERE u.phone = :'p1'", ph)
            assert rep and lesson in rep and question in rep, (lang, rep)
            assert sql1("SELECT status FROM course_sms(:'p1', 'ANSWER', "
                        "'2')", ph) == "correct", lang
    finally:
        for ph in phones:
            sql("DELETE FROM users WHERE phone = :'p1'", ph)


def _browser(phone, lang="en"):
    """A logged-in web session of `phone`, its pages in `lang`."""
    redis("DEL", "rl:login:" + intl(phone))
    b = Browser()
    b.login("0" + phone[2:], "hunar-demo")
    b.get("/lang?l=%s&next=/" % lang)
    return b


def test_course_lesson_text_written_on_the_web_reaches_its_learner():
    """A trainer writes lesson 1 of an English SMS course in Roman Urdu
    through the editor's form (CSRF token and all): another trainer is
    refused 403, a quiz with one option short 422 in the trainer's own
    language; then a Roman Urdu learner gets the lesson and its question
    in Roman Urdu from the lesson daemon, the English learner's path."""
    code = _course("sms", lessons=1)
    tb = _browser(_trainer())
    edit = "/trainer/courses/%s/lessons/1" % code
    page = tb.get(edit)
    assert page.status == 200, page.status
    assert 'id="other-langs"' in page.text and edit + "/text/ru" in \
        page.text and edit + "/text/ur" in page.text, page.text[-2000:]
    assert edit + "/text/en" not in page.text and "not yet" in page.text
    path = edit + "/text/ru"
    page = tb.get(path)
    assert page.status == 200, page.status
    assert "Lesson 1 by SMS: short and clear." in page.text
    assert 'name="option3"' in page.text and 'name="option4"' not in \
        page.text
    assert "same letter" in page.text
    # The course's own language is the lesson editor's, not this page's.
    assert tb.get(edit + "/text/en").status == 404
    text = {"body_sms": "Sabaq 1 SMS se: mukhtasar aur wazeh.",
            "question": "Sawal 1: Bravo chunein",
            "option1": "Alif", "option2": "Bravo", "option3": "Charlie"}

    # Another trainer may neither read nor write it.
    other = _browser(_person("trainer", "other"))
    assert other.get(path).status == 403
    r = other.post(path, text, csrf_from="/trainer/courses")
    assert r.status == 403, r.status
    # A forged form (no valid token) does nothing either.
    r = tb.post(path, dict(text, csrf="0" * 10))
    assert r.status == 403, r.status
    # One option short: refused, in the trainer's language (Roman Urdu).
    tb.get("/lang?l=ru&next=/")
    r = tb.post(path, dict(text, option3=""), csrf_from=path)
    assert r.status == 422, r.status
    assert "3 options likhein" in r.text, r.text[-2000:]
    assert sql1("SELECT count(*) FROM lesson_texts t JOIN lessons l ON "
                "l.id = t.lesson_id JOIN courses c ON c.id = l.course_id "
                "WHERE c.code = :'p1'", code) == "0"

    r = tb.post(path, text, csrf_from=path)
    assert r.status == 303, (r.status, r.text[-1000:])
    assert sql("SELECT t.lang, t.body_sms, array_to_string(t.options, '|')"
               " FROM lesson_texts t JOIN lessons l ON l.id = t.lesson_id "
               "JOIN courses c ON c.id = l.course_id WHERE c.code = :'p1'",
               code) == [["ru", text["body_sms"], "Alif|Bravo|Charlie"]]
    page = tb.get(edit)
    assert "likha hua" in page.text and "abhi nahin" in page.text

    # The API says the same: a bearer PUT, one option short and whole.
    auth = _login(_trainer())
    api = "/api/v1/courses/%s/lessons/1/text/ur" % code
    r = http("PUT", api, headers=auth, json={
        "body_sms": "\u0633\u0628\u0642", "question": "\u0633\u0648\u0627\u0644",
        "options": ["\u0627", "\u0628"]})
    assert r.status == 422 and "option1" in r.json()["error"]["fields"], \
        r.text
    r = http("PUT", api, headers=_login(_person("trainer", "other")),
             json={"remove": "1"})
    assert r.status == 403, r.status
    r = http("PUT", api, headers=auth, json={
        "body_sms": "\u0633\u0628\u0642", "question": "\u0633\u0648\u0627\u0644",
        "options": ["\u0627", "\u0628", "\u062c"]})
    assert r.status == 200 and r.json()["written"] is True, r.text
    r = get(api, headers=auth).json()
    assert (r["written"], r["options"], r["course"]["lang"],
            r["course"]["options"]) == (
        True, ["\u0627", "\u0628", "\u062c"], "en",
        ["Alpha", "Bravo", "Charlie"]), r
    r = http("PUT", api, headers=auth, json={"body_sms": "x" * 321})
    assert r.status == 422 and "320" in r.json()["error"]["fields"][
        "body_sms"], r.text
    r = http("PUT", api, headers=auth, json={"remove": True})
    assert r.status == 200 and r.json()["written"] is False, r.text

    # A Roman Urdu learner gets it through the real delivery path.
    ph = _phone()
    sql("INSERT INTO users (phone, name, role, lang, channel) VALUES "
        "(:'p1', 'Roman Urdu Learner', 'trainee', 'ru', 'sms')", ph)
    got = _phone_session(ph, "ENROLL " + code, _has("1/1:"))
    lesson = "%s 1/1: %s" % (code, text["body_sms"])
    if not _has(lesson)(got) and int(_state(ph, code)[0]) < 1:
        got += _phone_session(ph, "NEXT", _has(lesson))
    assert _has(lesson)(got), got
    quiz = "Sawal 1: Bravo chunein"
    if not _has(quiz)(got):
        if _state(ph, code)[1] == "due":
            got += _phone_session(ph, "NEXT", _has(quiz))
        else:
            got += _phone_session(ph, None, _has(quiz))
    assert _has(quiz)(got) and _has("Bravo")(got), got


def test_course_translation_kept_when_the_lesson_changes():
    """The new user's walk: changing a lesson's SMS text in the course's
    language deleted its texts in the other languages without a word.
    They now stay: the lesson editor lands on the lesson ("Saved ...
    check them") and marks the Roman Urdu text "may be out of date" (in
    the trainer's language: Urdu script here), its page says so and shows
    what it was written for, and a Roman Urdu learner still reads it on
    the web lesson page, with a link to the English original.  Changed
    options hold it back (the right answer may have moved): that learner
    reads English until the trainer saves the text again."""
    code = _course("online", lessons=1)
    tid = _trainer_id()
    ru = ("Sabaq 1 SMS se: mukhtasar aur wazeh.", "Sawal 1: Bravo chunein",
          "Alif|Bravo|Charlie")
    assert sql1("SELECT course_lesson_text_save(:'p1', :'p2', 1, 'ru', "
                ":'p3', :'p4', string_to_array(:'p5', '|'))", tid, code,
                *ru) == "ok"
    tb = _browser(_trainer(), "ur")
    edit = "/trainer/courses/%s/lessons/1" % code
    form = {"title": "Lesson 1", "body_web": "Web body of lesson",
            "body_sms": "Lesson 1 by SMS: now shorter.",
            "question": "Question 1: pick Bravo", "option1": "Alpha",
            "option2": "Bravo", "option3": "Charlie", "correct": "2"}
    r = tb.post(edit, form, csrf_from=edit)
    assert r.status == 303 and r.header("Location").endswith(
        edit + "?m=check"), (r.status, r.header("Location"))
    assert sql1("SELECT t.body_sms FROM lesson_texts t JOIN lessons l ON "
                "l.id = t.lesson_id JOIN courses c ON c.id = l.course_id "
                "WHERE c.code = :'p1' AND t.lang = 'ru'", code) == ru[0]
    page = tb.get(edit + "?m=check")
    assert "انہیں جانچ لیں" in page.text, page.text[-3000:]
    assert re.search(r'id="state-ru">شاید پرانا ہو<', page.text), \
        page.text[-3000:]
    assert re.search(r'id="state-ur">ابھی نہیں<', page.text)
    text = tb.get(edit + "/text/ru")
    assert 'id="text-state"' in text.text and "طلبا کو اب بھی یہی" in \
        text.text, text.text[-3000:]
    # What it was written for: the SMS text before the change.
    m = re.search(r'<details id="written-for">(.*?)</details>', text.text,
                  re.S)
    assert m and "Lesson 1 by SMS: short and clear." in m.group(1), \
        text.text[-3000:]
    # The same in English for an English trainer, and in the API.
    tb.get("/lang?l=en&next=/")
    assert "may be out of date" in tb.get(edit).text
    auth = _login(_trainer())
    r = get("/api/v1/courses/%s/lessons/1/text/ru" % code,
            headers=auth).json()
    assert (r["written"], r["state"]) == (True, "stale"), r

    # A Roman Urdu learner reads it on the web, the original a link away.
    lb = _browser(_person("trainee", "ru-web-learner"), "ru")
    r = lb.post("/courses/%s/enroll" % code, {}, csrf_from="/courses/" +
                code)
    assert r.status == 303, r.status
    page = lb.get("/courses/%s/lessons/1" % code)
    assert page.status == 200, page.status
    lesson = re.search(r'<div id="lesson"[^>]*>(.*?)</div>', page.text,
                       re.S).group(1)
    assert lesson == ru[0], lesson
    assert "Sawal 1: Bravo chunein" in page.text and "Alif" in page.text
    assert 'id="original"' in page.text and "Asal English mein" in \
        page.text and "asal is ke baad badla gaya" in page.text, \
        page.text[-2000:]
    orig = lb.get("/courses/%s/lessons/1?original=1" % code)
    lesson = re.search(r'<div id="lesson"[^>]*>(.*?)</div>', orig.text,
                       re.S).group(1)
    assert lesson == "Web body of lesson", lesson
    assert "Question 1: pick Bravo" in orig.text and 'id="own-lang"' in \
        orig.text

    # The options change: held back, the learner reads English.
    r = tb.post(edit, dict(form, option1="Alpha!"), csrf_from=edit)
    assert r.status == 303 and r.header("Location").endswith("?m=check")
    assert "not sent until you check it" in tb.get(edit).text
    page = lb.get("/courses/%s/lessons/1" % code)
    assert "Question 1: pick Bravo" in page.text and \
        'id="original"' not in page.text, page.text[-2000:]
    assert "Sawal 1" not in page.text
    # Saved again (as it was): current, and the learner's language back.
    r = tb.post(edit + "/text/ru", {"body_sms": ru[0], "question": ru[1],
                "option1": "Alif", "option2": "Bravo",
                "option3": "Charlie"}, csrf_from=edit + "/text/ru")
    assert r.status == 303, r.status
    assert re.search(r'id="state-ru">written<', tb.get(edit).text)
    assert "Sawal 1: Bravo chunein" in lb.get(
        "/courses/%s/lessons/1" % code).text
    # A lesson saved with nothing to check goes back to the course.
    r = tb.post(edit, dict(form, option1="Alpha!"), csrf_from=edit)
    assert r.header("Location").endswith("/trainer/courses/%s?m=saved" %
                                         code), r.header("Location")


def test_course_sms_field_says_when_it_is_empty():
    """The new user's walk: an empty SMS field's counter said "1 part,
    11/160" (it counted the "C104 1/1: " prefix).  Empty, it now says
    so and what fits in two SMS, in GSM-7 and in Urdu script."""
    code = _course("sms", lessons=1)
    tb = _browser(_trainer())
    n = len("%s 2/2: " % code)
    page = tb.get("/trainer/courses/%s/lessons/new" % code)
    assert ("Nothing written yet: up to %d characters fit in 2 SMS (%d in "
            "Urdu script)." % (306 - n, 134 - n)) in page.text, \
        page.text[-3000:]
    n = len("%s 1/1: " % code)
    page = tb.get("/trainer/courses/%s/lessons/1/text/ur" % code)
    assert "up to %d characters" % (306 - n) in page.text
    assert "SMS parts: 1 (plain letters" not in page.text
    # Written in Urdu script: counted as UCS-2, 70 to a part.
    tb.get("/lang?l=ru&next=/")
    r = tb.post("/trainer/courses/%s/lessons/1/text/ur" % code,
                {"body_sms": "ب" * (135 - n), "question": "س",
                 "option1": "ا", "option2": "ب", "option3": "ج"},
                csrf_from="/trainer/courses/%s/lessons/1/text/ur" % code)
    assert r.status == 422 and "SMS hisse: 3 (Urdu ya khaas huroof" in \
        r.text, \
        r.text[-2000:]


def test_course_learners_say_each_channel_in_words():
    """The trainer's learners table names how each learner takes the
    course (the enrolment's channel) in the page's language ("Channel": SMS, USSD, Web / ویب),
    where it had an English "SMS/web" header over the stored codes
    "sms", "ussd", "web" (found walking the README, Dec 2026)."""
    code = _course("sms")
    chans = {}
    for ch in ("sms", "ussd", "web"):
        ph, auth = _trainee("Learner by " + ch)
        r = post("/api/v1/courses/%s/enroll" % code, headers=auth, json={})
        assert r.status == 201, r.text
        sql("UPDATE enrolments SET channel = :'p1' WHERE user_id = (SELECT "
            "id FROM users WHERE phone = :'p2')", ch, ph)
        chans[ch] = ph
    words = {"en": ("Channel", "Web"), "ru": ("Zariya", "Web"),
             "ur": ("ذریعہ", "ویب")}
    for lang, (head, web) in words.items():
        page = _browser(_trainer(), lang).get(
            "/trainer/courses/%s/learners" % code).text
        assert "<th>%s</th>" % head in page, (lang, page[-2500:])
        for ch, word in (("sms", "SMS"), ("ussd", "USSD"), ("web", web)):
            assert re.search(r"<td>Learner by %s</td>(?:(?!</tr>).)*"
                             r"<td>%s</td>" % (ch, word), page), \
                (lang, ch, page[-2500:])
        assert "SMS/web" not in page and "<td>ussd</td>" not in page
    _browser(_trainer(), "en")


def test_course_urgent_quiz_never_overtakes_its_waiting_lesson():
    """NEXT's quiz is urgent; the lesson before it may still wait in the
    outbox (quiet hours hold it, or the sender has not claimed it yet).
    The question reached the phone first, the lesson it asks about after
    (seen on a new user's walk, Dec 2026).  Now what of the enrolment
    waits goes first.  A web learner: the lesson daemon drips nothing to
    them, so the test's own lesson row is the only one."""
    code = _course("sms")
    ph, auth = _trainee("Order Test")
    r = post("/api/v1/courses/%s/enroll" % code, headers=auth, json={})
    assert r.status == 201, r.text
    e = sql1("SELECT e.id FROM enrolments e JOIN users u ON u.id = "
             "e.user_id JOIN courses c ON c.id = e.course_id WHERE "
             "u.phone = :'p1' AND c.code = :'p2'", ph, code)
    # The lesson, queued without hurry and held for an hour, as quiet
    # hours hold it (one transaction: the sender never sees it unheld).
    sql("BEGIN; SELECT course_lesson_sent(:'p1', 1, 0, 'L1 order test', "
        "false, true); UPDATE sms_outbox SET not_before = now() + "
        "interval '1 hour' WHERE dedup_key = 'course:' || :'p1' || ':L1'; "
        "COMMIT;", e)
    assert sql1("SELECT course_quiz_sent(:'p1', 1, 'Q1 order test', true)",
                e) == "sent"
    rows = lambda: sql("SELECT kind, status, sent_at FROM sms_outbox WHERE "
                       "dedup_key IN ('course:' || :'p1' || ':L1', "
                       "'course:' || :'p1' || ':Q1') ORDER BY kind", e)
    assert wait_for(lambda: all(r[1] in ("sent", "delivered")
                                for r in rows()), timeout=15), rows()
    (lk, _, lsent), (qk, _, qsent) = rows()
    assert (lk, qk) == ("lesson", "quiz") and lsent <= qsent, rows()


def test_course_next_and_repeat_never_promise_an_online_course_by_sms():
    """An SMS learner enrolled (by SMS) in an online course, newest of
    their courses: NEXT said "Your next message from C104 is on its way"
    and nothing came, REPEAT "your first lesson comes soon" (the lesson
    daemon drips SMS courses only; found walking the README, Dec 2026).
    NEXT and REPEAT go on with their SMS course, and with none say where
    the course is taught -- in each language."""
    sms_code = _course("sms", lessons=2)
    web_code = _course("online", lessons=1)
    words = {"en": ("next", "repeat",
                    "is not taught by SMS: it runs online (hunar.pk)"),
             "ru": ("agla", "dobara", "SMS par nahi parhaya jata"),
             "ur": ("اگلا", "دوبارہ", "ایس ایم ایس پر نہیں: آن لائن")}
    for lang, (nxt, rep, said) in words.items():
        ph = _phone()
        sql("INSERT INTO users (phone, name, role, lang, channel) VALUES "
            "(:'p1', 'Online Test', 'trainee', :'p2', 'sms')", ph, lang)
        assert sql1("SELECT status FROM course_sms(:'p1', 'ENROLL', "
                    ":'p2')", ph, web_code) == "enrolled_web"
        for text in (nxt, rep):
            got = mo(ph, text, timeout=20)
            assert got and said in got[0]["text"] and \
                web_code in got[0]["text"], (lang, text, got)
        # With an SMS course too, NEXT goes on with it, though the
        # online one is newer.
        assert sql1("SELECT status FROM course_sms(:'p1', 'ENROLL', "
                    ":'p2')", ph, sms_code) == "enrolled"
        sql("UPDATE enrolments SET updated_at = now() + interval '1 "
            "minute' WHERE course_id = (SELECT id FROM courses WHERE "
            "code = :'p1') AND user_id = (SELECT id FROM users WHERE "
            "phone = :'p2')", web_code, ph)
        row = sql("SELECT status, a, b FROM course_sms(:'p1', 'NEXT', "
                  "'')", ph)[0]
        assert sms_code in row and web_code not in row, row
