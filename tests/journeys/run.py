#!/usr/bin/env python3
"""Plays the journeys in tests/journeys/*.journey against the live stack
and compares every reply with the transcript.  Usage: run.py [filter].

A journey is a person's days written as a transcript (README.md has the
grammar): what the phone sends, by SMS through fakesmsc -> bearerbox ->
smsbox -> Kore or by USSD, and every message it gets back, reply by
reply.  Nothing is faked: the lesson daemon and the outbox sender run
(with quiet hours off for the run, so that what they send arrives within
the step that caused it; the replies that speak of quiet hours say
either).  Last line: "N passed, N failed" (one per journey)."""
import os
import re
import subprocess
import sys
import time
import traceback
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

from hunar_test import (ENV, SHORTCODE, catalogue_mark,  # noqa: E402
                        catalogue_swept, post, sql, sql1)
CODE = ENV.get("HUNAR_USSD_CODE", "*282#")
from test_ussd__lib import fakesmsc, URDU  # noqa: E402

KEY = ENV["HUNAR_SMS_SECRET"]
BUILD = os.environ.get("HUNAR_BUILD", "build")
VAR = os.environ.get("HUNAR_VAR", os.path.join(ROOT, "var"))
ART = os.path.join(ROOT, "tests", "artifacts", "journeys")
TRAINER = "923000000002"
EMPLOYER = "923000000003"
SETTLE = 1.5		# seconds to listen for a message nobody expected
# JOURNEY_RECORD=1: play the inputs and write what came back as a draft
# transcript (<name>.journey.recorded in tests/artifacts/journeys), to be
# read line by line before it becomes the expectation.
RECORD = os.environ.get("JOURNEY_RECORD") == "1"
if RECORD:
    SETTLE = 7.0
STEP_TIMEOUT = 25


class JourneyError(AssertionError):
    pass


def pattern(text, var):
    """A transcript line as a regular expression: {name} is a value,
    {?name} captures one, {*} is anything, {a|b} either text."""
    out, i, caught = "", 0, set()
    for m in re.finditer(r"\{([^{}]*)\}", text):
        out += re.escape(text[i:m.start()])
        body = m.group(1)
        if body == "*":
            out += ".*?"
        elif body.startswith("?"):
            out += "(?P<%s>\\S+?)" % body[1:]
            caught.add(body[1:])
        elif body in caught:
            out += "(?P=%s)" % body
        elif "|" in body:
            out += "(?:%s)" % "|".join(re.escape(x) for x in
                                        body.split("|"))
        elif body in var:
            out += re.escape(var[body])
        else:
            raise JourneyError("unknown {%s}" % body)
        i = m.end()
    out += re.escape(text[i:])
    return re.compile(out + r"\Z", re.S)


def subst(text, var):
    return re.sub(r"\{(\w+)\}", lambda m: var[m.group(1)], text)


# ---- fixtures a journey declares (given ...) ----

def given_course(var, name, title, title_ur, lessons, pass_mark, urdu):
    tid = sql1("SELECT id FROM users WHERE phone = :'p1'", TRAINER)
    code = sql1("SELECT code FROM course_save(:'p1', NULL, :'p2', :'p3', "
                "'Journey course', '', 'sms', NULL, :'p4', 50, NULL, 24, "
                ":'p5', 'data-entry', true)", tid, title, title_ur,
                "ur" if urdu else "en", pass_mark)
    for i in range(1, lessons + 1):
        if urdu:
            body = "سبق %d: اپنا پن کوڈ کسی کو نہ بتائیں۔" % i
            q = "سوال %d: پن کوڈ کس کو بتائیں؟" % i
            opts = "ARRAY['کسی کو نہیں', 'دوست کو', 'دکاندار کو']"
        else:
            body = "Lesson %d: never tell anyone your PIN." % i
            q = "Question %d: who may know your PIN?" % i
            opts = "ARRAY['No one', 'A friend', 'A shopkeeper']"
        r = sql1("SELECT result FROM course_lesson_save(:'p1', :'p2', NULL,"
                 " :'p3', :'p4', :'p4', :'p5', " + opts + ", 1)",
                 tid, code, "Lesson %d" % i, body, q)
        if r != "ok":
            raise JourneyError("course fixture: %s" % r)
    var[name] = code


