"""SMS keywords end to end: fakesmsc -> bearerbox -> smsbox -> Kore
(/sms/inbound) -> reply at fakesmsc, in English, Roman Urdu and Urdu
script.  Every reply is checked against the words expected in that
language, and against the reply Kore renders when the same callback is
retried (so an Urdu reply that comes back as UCS-2 must decode to exactly
that text, and a retry must answer the same).  Outbox messages the daemons send to the same number meanwhile (a
lesson after ENROLL) are told apart the same way.

This file drives fakesmsc itself: a "text" payload goes verbatim (that is
how fakesmsc reads it) and multi-part replies are reassembled from their
concatenation headers, UCS-2 ones included.
"""
import os
import random
import re
import uuid
import signal
import subprocess
import time
import urllib.parse

from hunar_test import ENV, FAKESMSC, SHORTCODE, get, sql, sql1, wait_for

_GOT = re.compile(r"Got message \d+: <(\S+) (\S+) (\S+) (.*)>\s*$")
SECRET = ENV["HUNAR_SMS_SECRET"]


def _number():
    return "92300%07d" % random.randint(0, 9999999)


def _is_ucs2(raw):
    """Whether reassembled bytes look like UTF-16BE (Urdu, Latin, digits)."""
    if len(raw) < 2 or len(raw) % 2:
        return False
    hi = set(raw[0::2])
    return hi <= {0x00, 0x06, 0x20, 0xfb, 0xfc, 0xfd, 0xfe} and \
        (0x06 in hi or all(b < 0x80 for b in raw[1::2]))


