"""Shared phones (issue 14, deliverable 5): several learners on one
number, each with a name and a PIN.  Through Kore's /sms/inbound (the
callback smsbox makes) and /ussd, with the real PostgreSQL and Redis:

- wrong PINs are limited per number in Redis (5 per 15 minutes), with a
  clear answer, and the right PIN is refused too while the number waits;
- one person's data (PROGRESS, STATUS, MYDATA, certificates, offers) is
  never shown to another on the same phone without the PIN, an answer
  attaches to the person picked, and what the outbox sends names whom it
  is for;
- a number with one learner sees nothing new.
"""
import random
import urllib.parse
import uuid

from hunar_test import (ENV, SHORTCODE, get, post, redis_raw, sql, sql1,
                        stack, wait_for)

SECRET = ENV["HUNAR_SMS_SECRET"]


def redis(*args):
    return redis_raw(*args).decode().strip()


def _number():
    return "92346%07d" % random.randint(0, 9999999)


def _sms(num, text):
    """One MO message as smsbox sends it; the reply text."""
    r = get("/sms/inbound?" + urllib.parse.urlencode({
        "key": SECRET, "id": "shared-" + uuid.uuid4().hex, "from": num,
        "to": SHORTCODE, "text": text, "coding": "0"}))
    assert r.status == 200, (r.status, r.text)
    return r.text


def _family(num):
    """Ayesha registers, adds Bilal; PINs 1234 (Ayesha) and 4821."""
    assert "Welcome" in _sms(num, "JOIN Ayesha Khan Lahore")
    assert "PIN" in _sms(num, "ADD Bilal")
    assert "Bilal chooses" in _sms(num, "PIN 1234")
    r = _sms(num, "PIN 4821")
    assert "Bilal is number 2" in r, r
    return (sql1("SELECT id FROM users WHERE phone = :'p1'", num),
            sql1("SELECT user_id FROM sms_seats WHERE phone = :'p1' AND "
                 "seat = 2", num))


def test_shared_phone_pin_attempts_limited_per_number():
    num = _number()
    redis("DEL", "rl:pin:" + num)
    _family(num)
    assert "who is this?" in _sms(num, "WHO")
    for i in range(5):
        r = _sms(num, "1 %04d" % (9000 + i))
        assert r.startswith("Wrong PIN"), r
        assert "After 5 wrong PINs" in r
    assert redis("GET", "rl:pin:" + num) == "5"
    ttl = int(redis("TTL", "rl:pin:" + num))
    assert 0 < ttl <= 900, ttl
    # Locked: even the right PIN is refused, and nothing is hashed.
    r = _sms(num, "1 1234")
    assert r.startswith("Too many wrong PINs"), r
    assert "15 minutes" in r
    assert "who is this?" in _sms(num, "PROGRESS")
    # Another number is not affected.
    other = _number()
    redis("DEL", "rl:pin:" + other)
    _family(other)
    _sms(other, "WHO")
    assert "Hello Ayesha" in _sms(other, "1 1234")
    # The window over (the key expires): the right PIN works again.
    redis("DEL", "rl:pin:" + num)
    assert "Hello Ayesha" in _sms(num, "1 1234")
    # USSD counts on the same key: locked there too.
    redis("SET", "rl:pin:" + num, "5", "EX", "900")
    sid = "SHR_" + uuid.uuid4().hex
    hop = lambda t: post("/ussd?key=" + urllib.parse.quote(SECRET), form={
        "sessionId": sid, "serviceCode": "*123#",
        "phoneNumber": "+" + num, "networkCode": "41001", "text": t}).text
    assert hop("").startswith("CON Who is this?"), hop("")
    assert "Your 4-digit PIN" in hop("1")
    r = hop("1*1234")
    assert r.startswith("END Too many wrong PINs"), r
    redis("DEL", "rl:pin:" + num)


