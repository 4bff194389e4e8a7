"""The browser phone, /phone (issue 11, deliverable 7): an SMS typed on the
page goes hunar_phone -> bearerbox -> smsbox -> hunar_spool -> Kore and its
reply comes back through bearerbox (Kannel's access log says so, on the
"phone" SMSC); the USSD menu walks through the same engine as /ussd; STOP
holds, the page's own limit and the outbox's rate limit hold for the
phone's numbers; off means 404.  Needs the stack up with HUNAR_PHONE=1
(tests/run sets it)."""
import html
import os
import re
import time

from hunar_test import ENV, VAR, get, post, sql, sql1, stack, wait_for

CODE = ENV.get("HUNAR_USSD_CODE", "*282#")
PREFIX = ENV.get("HUNAR_PHONE_PREFIX", "92399")


class Phone:
    """One browser: its cookie, its CSRF token, its number."""

    def __init__(self, lang=None):
        self.cookies = {}
        if lang:
            self.cookies["lang"] = lang
        self.page = self.open()

    def open(self, path="/phone"):
        r = get(path, cookies=self.cookies)
        assert r.status == 200, (r.status, r.text[:300])
        self.cookies.update(r.cookies())
        self.csrf = re.search(r'name="csrf" value="([0-9a-f]+)"',
                              r.text).group(1)
        m = re.search(r'id="num" dir="ltr">0(\d{3}) (\d{7})<', r.text)
        self.number = "92" + m.group(1) + m.group(2)
        self.page = r.text
        return r.text

    def post(self, path, **form):
        form["csrf"] = self.csrf
        r = post(path, form=form, cookies=self.cookies, timeout=20)
        self.cookies.update(r.cookies())
        return r

    def sms(self, text):
        t0 = time.time()
        r = self.post("/phone/sms", text=text)
        took = time.time() - t0
        if r.status == 303:
            self.open()
        return r, took

    def ussd(self, act, text="", n=None):
        form = {"act": act, "input": text}
        if n is not None:
            form["n"] = str(n)
        r = self.post("/phone/ussd", **form)
        assert r.status == 303, (r.status, r.text[:300])
        self.open()
        return self.screen()

    def screen(self):
        m = re.search(r'<div class="scr" role="status" dir="auto">(.*?)'
                      r'</div>', self.page, re.S)
        return html.unescape(m.group(1)) if m else None

    def hop(self):
        m = re.search(r'name="n" value="(\d+)"', self.page)
        return int(m.group(1)) if m else None

    def thread(self):
        """The messages on the page, (who, text), oldest first."""
        out = []
        for cls, text in re.findall(
                r'<li class="(mo|mt)"><b>[^<]*</b><span dir="auto">(.*?)'
                r'</span></li>', self.page, re.S):
            out.append((cls, html.unescape(text)))
        return out

    def replies(self):
        return [t for c, t in self.thread() if c == "mt"]


def access_log():
    with open(os.path.join(VAR, "log", "kannel-access.log")) as f:
        return f.read()


def test_phone_number_in_the_reserved_range():
    p = Phone()
    assert p.number.startswith(PREFIX) and len(p.number) == 12, p.number
    # Its own number per browser session, kept across pages.
    assert Phone().number != p.number
    n1 = p.number
    p.open()
    assert p.number == n1
    # A real operator's number is refused, in the page's language.
    r = p.post("/phone/number", number="0300 1234567")
    assert r.status == 422 and "starts with 0399" in r.text, r.status
    r = p.post("/phone/number", number="0399 7654321")
    assert r.status == 303
    p.open()
    assert p.number == PREFIX + "7654321"
    r = p.post("/phone/number", new="1")
    assert r.status == 303
    p.open()
    assert p.number != PREFIX + "7654321"


def test_phone_sms_goes_through_kannel():
    p = Phone()
    r, took = p.sms("HELP")
    assert r.status == 303 and r.header("location").endswith("/phone#sms"), \
        (r.status, r.header("location"))
    replies = p.replies()
    assert replies and replies[-1].startswith("Hunar: skills and work by SMS"), \
        p.thread()
    assert p.thread()[0] == ("mo", "HELP")
    # bearerbox received it on the phone's SMSC and sent the reply there.
    log = access_log()
    assert re.search(r"Receive SMS \[SMSC:phone\].*\[from:%s\] \[to:%s\]"
                     % (p.number, ENV["HUNAR_SHORTCODE"]), log)
    assert re.search(r"Sent SMS \[SMSC:phone\].*\[to:%s\]" % p.number, log)
    # Kore stored it as any operator's message (Kannel's id, the sender).
    row = sql("SELECT body, status FROM sms_inbox WHERE sender = :'p1'",
              p.number)
    assert row == [["HELP", row[0][1]]] and row[0][1], row
    # The POST waited for the reply: no refresh needed.
    assert took < 5, took


