"""USSD menus over HTTP: POST /ussd as an aggregator calls it.

Every path of the menu against the live stack (Kore, PostgreSQL, Redis):
registration of a new number, paging, wrong input, enrolment and
application with their SMS recap, offers, status, language, help, a
dropped session resumed, and oversized or hostile input.  Every screen
is checked to fit one USSD message (182 GSM-7 / 80 UCS-2 characters).
"""
import time
import urllib.parse
import uuid

from test_ussd__lib import phone as new_phone
from hunar_test import ENV, get, http, post, redis, sql, sql1

KEY = ENV["HUNAR_SMS_SECRET"]

GSM7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;"
           "<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyz"
           "äöñüà")
GSM7_EXT = set("^{}\\[~]|€")


def fits(screen):
    """One USSD screen: 182 GSM-7 septets, or 80 UTF-16 units in UCS-2."""
    if all(ch in GSM7 or ch in GSM7_EXT for ch in screen):
        return sum(2 if ch in GSM7_EXT else 1 for ch in screen) <= 182
    return len(screen.encode("utf-16-be")) // 2 <= 80


def quiet_now():
    """Quiet hours 21:00-08:00 Pakistan time (UTC+5), as the sender."""
    h = (time.gmtime().tm_hour + 5) % 24
    return h >= 21 or h < 8


def recap_promise(t):
    """The recap SMS is promised for now, or by 8 am in quiet hours."""
    if quiet_now():
        return "by 8 am" in t and "follows" not in t
    return "follows" in t and "8 am" not in t


def trainee(lang="en"):
    p = new_phone()
    sql("INSERT INTO users (phone, name, lang, district_id, channel) "
        "VALUES (:'p1', 'Ussd Tester', :'p2', 1, 'sms')", p, lang)
    return p


def hop(sid, phone, text, key=KEY):
    return post("/ussd?key=" + urllib.parse.quote(key), form={
        "sessionId": sid, "serviceCode": "*123#", "phoneNumber": "+" + phone,
        "networkCode": "41001", "text": text})


class Session:
    """One aggregator session: text is every input so far joined by '*'."""

    def __init__(self, phone):
        self.phone = phone
        self.sid = "ATUid_" + uuid.uuid4().hex
        self.inputs = []

    def _check(self, r):
        assert r.status == 200, (r.status, r.text)
        assert r.header("content-type").startswith("text/plain"), r.headers
        t = r.text
        assert t.startswith("CON ") or t.startswith("END "), t
        assert fits(t[4:]), ("screen too long", len(t) - 4, t)
        return t

    def dial(self):
        return self._check(hop(self.sid, self.phone, ""))

    def send(self, x):
        self.inputs.append(x)
        return self._check(hop(self.sid, self.phone, "*".join(self.inputs)))


def test_ussd_new_number_registers():
    p = new_phone()
    s = Session(p)
    t = s.dial()
    assert t.startswith("CON ") and "1 English" in t and "3 اردو" in t, t
    t = s.send("2")
    assert "naam" in t.lower(), t
    t = s.send("Zainab Bibi")
    assert "1 Punjab" in t and "0 Wapas" in t, t
    t = s.send("1")
    lines = t.splitlines()
    assert "98 Aur" in lines, t        # Punjab's districts need pages
    first = [ln for ln in lines if ln[:2] == "1 "][0]
    t2 = s.send("98")
    assert first not in t2.splitlines(), (first, t2)
    t3 = s.send("0")
    assert first in t3.splitlines(), t3
    t = s.send("1")
    # Gender and age: optional, for statistics only; each can go back.
    assert "1 Aurat" in t and "3 Chhorein" in t and "0 Wapas" in t, t
    t = s.send("1")
    assert "2 18-24" in t and "5 Chhorein" in t, t
    t = s.send("0")
    assert "1 Aurat" in t, t
    t = s.send("1")
    t = s.send("2")
    assert t.startswith("CON Register ho gaye, Zainab Bibi!"), t
    assert "1 Courses" in t, t
    row = sql("SELECT u.name, u.lang, u.channel, u.role, d.province_id, "
              "u.gender, u.age_band "
              "FROM users u JOIN districts d ON d.id = u.district_id "
              "WHERE u.phone = :'p1'", p)
    assert row == [["Zainab Bibi", "ru", "ussd", "trainee", "1", "f",
                    "18-24"]], row