def test_shared_phone_no_pin_tried_while_redis_is_down():
    """Without Redis no wrong PIN could be counted: no PIN is tried at
    all (the right one neither), and the phone is told to try later."""
    num = _number()
    _family(num)
    _sms(num, "WHO")
    # stopped on purpose: the supervisor leaves it down until `up`
    stack("stop", "redis")
    try:
        r = wait_for(lambda: (lambda t: t if "cannot check PINs" in t
                              else None)(_sms(num, "1 1234")), timeout=10)
        assert r and r.startswith("Hunar cannot check PINs just now"), r
        assert "who is this?" in _sms(num, "PROGRESS")
    finally:
        stack("up")
    # Back: each worker reconnects at its next try (at most once a
    # second), then PINs are tried again.
    assert wait_for(lambda: redis("PING") == "PONG", timeout=10)
    r = wait_for(lambda: (lambda t: t if "Hello Ayesha" in t else None)(
        _sms(num, "1 1234")), timeout=10)
    assert r, "PINs were not tried again after Redis came back"


def test_shared_phone_data_isolation():
    num = _number()
    ayesha, bilal = _family(num)
    # Bilal is picked (the one just added): his course, his answers.
    assert "Enrolled in C101" in _sms(num, "ENROLL C101")
    assert sql1("SELECT count(*) FROM enrolments e JOIN courses c ON "
                "c.id = e.course_id WHERE c.code = 'C101' AND "
                "e.user_id = :'p1'", bilal) == "1"
    assert sql1("SELECT count(*) FROM enrolments WHERE user_id = :'p1'",
                ayesha) == "0"
    assert _sms(num, "PROGRESS").startswith("For Bilal: C101")
    # Nobody picked: nothing personal, whatever is asked.
    assert "who is this?" in _sms(num, "WHO")
    for ask in ("PROGRESS", "STATUS", "MYDATA", "NEXT", "YES", "1",
                "LANG UR", "ENROLL C102", "GAP", "DELETE"):
        r = _sms(num, ask)
        assert r.startswith("Hunar: who is this? 1 Ayesha Khan, 2 Bilal"), \
            (ask, r)
        assert "C101" not in r
    # Lists and help are no one's: they still answer.
    assert "who is this?" not in _sms(num, "COURSES")
    assert "who is this?" not in _sms(num, "HELP")
    # A wrong PIN shows nothing either.
    assert "Wrong PIN" in _sms(num, "2 1234")
    assert "who is this?" in _sms(num, "STATUS")
    # Ayesha, with her PIN, sees her own (empty) record, not Bilal's.
    assert "Hello Ayesha" in _sms(num, "1 1234")
    r = _sms(num, "PROGRESS")
    assert r.startswith("For Ayesha Khan:") and "C101" not in r, r
    r = _sms(num, "MYDATA")
    assert "Ayesha" in r and "C101" not in r and "Bilal" not in r, r
    r = _sms(num, "STATUS")
    assert "C101" not in r and "Bilal" not in r, r
    # An offer for Ayesha: the SMS says whom it is for; Bilal's YES does
    # not answer it, Ayesha's does.
    gig = sql1("SELECT id FROM gigs WHERE code = 'G1001'")
    sql("INSERT INTO applications (gig_id, user_id, status) VALUES "
        "(:'p1', :'p2', 'applied')", gig, ayesha)
    assert sql1("SELECT match_offer(g.employer_id, g.id, :'p1', "
                "'Hunar offer: ' || g.code) FROM gigs "
                "g WHERE g.id = :'p2'", ayesha, gig) == "offered"
    # hunar_sender words "For Ayesha Khan: " (ussd_outbox_text()) from
    # the name and language the row keeps.
    body, to, uid, who, lang = sql(
        "SELECT body, phone, user_id, for_name, text_lang FROM sms_outbox "
        "WHERE dedup_key = :'p1'", "offer:%s:%s" % (gig, ayesha))[0]
    assert to == num and uid == ayesha and who == "Ayesha Khan" and \
        lang == "en" and body.startswith("Hunar offer:"), body
    _sms(num, "WHO")
    _sms(num, "2 4821")
    r = _sms(num, "YES G1001")
    assert r.startswith("For Bilal:"), r
    assert sql1("SELECT status FROM applications WHERE gig_id = :'p1' AND "
                "user_id = :'p2'", gig, ayesha) == "offered"
    _sms(num, "WHO")
    _sms(num, "1 1234")
    r = _sms(num, "YES G1001")
    assert r.startswith("For Ayesha Khan:"), r
    assert sql1("SELECT status FROM applications WHERE gig_id = :'p1' AND "
                "user_id = :'p2'", gig, ayesha) == "accepted"
    # Bilal (no number of his own) accepts an offer: the employer reaches
    # him on the shared number.
    sql("INSERT INTO applications (gig_id, user_id, status) VALUES "
        "(:'p1', :'p2', 'applied')", gig, bilal)
    assert sql1("SELECT match_offer(g.employer_id, g.id, :'p1', "
                "'Hunar offer: ' || g.code) FROM gigs "
                "g WHERE g.id = :'p2'", bilal, gig) == "offered"
    _sms(num, "WHO")
    _sms(num, "2 4821")
    assert _sms(num, "YES G1001").startswith("For Bilal:")
    assert sql1("SELECT match_contact(g.employer_id, g.id, :'p1') FROM "
                "gigs g WHERE g.id = :'p2'", bilal, gig) == num
    # A lesson queued for Bilal goes to the shared number, named.
    eid = sql1("SELECT e.id FROM enrolments e WHERE e.user_id = :'p1'",
               bilal)
    sql("INSERT INTO sms_outbox (phone, body, kind, dedup_key, user_id) "
        "VALUES (NULL, 'Lesson x', 'lesson', :'p1', :'p2')",
        "t-shared:%s" % eid, bilal)
    assert sql("SELECT phone, for_name, body FROM sms_outbox WHERE "
               "dedup_key = :'p1'", "t-shared:%s" % eid) == \
        [[num, "Bilal", "Lesson x"]]
    # The pick lasts a window, then the phone asks again.
    sql("UPDATE sms_picks SET until = now() - interval '1 second' WHERE "
        "phone = :'p1'", num)
    assert "who is this?" in _sms(num, "PROGRESS")