def given_gig(var, name, title, pay, place):
    eid = sql1("SELECT id FROM users WHERE phone = :'p1'", EMPLOYER)
    remote = place == "remote"
    dist = None if remote else sql1(
        "SELECT id FROM districts WHERE name_en = :'p1'", place)
    code = sql1("SELECT code FROM gig_save(:'p1', NULL, :'p2', "
                "'A journey gig.', :'p3', :'p4', nullif(:'p5', '')::int, "
                "NULL, 'data-entry', '')", eid, title, pay,
                "true" if remote else "false", dist or "")
    if not code:
        raise JourneyError("gig fixture failed")
    var[name] = code


def employer_offers(var, gig, who):
    """The demo employer offers the gig as the site does (the offer SMS
    is worded in C: matching/match_text.c)."""
    from test_web__lib import api, demo_login
    uid = sql1("SELECT id FROM users WHERE phone = :'p1'", var[who])
    r = api("POST", "/api/v1/gigs/%s/offers" % var[gig],
            demo_login("0" + EMPLOYER[2:]), {"user_id": int(uid)})
    if r.status != 201 or r.json().get("status") != "offered":
        raise JourneyError("offer: %s %s" % (r.status, r.text))


# ---- the channels ----

def readable(t):
    """A concatenated GSM-7 message arrives from fakesmsc as 8-bit data,
    which the collector may read as UTF-16 when its length is even: the
    bytes again, as the text they are."""
    if t and sum(0x3400 <= ord(ch) <= 0x9fff for ch in t) > len(t) // 2:
        try:
            return t.encode("utf-16-be").decode("utf-8")
        except UnicodeError:
            return t
    return t


def sms_step(phone, text, expected, var, log):
    """Sends text from phone; every message that reaches the phone in
    the step must match one expected line, and each expected line one
    message."""
    if URDU.search(text):
        payload = "ucs2 " + urllib.parse.quote(text.encode("utf-16-be"))
    else:
        payload = "text " + text
    got = fakesmsc(phone, "%s %s %s" % (phone, SHORTCODE, payload),
                   expect=max(len(expected), 1), timeout=STEP_TIMEOUT,
                   settle=SETTLE, about=True)
    texts = [readable(g["text"]) for g in got]
    for t in texts:
        log.append("    got: " + t.replace("\n", "\n         "))
    if RECORD:
        record(texts)
        return
    left = list(texts)
    for exp in expected:
        rx = pattern(exp, var)
        for t in left:
            m = rx.match(t)
            if m:
                var.update({k: v for k, v in m.groupdict().items() if v})
                left.remove(t)
                break
        else:
            raise JourneyError("expected %r\n      got %r" % (exp, texts))
    if left:
        raise JourneyError("unexpected %r" % left)


class Ussd:
    def __init__(self, phone):
        self.phone = phone
        self.sid = "JRNY_" + uuid.uuid4().hex
        self.inputs = []

    def hop(self, x):
        if x is not None:
            self.inputs.append(x)
        r = post("/ussd?key=" + urllib.parse.quote(KEY), form={
            "sessionId": self.sid, "serviceCode": "*123#",
            "phoneNumber": "+" + self.phone, "networkCode": "41001",
            "text": "*".join(self.inputs)})
        if r.status != 200:
            raise JourneyError("USSD answered %d" % r.status)
        return r.text


def ussd_step(sess, x, expected, var, log):
    screen = sess.hop(x)
    log.append("    got: " + screen.replace("\n", "\n         "))
    if RECORD:
        record([screen])
        return
    want = "\n".join(expected)
    m = pattern(want, var).match(screen)
    if not m:
        raise JourneyError("expected screen\n%s\n      got\n%s" %
                           (want, screen))
    var.update({k: v for k, v in m.groupdict().items() if v})