def test_ussd_registration_skips_gender_and_age():
    p = new_phone()
    s = Session(p)
    s.dial()
    s.send("1")
    s.send("Gul Bibi")
    s.send("1")
    s.send("1")
    t = s.send("3")
    assert "5 Skip" in t, t
    t = s.send("5")
    assert t.startswith("CON Registered, Gul Bibi!"), t
    row = sql("SELECT coalesce(gender, '-'), coalesce(age_band, '-') "
              "FROM users WHERE phone = :'p1'", p)
    assert row == [["-", "-"]], row


def test_ussd_enroll_sends_recap():
    p = trainee("en")
    s = Session(p)
    assert "1 Courses" in s.dial()
    t = s.send("1")
    assert "1 C101" in t and "0 Back" in t, t
    t = s.send("1")
    assert t.startswith("CON C101 ") and "1 Enroll" in t, t
    t = s.send("1")
    # A leaf: the result stays, with a way back to the menu.
    assert t.startswith("CON ") and t.endswith("\n0 Back"), t
    assert "C101" in t and ("Enrolled" in t or "waitlist" in t), t
    assert recap_promise(t), t
    st = sql1("SELECT e.channel FROM enrolments e JOIN users u ON "
              "u.id = e.user_id JOIN courses c ON c.id = e.course_id "
              "WHERE u.phone = :'p1' AND c.code = 'C101'", p)
    assert st == "ussd", st
    recap = sql("SELECT body FROM sms_outbox WHERE phone = :'p1' "
                "AND kind = 'ussd_recap'", p)
    assert len(recap) == 1 and "C101" in recap[0][0], recap
    t = s.send("0")
    assert "1 Courses" in t and "0 Exit" in t, t
    # Enrolling twice changes nothing, says so, and sends no recap.
    s = Session(p)
    s.dial()
    s.send("1")
    s.send("1")
    t = s.send("1")
    assert t.startswith("CON ") and "already" in t, t
    assert "recap" not in t and "0 Back" in t, t
    assert sql1("SELECT count(*) FROM sms_outbox WHERE phone = :'p1' "
                "AND kind = 'ussd_recap'", p) == "1"


def _enroll_by_menu(p, code):
    """Dials, finds code on the course pages, enrolls; the result."""
    s = Session(p)
    s.dial()
    t = s.send("1")
    for _ in range(6):
        line = [x for x in t.split("\n") if (" %s " % code) in x + " "]
        if line:
            break
        assert "98 " in t, (code, t)
        t = s.send("98")
    assert line, (code, t)
    t = s.send(line[0].split(" ")[0])
    assert t.startswith("CON " + code), t
    return s.send("1")


def test_ussd_enroll_says_where_the_course_runs():
    """The new user's walk: enrolling by USSD in C102, an online course,
    said "Lessons come by SMS" (none come; SMS ENROLL says to open
    hunar.pk), and SMS ENROLL C103, a course taught at a centre in
    Peshawar, said "This course runs online".  Both channels ask the
    courses' course_enrolled_word() now.  (C1403 stands for the centre
    course here: C103 seats two.)"""
    web, centre = "C102", "C1403"
    assert sql1("SELECT string_agg(mode::text, ',' ORDER BY code) FROM"
                " courses WHERE code IN (:'p1', :'p2')", web,
                centre) == "online,centre"
    p = trainee("en")
    t = _enroll_by_menu(p, web)
    assert "runs online" in t and "by SMS" not in t, t
    assert not recap_promise(t), t
    t = _enroll_by_menu(p, centre)
    assert "at a centre in Peshawar" in t and "online" not in t, t
    assert sql1("SELECT count(*) FROM sms_outbox WHERE phone = :'p1' "
                "AND kind = 'ussd_recap'", p) == "0"
    u = trainee("ur")
    t = _enroll_by_menu(u, centre)
    assert "پشاور کے مرکز" in t, t
    # SMS ENROLL of the centre course, through the courses' reply.
    r = sql1("SELECT status || '|' || c FROM course_sms(:'p1', 'ENROLL',"
             " :'p2')", trainee("ru"), centre)
    assert r == "enrolled_centre|Peshawar", r