def test_shared_phone_delete_keeps_the_others():
    num = _number()
    ayesha, bilal = _family(num)
    _sms(num, "ENROLL C101")
    _sms(num, "WHO")
    _sms(num, "1 1234")
    assert "DELETE YES" in _sms(num, "DELETE")
    assert "no longer holds" in _sms(num, "DELETE YES")
    # Ayesha is gone; Bilal keeps his number, alone on it again.
    assert sql1("SELECT count(*) FROM users WHERE id = :'p1'", ayesha) == "0"
    assert sql1("SELECT phone FROM users WHERE id = :'p1'", bilal) == num
    assert sql1("SELECT count(*) FROM sms_seats WHERE phone = :'p1'",
                num) == "0"
    r = _sms(num, "PROGRESS")
    assert "C101" in r and not r.startswith("For "), r


def test_single_learner_number_unchanged():
    num = _number()
    _sms(num, "JOIN Sana Swat")
    r = _sms(num, "PROGRESS")
    assert not r.startswith("For ") and "who is this" not in r, r
    assert "Only Sana uses Hunar" in _sms(num, "WHO")
    assert "Only Sana" in _sms(num, "2 4821")
    # A PIN alone changes nothing for the others: still one person.
    assert "PIN is set" in _sms(num, "PIN 5555")
    assert "have a PIN already" in _sms(num, "PIN 6666")
    assert "Nobody is being added" in _sms(num, "7777")
    r = _sms(num, "STATUS")
    assert r.startswith("Sana, Swat"), r
    assert sql1("SELECT sms_user(:'p1') = id FROM users WHERE phone = "
                ":'p1'", num) == "t"
    assert sql1("SELECT sms_shared(:'p1')", num) == "f"