RECORDED = []


def record(texts):
    for t in texts:
        lines = t.split("\n")
        RECORDED.append("< " + lines[0])
        RECORDED.extend("| " + ln for ln in lines[1:])


class BrowserPhone:
    """The browser phone (/phone): the page's forms, its number and its
    thread (tests/integration/test_ussd_phone.py's Phone)."""

    def __init__(self):
        from test_ussd_phone import Phone
        self.p = Phone()

    def after(self, text):
        """What reached the page after this message (the page shows the
        newest twelve)."""
        self.p.open()
        th = self.p.thread()
        last = max(i for i, m in enumerate(th) if m == ("mo", text))
        return [t for who, t in th[last + 1:] if who == "mt"]

    def sms(self, text, expect):
        """Sends text; waits until `expect` messages arrived (an outbox
        message comes later than the reply), then SETTLE more."""
        r, _ = self.p.sms(text)
        if r.status != 303:
            raise JourneyError("/phone/sms answered %d" % r.status)
        deadline = time.time() + STEP_TIMEOUT
        while len(self.after(text)) < expect and time.time() < deadline:
            time.sleep(0.3)
        time.sleep(SETTLE)
        return self.after(text)

    def hop(self, x):
        """The screen as /ussd answers it: "CON" while the page asks for
        an answer, "END" when it offers to dial again."""
        if x is None:
            scr = self.p.ussd("dial", CODE)
        else:
            scr = self.p.ussd("send", x, n=self.p.hop())
        return ("CON " if self.p.hop() is not None else "END ") + scr


def page_sms_step(bp, text, expected, var, log):
    texts = bp.sms(text, max(len(expected), 1))
    for t in texts:
        log.append("    got: " + t.replace("\n", "\n         "))
    if RECORD:
        record(texts)
        return
    if len(texts) != len(expected):
        raise JourneyError("expected %d messages, got %r" %
                           (len(expected), texts))
    for exp, t in zip(expected, texts):
        m = pattern(exp, var).match(t)
        if not m:
            raise JourneyError("expected %r\n      got %r" % (exp, t))
        var.update({k: v for k, v in m.groupdict().items() if v})


# ---- the transcript ----

STEP = re.compile(r"^\{(\w+)\} (sms|ussd|types|presses)> ?(.*)$")
DIAL = re.compile(r"^\{(\w+)\} dials( on the page)?$")


def parse(path):
    """(title, [(lineno, kind, args, [expected lines])])"""
    title, steps = os.path.basename(path), []
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("journey: "):
            title = line[9:].strip()
        elif line.startswith("< ") or line == "<":
            steps[-1][3].append(line[2:])
        elif line.startswith("| ") or line == "|":
            steps[-1][3][-1] += "\n" + line[2:]
        else:
            steps.append((n, "do", line, []))
    return title, steps


GIVEN_COURSE = re.compile(r"^given course \{(\w+)\}: (.+?) / (.+?), "
                          r"(\d+) lessons?, pass mark (\d+)%( in Urdu)?$")
GIVEN_GIG = re.compile(r"^given gig \{(\w+)\}: (.+?), Rs (\d+), "
                       r"(?:in (.+)|remote)$")
GIVEN_PHONE = re.compile(r"^given phone \{(\w+)\}$")
GIVEN_BROWSER = re.compile(r"^given browser phone \{(\w+)\}$")
OFFER = re.compile(r"^the employer offers \{(\w+)\} to \{(\w+)\}$")
CHECK = re.compile(r"^check: (.+)$")