def test_ussd_apply_for_gig():
    p = trainee("en")
    s = Session(p)
    s.dial()
    t = s.send("2")
    assert "Gigs:" in t and "1 G" in t, t
    code = [ln.split()[1] for ln in t.splitlines() if ln.startswith("1 G")][0]
    t = s.send("1")
    assert t.startswith("CON %s " % code) and "1 Apply" in t, t
    t = s.send("1")
    assert t.startswith("CON Applied for %s" % code), t
    assert recap_promise(t) and "0 Back" in t, t
    row = sql("SELECT a.channel, a.status FROM applications a JOIN gigs g "
              "ON g.id = a.gig_id JOIN users u ON u.id = a.user_id "
              "WHERE u.phone = :'p1' AND g.code = :'p2'", p, code)
    assert row == [["ussd", "applied"]], row
    recap = sql1("SELECT body FROM sms_outbox WHERE phone = :'p1' "
                 "AND kind = 'ussd_recap'", p)
    assert recap and code in recap, recap


def test_ussd_paging_and_wrong_input():
    p = trainee("en")
    s = Session(p)
    s.dial()
    t = s.send("9")
    assert t.startswith("CON Wrong choice"), t
    assert "1 Courses" in t, t
    t = s.send("2")
    assert "98 More" in t, t
    page1 = [ln for ln in t.splitlines() if ln[:1].isdigit() and
             ln.split()[0] not in ("98", "0")]
    n = len(page1)
    t = s.send(str(n + 1))
    assert t.startswith("CON Wrong choice"), t
    assert "1 " + page1[0].split()[1] in t, t
    t = s.send("98")
    page2 = [ln for ln in t.splitlines() if ln[:1].isdigit() and
             ln.split()[0] not in ("98", "0")]
    assert page2 and page2[0].split()[1] != page1[0].split()[1], (page1,
                                                                   page2)
    t = s.send("abc")
    assert t.startswith("CON Wrong choice"), t
    t = s.send("0")
    assert "1 " + page1[0].split()[1] in t, t
    t = s.send("0")
    assert "1 Courses" in t and "0 Exit" in t, t
    t = s.send("0")
    assert t.startswith("END ") and "Goodbye" in t, t


def test_ussd_resent_hop_is_answered_again_not_applied_twice():
    p = trainee("en")
    s = Session(p)
    s.dial()
    t = s.send("2")
    page1 = [ln for ln in t.splitlines() if ln[:1].isdigit() and
             ln.split()[0] not in ("98", "0")]
    t2 = s.send("98")
    # The aggregator did not get our answer and sends the hop again.
    again = s._check(hop(s.sid, s.phone, "*".join(s.inputs)))
    assert again == t2, (again, t2)
    # Applied once: Back from page 2 is page 1 (twice would be page 2).
    t3 = s.send("0")
    assert "1 " + page1[0].split()[1] in t3, (page1, t3)
    # The same input as a new hop (a longer text) is applied.
    t4 = s.send("98")
    assert t4 == t2, (t4, t2)


def test_ussd_ended_session_stays_ended_at_once():
    """The exit hop sent again gets its screen again; a later hop of that
    session is told it ended, at once (before 09:40 UTC Dec 5 the session
    was deleted, so such a hop waited 3 x 2 ms for a state "on its way"
    and then got a fresh main menu); a new dial starts afresh."""
    p = trainee("en")
    s = Session(p)
    s.dial()
    bye = s.send("0")
    assert bye.startswith("END ") and "Goodbye" in bye, bye
    ttl = int(redis("TTL", "ussd:" + p).split()[-1])
    assert 0 < ttl <= 60, ttl
    again = s._check(hop(s.sid, s.phone, "*".join(s.inputs)))
    assert again == bye, (again, bye)
    t0 = time.monotonic()
    later = s.send("1")
    assert later.startswith("END ") and "ended" in later, later
    assert time.monotonic() - t0 < 0.5
    # No resume of an ended session: a new dial is the main menu.
    t = Session(p).dial()
    assert t.startswith("CON ") and "Welcome back" not in t, t
    assert "1 Courses" in t, t