class Phone:
    """One MO message through fakesmsc; collects the MT messages for the
    number, parts reassembled, as {text, ucs2, parts}."""

    def __init__(self, number):
        self.number = number

    def _stored(self, text, t0):
        """The reply Kore rendered for this message, asked for again the
        way smsbox retries a callback (same Kannel id: nothing is done
        twice, the stored outcome is rendered again); None until the
        message is handled."""
        kid = sql1("SELECT kannel_id FROM sms_inbox WHERE sender = :'p1'"
                   " AND body = :'p2' AND received_at >= :'p3'"
                   " AND status IS NOT NULL ORDER BY id DESC LIMIT 1",
                   self.number, text, t0)
        if kid is None:
            return None
        r = _inbound({"id": kid, "from": self.number, "to": SHORTCODE,
                      "text": text, "coding": "0"})
        assert r.status == 200, (r.status, r.text)
        return r.text

    def send(self, text, want=None, timeout=25):
        if any(ord(ch) > 127 for ch in text):
            payload = "ucs2 " + urllib.parse.quote(text.encode("utf-16-be"))
        else:
            payload = "text " + text
        t0 = sql1("SELECT now()")
        p = subprocess.Popen(
            ["stdbuf", "-oL", "-eL", FAKESMSC, "-H", "127.0.0.1", "-r",
             ENV["HUNAR_FAKESMSC_PORT"], "-i", "0.05", "-m", "1",
             "%s %s %s" % (self.number, SHORTCODE, payload)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        fd = p.stdout.fileno()
        os.set_blocking(fd, False)
        got, parts, buf = [], {}, ""
        stored = None
        deadline = time.time() + timeout
        try:
            while time.time() < deadline:
                try:
                    chunk = os.read(fd, 65536).decode("utf-8", "replace")
                except BlockingIOError:
                    chunk = ""
                buf += chunk
                while "\n" in buf:
                    line, buf = buf.split("\n", 1)
                    m = _GOT.search(line)
                    if m and m.group(2) == self.number:
                        msg = self._part(m.group(3), m.group(4), parts)
                        if msg:
                            got.append(msg)
                if stored is None:
                    stored = self._stored(text, t0)
                if stored is not None:
                    for g in got:
                        if g["text"] == stored:
                            g["stored"] = stored
                            return g
                if not chunk:
                    time.sleep(0.05)
        finally:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait()
        raise AssertionError("no reply to %r (stored %r, got %r)" %
                             (text, stored, got))

    @staticmethod
    def _part(kind, rest, parts):
        if kind == "text":
            return {"text": rest, "ucs2": False, "parts": 1}
        if kind in ("ucs-2", "ucs2"):
            raw = urllib.parse.unquote_to_bytes(
                rest.split(" ")[-1].replace("+", "%20"))
            return {"text": raw.decode("utf-16-be"), "ucs2": True,
                    "parts": 1}
        if kind == "data":
            raw = urllib.parse.unquote_to_bytes(
                rest.split(" ")[-1].replace("+", "%20"))
            return {"text": raw.decode("utf-8", "replace"), "ucs2": False,
                    "parts": 1}
        if kind != "udh":
            return None
        udh_s, _, rest2 = rest.partition(" ")
        udh = urllib.parse.unquote_to_bytes(udh_s)
        data = urllib.parse.unquote_to_bytes(
            rest2.split(" ")[-1].replace("+", "%20"))
        if len(udh) < 6 or udh[1] != 0:
            return None
        ref, total, seq = udh[3], udh[4], udh[5]
        parts.setdefault(ref, {})[seq] = data
        if len(parts[ref]) < total:
            return None
        raw = b"".join(parts[ref][i] for i in range(1, total + 1))
        del parts[ref]
        if _is_ucs2(raw):
            return {"text": raw.decode("utf-16-be"), "ucs2": True,
                    "parts": total}
        return {"text": raw.decode("utf-8", "replace"), "ucs2": False,
                "parts": total}


# One scenario, three languages: what is typed, and words the reply holds.
# {n} is replaced by the step's number-specific values.
STEPS = [
    ("help", ("HELP", "madad", "مدد"),
     ("JOIN your name", "JOIN naam aur zila", "JOIN نام اور ضلع")),
    ("join", ("JOIN Test Kumar Swat", "shamil Test Kumar, Swat",
              "شامل ٹیسٹ کمار سوات"),
     ("Welcome to Hunar, Test Kumar (Swat)", "khush amdeed, Test Kumar",
      "خوش آمدید، ٹیسٹ کمار (سوات)")),
    ("join again", ("join Other Name Swat", "REG Other Swat",
                    "رجسٹر دوسرا سوات"),
     ("already registered as Test Kumar", "pehle se Test Kumar",
      "پہلے سے ٹیسٹ کمار")),
    ("status", ("STATUS", "halat", "حالت"),
     ("Test Kumar, Swat: no course or application yet",
      "abhi koi course ya darkhast nahi", "ابھی کچھ نہیں")),
    ("courses", ("COURSES", "kors", "کورس"),
     ("Join: ENROLL C", "Dakhla: ENROLL C", "ENROLL C")),
    ("courses by skill", ("courses canva", "KORS Canva", "کورس کینوا"),
     ("C102 Graphic design with Canva", "C102 Graphic design",
      "C102 کینوا کے ساتھ گرافک ڈیزائن")),
    ("courses none", ("COURSES zzqx", "kors zzqx", "کورس zzqx"),
     ("No course found for \"zzqx\"", "\"zzqx\" ka koi course nahi",
      "\"zzqx\" کا کوئی کورس نہیں")),
    ("gigs", ("GIGS", "kaam", "کام"),
     ("Apply: APPLY G", "Darkhast: APPLY G", "APPLY G")),
    ("gigs by skill", ("gigs data entry", "kaam data entry",
                       "کام data entry"),
     ("Apply: APPLY G", "Darkhast: APPLY G", "APPLY G")),
    ("apply", ("APPLY G1001 I can start today", "darkhast g1001",
               "درخواست G۱۰۰۱"),
     ("Applied for G1001", "G1001 Design 10 social media posts ke liye "
      "darkhast ho gayi", "G1001 Design 10 social media posts کے لیے "
      "درخواست ہو گئی")),
    ("apply again", ("apply G1001", "DARKHAST G1001", "درخواست G1001"),
     ("already applied for G1001", "pehle hi darkhast",
      "پہلے ہی درخواست")),
    ("apply no gig", ("APPLY G99999", "darkhast G99999", "درخواست G99999"),
     ("There is no gig G99999", "G99999 naam ka koi kaam nahi",
      "G99999 نام کا کوئی کام نہیں")),
    ("status after", ("status", "HALAT", "حالت"),
     ("G1001 applied", "G1001 darkhast di", "G1001 درخواست دی")),
    ("enroll", ("ENROLL C106", "dakhla c106", "داخلہ C۱۰۶"),
     ("Enrolled in C106", "C106", "C106")),
    ("yes without offer", ("YES", "haan", "ہاں"),
     ("no open offer", "koi khuli offer nahi", "کوئی کھلی پیشکش نہیں")),
    ("gap", ("GAP G1003", "kami G1003", "کمی G1003"),
     ("G1003", "G1003", "G1003")),
    ("verify mistyped", ("VERIFY ABCDE", "tasdeeq ABCDE", "تصدیق ABCDE"),
     ("", "", "")),
    ("unknown", ("xyzzy plugh", "xyzzy plugh", "ابجد ہوز"),
     ("\"XYZZY\" is not a command", "\"XYZZY\" samajh nahi aya",
      "\"ابجد\" سمجھ نہیں آیا")),
    ("stop", ("STOP", "band", "بند"),
     ("no more messages", "koi SMS nahi ayega", "کوئی پیغام نہیں آئے گا")),
    ("start", ("START", "shuru", "شروع"),
     ("messages are on again", "SMS dobara shuru",
      "پیغامات دوبارہ شروع")),
]


def _scenario(li):
    lang = ("en", "ru", "ur")[li]
    ph = Phone(_number())
    # A queued, non-urgent outbox row for this number, due tomorrow: STOP
    # must suppress it.
    for name, texts, expects in STEPS:
        if name == "stop":
            sql("INSERT INTO sms_outbox (phone, body, kind, not_before)"
                " VALUES (:'p1', 'later', 'notice', now() + interval '1 day')",
                ph.number)
        r = ph.send(texts[li])
        assert expects[li] in r["text"], \
            "%s/%s: %r lacks %r" % (lang, name, r["text"], expects[li])
        assert r["text"].strip(), "%s/%s: empty reply" % (lang, name)
        # Urdu-script replies go out as UCS-2, the others as GSM-7.
        has_urdu = any(ord(ch) > 0x5ff for ch in r["text"])
        assert r["ucs2"] == has_urdu, \
            "%s/%s: ucs2=%s for %r" % (lang, name, r["ucs2"], r["text"])
        assert r["parts"] <= 2, "%s/%s: %d parts" % (lang, name, r["parts"])
        if name == "join":
            row = sql("SELECT u.lang, d.name_en, u.channel, u.name FROM users u"
                      " JOIN districts d ON d.id = u.district_id"
                      " WHERE u.phone = :'p1'", ph.number)
            assert row and row[0][:3] == [lang, "Swat", "sms"], row
            # What the phone typed arrives intact, Urdu script included.
            body = sql1("SELECT body FROM sms_inbox WHERE sender = :'p1'"
                        " ORDER BY id DESC LIMIT 1", ph.number)
            assert body == texts[li], (body, texts[li])
        if name == "apply":
            assert sql1("SELECT a.channel FROM applications a"
                        " JOIN users u ON u.id = a.user_id"
                        " JOIN gigs g ON g.id = a.gig_id"
                        " WHERE u.phone = :'p1' AND g.code = 'G1001'",
                        ph.number) == "sms"
        if name == "enroll":
            assert sql1("SELECT e.status FROM enrolments e"
                        " JOIN users u ON u.id = e.user_id"
                        " JOIN courses c ON c.id = e.course_id"
                        " WHERE u.phone = :'p1' AND c.code = 'C106'",
                        ph.number) in ("active", "waitlisted")
        if name == "gap":
            # C104 runs online only: not advice for someone on SMS.
            assert "C104" not in r["text"], r["text"]
        if name in ("courses", "gigs", "status", "status after",
                    "courses by skill", "join", "stop", "start"):
            # Lists and confirmations fit one SMS in every language.
            assert r["parts"] == 1, (lang, name, r)
        if name == "courses":
            # The default list holds no online-only course.
            assert "C102" not in r["text"] and "C104" not in r["text"], r
        if name == "courses by skill":
            assert "(online)" in r["text"] or "(آن لائن)" in r["text"], r
        if name == "verify mistyped":
            # The course module's answer, not "unknown command".
            assert "XYZZY" not in r["text"] and "VERIFY" not in r["text"][:6]
        if name == "stop":
            assert sql1("SELECT sms_opt_out FROM users WHERE phone = :'p1'",
                        ph.number) == "t"
            assert sql1("SELECT status FROM sms_outbox WHERE phone = :'p1'"
                        " AND body = 'later'", ph.number) == "suppressed"
        if name == "start":
            assert sql1("SELECT sms_opt_out FROM users WHERE phone = :'p1'",
                        ph.number) == "f"
    return ph


def test_sms_keywords_english():
    _scenario(0)


def test_sms_keywords_roman_urdu():
    _scenario(1)


def test_sms_keywords_urdu_script():
    ph = _scenario(2)
    # Every reply to this number was Urdu and went out as UCS-2.
    n = sql1("SELECT count(*) FROM sms_inbox WHERE sender = :'p1'",
             ph.number)
    assert int(n) == len(STEPS), n


def test_sms_urdu_gigs_show_titles():
    """The new user's walk: GIGS in Urdu script showed codes, pay and
    place but no title ("کام: G2005 Rs3000 سوات، G2001 Rs3000 سوات۔
    ..."): two gigs fill a 70-character UCS-2 SMS without them.  An Urdu
    page holds one gig, its title cut at a word, in one SMS."""
    title = "Logo for a honey shop in Mingora bazaar near the river"
    eid = sql1("SELECT id FROM users WHERE phone = '923000000003'")
    swat = sql1("SELECT id FROM districts WHERE name_en = 'Swat'")
    code = sql1("SELECT code FROM gig_save(:'p1', NULL, :'p2', 'A test gig.',"
                " 3000, false, :'p3', NULL, 'data-entry', '')",
                eid, title, swat)
    assert code, "gig_save failed"
    try:
        ph = Phone(_number())
        ph.send("شامل ٹیسٹ کمار سوات")
        r = ph.send("کام")
        assert r["ucs2"] and r["parts"] == 1, r
        # The newest gig in the person's district comes first.
        m = re.search(code + r" ([^،]+?)(…)? Rs3000 سوات", r["text"])
        assert m, "%s: no title for %s in %r" % ("ur", code, r["text"])
        shown = m.group(1)
        assert len(shown) >= 10 and title.startswith(shown), (shown, r)
        # Cut at a word: what is shown ends where a word of the title ends.
        assert shown == title or title[len(shown)] == " ", (shown, r)
        assert "MORE" in r["text"], r
        # MORE shows the next gig, again with its title.
        r = ph.send("MORE")
        assert r["parts"] == 1 and re.search(r"G\d+ \S", r["text"]), r
    finally:
        sql("DELETE FROM gigs WHERE code = :'p1'", code)


def test_sms_urdu_courses_show_whole_titles():
    """The new user's walk: COURSES in Urdu script cut every title to a
    word or two ("کورس: C106 فری لانسنگ کے…، C105 چھوٹی دکانوں…",
    then "C101 ایس…، C1403 کمپیوٹ…"): two courses in 70 UCS-2
    characters leave ~14 a title.  An Urdu page holds one course, and an
    SMS course's title of up to 25 characters reads whole."""
    # A course of its own, newest first: other tests' courses (English
    # titles only) may fill the first pages of a used database.
    title = "ہنر کا ٹیسٹ کورس %s" % uuid.uuid4().hex[:4]
    code = sql1("SELECT code FROM course_save((SELECT id FROM users WHERE "
                "role = 'trainer' ORDER BY id LIMIT 1), NULL, :'p1', :'p2',"
                " 'Walk test', '', 'sms', NULL, 'ur', 50, NULL, 24, 50, "
                "'data-entry', true)", "Walk test " + title[-4:], title)
    try:
        ph = Phone(_number())
        ph.send("شامل ٹیسٹ کمار سوات")
        seen = {}
        r = ph.send("کورس")
        for _ in range(4):
            assert r["ucs2"] and r["parts"] == 1, r
            for c in re.findall(r"\b(C\d+) ", r["text"]):
                seen[c] = r["text"]
            if "MORE" not in r["text"]:
                break
            r = ph.send("MORE")
        assert code in seen, (code, seen)
        short = sql("SELECT code, title_ur FROM courses WHERE published"
                    " AND mode = 'sms' AND length(title_ur) BETWEEN 1 AND "
                    "25 AND code = ANY (:'p1')", "{%s}" % ",".join(seen))
        for c, t in short:
            assert c + " " + t + "۔" in seen[c], (c, t, seen[c])
    finally:
        sql("DELETE FROM courses WHERE code = :'p1'", code)


def test_sms_lang_switch_and_offer_answer():
    ph = Phone(_number())
    ph.send("JOIN Lang Tester Lahore")
    r = ph.send("LANG UR")
    assert r["ucs2"] and r["text"] == "ہنر اب آپ کو اردو میں لکھے گا۔", r
    assert sql1("SELECT lang FROM users WHERE phone = :'p1'",
                ph.number) == "ur"
    r = ph.send("zaban roman")
    assert r["text"] == "Hunar ab aap ko Roman Urdu mein likhega.", r
    r = ph.send("LANG klingon")
    assert "LANG EN" in r["text"] and "Roman Urdu" in r["text"], r
    # An employer's offer, answered YES by SMS: the application moves and
    # the reply is the matching module's.
    sql("INSERT INTO applications (gig_id, user_id, status, channel)"
        " SELECT g.id, u.id, 'offered', 'match' FROM gigs g, users u"
        " WHERE g.code = 'G1004' AND u.phone = :'p1'", ph.number)
    sql("INSERT INTO applications (gig_id, user_id, status, channel)"
        " SELECT g.id, u.id, 'offered', 'match' FROM gigs g, users u"
        " WHERE g.code = 'G1006' AND u.phone = :'p1'", ph.number)
    r = ph.send("haan G1004")
    assert "G1004" in r["text"] and "qubool" in r["text"], r
    r = ph.send("nahi")
    assert "G1006" in r["text"] and "inkaar" in r["text"], r
    st = sql("SELECT g.code, a.status FROM applications a"
             " JOIN gigs g ON g.id = a.gig_id JOIN users u ON u.id = a.user_id"
             " WHERE u.phone = :'p1' ORDER BY g.code", ph.number)
    assert st == [["G1004", "accepted"], ["G1006", "declined"]], st


def test_sms_unregistered_commands_and_stop():
    ph = Phone(_number())
    r = ph.send("STATUS")
    assert "register first" in r["text"], r
    r = ph.send("حالت")
    assert "پہلے رجسٹر کریں" in r["text"] and r["ucs2"], r
    r = ph.send("JOIN Nobody Atlantis")
    assert "No district found" in r["text"], r
    r = ph.send("JOIN")
    assert "To register send JOIN" in r["text"], r
    # STOP from a number that never registered is honoured too.
    r = ph.send("stop")
    assert "no more messages" in r["text"], r
    assert sql1("SELECT count(*) FROM sms_stops WHERE phone = :'p1'",
                ph.number) == "1"
    assert sql1("SELECT sms_opted_out(:'p1')", ph.number) == "t"
    r = ph.send("START")
    assert sql1("SELECT sms_opted_out(:'p1')", ph.number) == "f"


def test_sms_language_chosen_before_joining_sticks():
    """Issue 10: LANG UR from a number that has not registered, then
    HELP: the answer is Urdu (it was English); JOIN keeps it."""
    ph = Phone(_number())
    r = ph.send("LANG UR")
    assert r["ucs2"] and "ہنر اب اردو میں لکھے گا" in r["text"], r
    assert r["parts"] == 1, r
    r = ph.send("HELP")
    assert r["ucs2"] and "رجسٹر: JOIN نام اور ضلع" in r["text"], r
    r = ph.send("STATUS")
    assert "پہلے رجسٹر کریں" in r["text"], r
    r = ph.send("JOIN Lang Keeper Swat")
    assert "خوش آمدید" in r["text"] and r["parts"] == 1, r
    assert sql1("SELECT lang FROM users WHERE phone = :'p1'",
                ph.number) == "ur"
    assert sql1("SELECT count(*) FROM sms_prefs WHERE phone = :'p1'",
                ph.number) == "0"
    # The optional question went to the outbox, not urgent.
    assert sql1("SELECT urgent FROM sms_outbox WHERE phone = :'p1' AND "
                "kind = 'ask_about'", ph.number) == "f"
    r = ph.send("F 19")
    assert "شکریہ" in r["text"], r
    assert sql("SELECT gender, age_band FROM users WHERE phone = :'p1'",
               ph.number) == [["f", "18-24"]]


def _inbound(params):
    q = dict(params)
    q.setdefault("key", SECRET)
    return get("/sms/inbound?" + urllib.parse.urlencode(q))


def test_sms_retried_callback_acted_on_once():
    num = _number()
    kid = "test-%d" % random.randint(0, 10**9)
    r = _inbound({"id": kid + "-j", "from": num, "to": SHORTCODE,
                  "text": "شامل تکرار سوات", "coding": "0"})
    assert r.status == 200 and r.header("X-Kannel-Coding") == "2", r.text
    assert "خوش آمدید" in r.text
    args = {"id": kid, "from": num, "to": SHORTCODE, "text": "APPLY G1002",
            "coding": "0"}
    r1 = _inbound(args)
    r2 = _inbound(args)
    assert r1.status == r2.status == 200
    assert r1.body == r2.body and "G1002" in r1.text, (r1.text, r2.text)
    assert r2.header("X-Kannel-Coding") == "2"
    assert sql1("SELECT count(*) FROM sms_inbox WHERE kannel_id = :'p1'",
                kid) == "1"
    assert sql1("SELECT count(*) FROM applications a JOIN users u"
                " ON u.id = a.user_id WHERE u.phone = :'p1'", num) == "1"


def test_sms_inbound_refuses_and_survives_hostile_text():
    num = _number()
    assert _inbound({"key": "wrong", "id": "x1", "from": num,
                     "text": "HELP"}).status == 403
    assert _inbound({"from": num, "text": "HELP"}).status == 400
    assert _inbound({"id": "x2", "text": "HELP"}).status == 400
    for i, text in enumerate([
            "JOIN Robert'); DROP TABLE users; -- Swat",
            "x" * 1500, "\x00\x01HELP", "JOIN %s Swat" % ("ن" * 300),
            "COURSES %_%", "APPLY G1001 " + "y" * 1400]):
        kid = "hostile-%d-%d" % (random.randint(0, 10**9), i)
        r = _inbound({"id": kid, "from": num, "to": SHORTCODE,
                      "text": text, "coding": "0"})
        assert r.status == 200 and r.text.strip(), (text[:20], r.status)
        assert sql1("SELECT count(*) FROM sms_inbox WHERE kannel_id = :'p1'",
                    kid) == "1"
    assert int(sql1("SELECT count(*) FROM users")) > 1
    # Invalid UTF-8 is stored as "?" and still answered.
    r = get("/sms/inbound?key=%s&id=bad-%d&from=%s&text=%%FF%%FE"
            % (urllib.parse.quote(SECRET), random.randint(0, 10**9), num))
    assert r.status == 200 and r.text.strip()