def play(path):
    title, steps = parse(path)
    var, log, sessions = {}, ["journey: " + title], {}
    try:
        for n, _, line, expected in steps:
            log.append("%4d %s" % (n, line))
            RECORDED.append(line)
            m = GIVEN_PHONE.match(line)
            if m:
                var[m.group(1)] = "9234%08d" % (uuid.uuid4().int % 10**8)
                continue
            m = GIVEN_BROWSER.match(line)
            if m:
                sessions[m.group(1)] = BrowserPhone()
                var[m.group(1)] = sessions[m.group(1)].p.number
                continue
            m = GIVEN_COURSE.match(line)
            if m:
                given_course(var, m.group(1), m.group(2), m.group(3),
                             int(m.group(4)), int(m.group(5)),
                             bool(m.group(6)))
                continue
            m = GIVEN_GIG.match(line)
            if m:
                given_gig(var, m.group(1), m.group(2), m.group(3),
                          m.group(4) or "remote")
                continue
            m = OFFER.match(line)
            if m:
                employer_offers(var, m.group(1), m.group(2))
                sms_wait(var[m.group(2)], expected, var, log)
                continue
            m = DIAL.match(line)
            if m:
                if not m.group(2):
                    sessions[m.group(1)] = Ussd(var[m.group(1)])
                ussd_step(sessions[m.group(1)], None, expected, var, log)
                continue
            m = STEP.match(line)
            if m and m.group(2) == "types":
                page_sms_step(sessions[m.group(1)], subst(m.group(3), var),
                              expected, var, log)
                continue
            if m and m.group(2) == "sms":
                sms_step(var[m.group(1)], subst(m.group(3), var), expected,
                         var, log)
                continue
            if m:
                ussd_step(sessions[m.group(1)], subst(m.group(3), var),
                          expected, var, log)
                continue
            m = CHECK.match(line)
            if m:
                check(m.group(1), var)
                continue
            raise JourneyError("line %d not understood: %s" % (n, line))
    except Exception as e:
        log.append("FAILED at line %d: %s" % (n, e))
        if not isinstance(e, JourneyError):
            log.append(traceback.format_exc())
        return False, title, log
    return True, title, log


def sms_wait(phone, expected, var, log):
    """Messages that come without the phone sending anything."""
    got = fakesmsc(phone, None, expect=max(len(expected), 1),
                   timeout=STEP_TIMEOUT, settle=SETTLE, about=True)
    texts = [readable(g["text"]) for g in got]
    for t in texts:
        log.append("    got: " + t)
    if RECORD:
        record(texts)
        return
    for exp in expected:
        rx = pattern(exp, var)
        if not any(rx.match(t) for t in texts):
            raise JourneyError("expected %r\n      got %r" % (exp, texts))
    if len(texts) > len(expected):
        raise JourneyError("unexpected %r" % texts)