def test_ussd_resume_after_drop():
    p = trainee("en")
    s = Session(p)
    s.dial()
    s.send("2")
    t = s.send("98")
    ttl = int(redis("TTL", "ussd:" + p).split()[-1])
    assert 200 < ttl <= 300, ttl
    # The network drops the session; the same number dials again.
    s2 = Session(p)
    t2 = s2.dial()
    assert t2.startswith("CON Welcome back."), t2
    # The same page (the greeting may leave room for fewer items).
    was = [ln.split()[1] for ln in t[4:].splitlines()
           if ln[:1] in "123456789" and not ln.startswith("98 ")]
    now = [ln.split()[1] for ln in t2[4:].splitlines()[1:]
           if ln[:1] in "123456789" and not ln.startswith("98 ")]
    assert now and was[:len(now)] == now, (t, t2)
    assert t2[4:].splitlines()[1] == "Gigs:", t2
    t3 = s2.send("1")
    assert t3.startswith("CON G"), t3
    # A session that ended is not resumed.
    s2.send("0")
    s2.send("0")
    s2.send("0")
    t4 = s2.send("0")
    if not t4.startswith("END "):
        t4 = s2.send("0")
    assert t4.startswith("END "), t4
    t5 = Session(p).dial()
    assert "Welcome back" not in t5 and "1 Courses" in t5, t5
    # Nor is one older than five minutes (its key has expired).
    s3 = Session(p)
    s3.dial()
    s3.send("2")
    redis("DEL", "ussd:" + p)
    t6 = Session(p).dial()
    assert "Welcome back" not in t6 and "1 Courses" in t6, t6


def test_ussd_offer_yes_and_no():
    p = trainee("en")
    uid = sql1("SELECT id FROM users WHERE phone = :'p1'", p)
    gigs = sql("SELECT id, code FROM gigs WHERE status = 'open' "
               "ORDER BY id LIMIT 2")
    for gid, _ in gigs:
        sql("INSERT INTO applications (gig_id, user_id, status, channel) "
            "VALUES (:'p1', :'p2', 'offered', 'web')", gid, uid)
    s = Session(p)
    s.dial()
    t = s.send("4")
    assert "Offers:" in t and "1 G" in t and "2 G" in t, t
    code = [ln.split()[1] for ln in t.splitlines() if ln.startswith("1 ")][0]
    t = s.send("1")
    assert t.startswith("CON Offer: %s" % code) and "1 YES" in t, t
    t = s.send("1")
    assert t.startswith("CON You accepted %s" % code), t
    assert t.endswith("\n0 Back"), t
    assert sql1("SELECT a.status FROM applications a JOIN gigs g ON "
                "g.id = a.gig_id WHERE a.user_id = :'p1' AND g.code = "
                ":'p2'", uid, code) == "accepted"
    s = Session(p)
    s.dial()
    t = s.send("4")
    assert code not in t, t
    s.send("1")
    t = s.send("2")
    assert t.startswith("CON You declined"), t
    assert sql1("SELECT count(*) FROM applications WHERE user_id = :'p1' "
                "AND status = 'declined'", uid) == "1"
    s = Session(p)
    s.dial()
    t = s.send("4")
    assert "No offers" in t, t


def test_ussd_status_language_help():
    p = trainee("en")
    s = Session(p)
    s.dial()
    t = s.send("3")
    # My status is a leaf with 0 Back, not the end of the session.
    assert t.startswith("CON ") and "No courses or applications" in t, t
    assert t.endswith("\n0 Back"), t
    t = s.send("0")
    assert "1 Courses" in t and "0 Exit" in t, t
    s = Session(p)
    s.dial()
    s.send("5")
    t = s.send("3")
    assert t.startswith("CON زبان: اردو۔") and "1 کورس" in t, t
    assert sql1("SELECT lang FROM users WHERE phone = :'p1'", p) == "ur"
    t = s.send("6")
    assert t.startswith("CON ہنر") and "HELP" in t, t
    assert t.endswith("\n0 واپس"), t
    s.send("0")
    s = Session(p)
    t = s.dial()
    assert t.startswith("CON ") and "ہنر\n1 کورس" in t, t
    s.send("5")
    t = s.send("1")
    assert t.startswith("CON Language: English."), t
    t = s.send("6")
    assert t.startswith("CON Hunar helps") and "8282" in t, t