def test_phone_urdu_both_ways():
    p = Phone(lang="ur")
    assert "براؤزر فون" in p.page
    p.sms("LANG UR")
    p.sms("مدد")
    assert p.thread()[-2] == ("mo", "مدد"), p.thread()
    # The Urdu help is two UCS-2 parts, put together again.
    assert p.replies()[-1].startswith("ہنر: ایس ایم ایس پر ہنر اور کام"), \
        p.replies()
    assert sql1("SELECT body FROM sms_inbox WHERE sender = :'p1' AND "
                "body = 'مدد'", p.number) == "مدد"


def test_phone_ussd_walk():
    p = Phone()
    scr = p.ussd("dial", CODE)
    assert scr.startswith("Hunar: choose language"), scr
    assert p.hop() == 1
    scr = p.ussd("send", "1", n=1)
    assert scr.startswith("Your name?"), scr
    # The same form sent twice (a double click): the input counts once.
    scr = p.ussd("send", "1", n=1)
    assert scr.startswith("Your name?"), scr
    scr = p.ussd("send", "Sana Demo", n=2)
    assert scr.startswith("Your province?"), scr
    # Hanging up and dialling again resumes, as on /ussd.
    p.ussd("hang")
    assert p.screen() is None and 'value="dial"' in p.page
    scr = p.ussd("dial", CODE)
    assert "Your province?" in scr, scr
    # Another code: what a phone says about an unknown service.
    scr = p.ussd("dial", "*123#")
    assert scr == "Unknown service code. Hunar's code is %s." % CODE, scr
    # The session lives where /ussd keeps its own (Redis ussd:<number>).
    from hunar_test import redis
    assert redis("EXISTS", "ussd:" + p.number) == "(integer) 1"


def test_phone_stop_holds():
    p = Phone()
    p.sms("STOP")
    assert p.replies()[-1].startswith("Hunar: you will get no more"), \
        p.replies()
    p.sms("HELP")
    assert p.replies()[-1].startswith("Hunar messages are off for this "
                                      "number"), p.replies()
    assert sql1("SELECT count(*) FROM sms_stops WHERE phone = :'p1'",
                p.number) == "1"
    # Nothing from the outbox reaches a stopped number either.
    sql("INSERT INTO sms_outbox (phone, body, kind, urgent) VALUES "
        "(:'p1', 'after stop', 'notice', true)", p.number)
    time.sleep(3)
    p.open()
    assert "after stop" not in p.page


def test_phone_page_rate_limit():
    p = Phone()
    for i in range(10):
        r, _ = p.sms("HELP")
        assert r.status == 303, (i, r.status)
    r, _ = p.sms("HELP")
    assert r.status == 429 and "Too many messages from this phone" in \
        r.text, r.status
    assert sql1("SELECT count(*) FROM sms_inbox WHERE sender = :'p1'",
                p.number) == "10"


def test_phone_outbox_routed_and_rate_limited():
    """Messages Hunar sends on its own (not replies) reach the browser
    phone too, by its number's range, and hunar_sender's per-number rate
    limit (HUNAR_SMS_RATE, 10 a minute) holds for it."""
    p = Phone()
    for i in range(12):
        sql("INSERT INTO sms_outbox (phone, body, kind, urgent) VALUES "
            "(:'p1', :'p2', 'notice', true)", p.number, "note %02d" % i)

    def got():
        p.open()
        return [t for t in p.replies() if t.startswith("note ")]
    notes = wait_for(lambda: len(got()) >= 10 and got(), timeout=20)
    time.sleep(3)
    notes = got()
    assert len(notes) == 10, notes
    assert re.search(r"Sent SMS \[SMSC:phone\].*\[to:%s\]" % p.number,
                     access_log())
    assert sql1("SELECT count(*) FROM sms_outbox WHERE phone = :'p1' AND "
                "status IN ('queued', 'sending')", p.number) == "2"


def test_phone_off_is_404():
    try:
        os.environ["HUNAR_PHONE"] = "0"
        r = stack("restart-kore")
        assert r.returncode == 0, r.stdout + r.stderr
        assert get("/phone").status == 404
        assert post("/phone/sms", form={"text": "HELP"}).status == 404
    finally:
        os.environ["HUNAR_PHONE"] = "1"
        stack("restart-kore")
    assert get("/phone").status == 200