# A few facts a transcript states about what is stored, in words.
CHECKS = [
    (re.compile(r"^\{(\w+)\} is a (woman|man), aged (u18|18-24|25-34|35\+)$"),
     lambda var, m: sql1("SELECT gender || ' ' || age_band FROM users WHERE "
                         "phone = :'p1'", var[m.group(1)]) ==
     "%s %s" % ("f" if m.group(2) == "woman" else "m", m.group(3))),
    (re.compile(r"^\{(\w+)\} lives in (.+)$"),
     lambda var, m: sql1("SELECT d.name_en FROM users u JOIN districts d ON "
                         "d.id = u.district_id WHERE u.phone = :'p1'",
                         var[m.group(1)]) == m.group(2)),
    (re.compile(r"^\{(\w+)\} holds a certificate for \{(\w+)\}$"),
     lambda var, m: sql1("SELECT count(*) FROM certificates ce JOIN users u "
                         "ON u.id = ce.user_id JOIN courses c ON "
                         "c.id = ce.course_id WHERE u.phone = :'p1' AND "
                         "c.code = :'p2'", var[m.group(1)],
                         var[m.group(2)]) == "1"),
    # A person of a shared phone, by name (issue 14): "Bilal on {home}".
    (re.compile(r"^(\w+) on \{(\w+)\} holds (a|no) certificate for "
                r"\{(\w+)\}$"),
     lambda var, m: sql1("SELECT count(*) FROM certificates ce JOIN "
                         "sms_seats s ON s.user_id = ce.user_id JOIN users u "
                         "ON u.id = s.user_id JOIN courses c ON "
                         "c.id = ce.course_id WHERE s.phone = :'p1' AND "
                         "u.name = :'p2' AND c.code = :'p3'", var[m.group(2)],
                         m.group(1), var[m.group(4)]) ==
     ("1" if m.group(3) == "a" else "0")),
    (re.compile(r"^(\w+) on \{(\w+)\} is (not )?enrolled in \{(\w+)\}$"),
     lambda var, m: sql1("SELECT count(*) FROM enrolments e JOIN "
                         "sms_seats s ON s.user_id = e.user_id JOIN users u "
                         "ON u.id = s.user_id JOIN courses c ON "
                         "c.id = e.course_id WHERE s.phone = :'p1' AND "
                         "u.name = :'p2' AND c.code = :'p3'", var[m.group(2)],
                         m.group(1), var[m.group(4)]) ==
     ("0" if m.group(3) else "1")),
    (re.compile(r"^\{(\w+)\} writes in (en|ru|ur)$"),
     lambda var, m: sql1("SELECT lang FROM users WHERE phone = :'p1'",
                         var[m.group(1)]) == m.group(2)),
    (re.compile(r"^the employer sees \{(\w+)\}'s answer to \{(\w+)\}$"),
     lambda var, m: sql1("SELECT answered_at IS NOT NULL AND (SELECT sms "
                         "FROM match_offer_state(a.gig_id, a.user_id)) <> ''"
                         " FROM applications a JOIN users u ON "
                         "u.id = a.user_id JOIN gigs g ON g.id = a.gig_id "
                         "WHERE u.phone = :'p1' AND g.code = :'p2'",
                         var[m.group(1)], var[m.group(2)]) == "t"),
]


def check(text, var):
    for rx, fn in CHECKS:
        m = rx.match(text)
        if m:
            if not fn(var, m):
                raise JourneyError("check failed: " + text)
            return
    raise JourneyError("no such check: " + text)


def daemons(quiet):
    """The stack's lesson daemon and sender, restarted with quiet hours
    `quiet` (None: as the stack starts them)."""
    env = dict(os.environ)
    for d in ("hunar_lessons", "hunar_sender"):
        subprocess.run(["bash", "infra/stack", "stop", d], cwd=ROOT,
                       capture_output=True)
    if quiet is not None:
        env["HUNAR_QUIET_HOURS"] = quiet
    subprocess.run(["bash", "infra/stack", "up"], cwd=ROOT, env=env,
                   capture_output=True)


def main():
    flt = sys.argv[1] if len(sys.argv) > 1 else ""
    os.makedirs(ART, exist_ok=True)
    files = sorted(f for f in os.listdir(HERE) if f.endswith(".journey")
                   and flt in f)
    passed = failed = 0
    daemons("off")
    # The courses and gigs the journeys' fixtures make ("given course",
    # "given gig") leave with the run: the demo catalogue stays the seed's.
    catalogue_mark()
    try:
        for f in files:
            t0 = time.time()
            ok, title, log = play(os.path.join(HERE, f))
            with open(os.path.join(ART, f + ".log"), "w") as out:
                out.write("\n".join(log) + "\n")
            if RECORD:
                with open(os.path.join(ART, f + ".recorded"), "w") as out:
                    out.write("\n".join(RECORDED) + "\n")
                del RECORDED[:]
            if ok:
                passed += 1
                print("ok %s: %s (%.1fs)" % (f, title, time.time() - t0))
            else:
                failed += 1
                print("not ok %s: %s" % (f, title))
                print("\n".join("  " + ln for ln in log[-12:]))
            sys.stdout.flush()
    finally:
        daemons(None)
        print(catalogue_swept())
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