def test_ussd_hostile_input():
    p = new_phone()
    s = Session(p)
    s.dial()
    s.send("1")
    for bad in ("Robert'); DROP TABLE users;--", "<script>x</script>",
                "\x00\x01\x1b[2J", "\xff", "%s%n", "A", "1234"):
        t = s.send(bad)
        assert t.startswith("CON Name: 2-40 letters"), (bad, t)
    # Far too long: a clear screen, never a crash.
    t = s.send("9" * 5000)
    assert t.startswith("CON Too long"), t
    t = s.send("x" * 300)
    assert t.startswith("CON Too long"), t
    # Invalid UTF-8, raw, as a form field.
    r = http("POST", "/ussd?key=" + KEY,
             body=b"sessionId=" + s.sid.encode() + b"&phoneNumber=%2B" +
             p.encode() + b"&text=1*%C3%28%A0", headers={
                 "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 200 and r.text.startswith("CON Name"), r.text
    assert sql1("SELECT count(*) FROM users WHERE phone = :'p1'", p) == "0"
    # Requests that are not the aggregator's.
    assert hop("x", p, "", key="wrong").status == 403
    assert post("/ussd", form={"sessionId": "x", "phoneNumber": p}) \
        .status == 403
    assert get("/ussd?key=" + KEY).status == 405
    assert hop("", p, "").status == 400
    assert hop("a b;c", p, "").status == 400
    assert hop("z" * 200, p, "").status == 400
    r = hop("ok1", "12345", "")
    assert r.status == 200 and r.text.startswith("END "), r.text
    r = http("POST", "/ussd?key=" + KEY, body=b"\x00\xff&&==&",
             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 400, r.status
    # A corrupt session entry is a fresh start.
    redis("SET", "ussd:" + p, s.sid + "\n1|99|zz")
    t = s.send("1")
    assert t.startswith("CON ") and "1 English" in t, t
    assert get("/healthz").status == 200


def test_ussd_dial_follows_the_person_changed_elsewhere():
    """Issue 13: each Kore worker keeps the dial's person (ussd/ussd_who.c)
    until a NOTIFY from PostgreSQL says the number changed.  Dials that
    warm every worker, then a change made elsewhere (here in SQL: the web
    or SMS changes go through the same tables): the next dial shows it --
    a new language, the person gone (registration), the person back, and
    the number shared (who is this?)."""
    p = trainee("en")

    def dials(n=4):
        out = []
        for _ in range(n):    # new connections: both workers get some
            out.append(Session(p).dial())
            redis("DEL", "ussd:" + p)    # the next dial is no resume
        return out

    def menu(lang):
        got = dials()
        head = {"en": "CON Hunar\n1 Courses", "ur": "CON ہنر\n1 کورس"}
        assert all(t.startswith(head[lang]) for t in got), got

    menu("en")
    sql("UPDATE users SET lang = 'ur' WHERE phone = :'p1'", p)
    menu("ur")
    uid = sql1("SELECT id FROM users WHERE phone = :'p1'", p)
    sql("UPDATE users SET phone = NULL WHERE id = :'p1'", uid)
    got = dials()
    assert all("1 English" in t and "2 Roman Urdu" in t for t in got), got
    sql("UPDATE users SET phone = :'p1', lang = 'en' WHERE id = :'p2'",
        p, uid)
    menu("en")
    # A second person on the number: every dial asks who this is.
    other = sql1("INSERT INTO users (name, lang, district_id, channel) "
                 "VALUES ('Ussd Sister', 'en', 1, 'sms') RETURNING id")
    sql("INSERT INTO sms_seats (phone, seat, user_id) VALUES "
        "(:'p1', 1, :'p2'), (:'p1', 2, :'p3')", p, uid, other)
    try:
        got = dials()
        assert all("Ussd Tester" in t and "Ussd Sister" in t
                   for t in got), got
    finally:
        sql("DELETE FROM users WHERE id = :'p1'", other)
    menu("en")
