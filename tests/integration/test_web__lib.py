"""Shared helpers for the web tests (no test cases here): a browser-like
client that keeps its cookies and reads CSRF tokens from forms, API
sign-ups with fresh phone numbers, demo logins."""
import json as jsonlib
import random
import re

from hunar_test import http, redis, sql1

# The per-address login window is shared by every test run from 127.0.0.1;
# start each run with it empty so repeated runs do not trip it.
redis("DEL", "bo:loginip:127.0.0.1", "rl:codeip:127.0.0.1",
      "rl:verifyip:127.0.0.1")

CSRF_RE = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


def fresh_phone():
    return "0345%07d" % random.randint(0, 9999999)


def intl(phone):
    return "92" + phone[1:]


class Browser:
    """Cookies across requests, like a browser without JavaScript."""

    def __init__(self):
        self.cookies = {}
        self.last = None

    def req(self, method, path, **kw):
        r = http(method, path, cookies=dict(self.cookies), **kw)
        self.cookies.update(r.cookies())
        self.last = r
        return r

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def csrf(self, path="/login"):
        m = CSRF_RE.search(self.get(path).text)
        assert m, "no csrf token on " + path
        return m.group(1)

    def post(self, path, form, csrf_from=None, **kw):
        form = dict(form)
        if "csrf" not in form:
            form["csrf"] = self.csrf(csrf_from or "/login")
        return self.req("POST", path, form=form, **kw)

    def login(self, phone, password):
        r = self.post("/login", {"phone": phone, "password": password})
        assert r.status == 303, (r.status, r.text[:300])
        return r


def api(method, path, token=None, body=None, raw=None, headers=None,
        source=None, timeout=10):
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    kw = {"headers": h, "source": source, "timeout": timeout}
    if raw is not None:
        return http(method, path, body=raw, **kw)
    if body is not None:
        return http(method, path, json=body, **kw)
    return http(method, path, **kw)


# One-time codes are read as the phone reads them: from the SMS Kannel
# delivers to fakesmsc.  The outbox keeps a code only until the sender has
# handed it to Kannel (then the digits are masked), so a test that read it
# from sms_outbox.body would race the sender.  What each number received
# is kept here: a code is taken from Kannel once, and asked for again it
# is answered from memory.  Code rows queued before this process started
# are not waited for (a number reused from an earlier run).
_PHONE_SMS = {}
_SINCE = int(sql1("SELECT coalesce(max(id), 0) FROM sms_outbox") or 0)
_CODE_RE = re.compile(r"[0-9]{6}")


def code_sms(phone, timeout=20):
    """The newest one-time-code SMS that reached `phone`: (code, text),
    or (None, None).  Waits for every code row queued for the number
    since the last look (counted in the outbox, its body not read)."""
    from test_ussd__lib import fakesmsc
    to = intl(phone)
    seen, got = _PHONE_SMS.get(to, (0, []))
    n = int(sql1("SELECT count(*) FROM sms_outbox WHERE phone = :'p1' AND "
                 "kind = 'otp' AND id > :'p2' AND status NOT IN "
                 "('suppressed', 'failed')", to, _SINCE))
    if n > seen:
        got = got + fakesmsc(to, None, expect=n - seen, timeout=timeout,
                             settle=0.3)
        _PHONE_SMS[to] = (n, got)
    for m in reversed(got):
        c = _CODE_RE.search(m["text"])
        if c:
            return c.group(0), m["text"]
    return None, None


def last_code(phone):
    """The newest one-time code texted to `phone`, as the phone got it."""
    return code_sms(phone)[0]


def signup(role="trainee", name=None, password="pass-word-1",
           read_sms=False):
    """A new account through the API, proven by the SMS code (step one,
    the code from the phone's SMS, step two); returns (token, user,
    phone).  The per-address code windows are emptied first: every test
    sends from 127.0.0.1, and the limits have tests of their own.  The
    phone has taken its code's SMS from Kannel when this returns, so a
    test that next waits for a reply on this phone does not get the code
    (read_sms: and it was the sign-up code)."""
    redis("DEL", "rl:codeip:127.0.0.1", "rl:verifyip:127.0.0.1")
    phone = fresh_phone()
    r = api("POST", "/api/v1/accounts", body={
        "name": name or ("Test %s %s" % (role, phone[-4:])),
        "phone": phone, "password": password, "role": role,
        "district": sql1("SELECT id FROM districts WHERE name_en = 'Lahore'")})
    assert r.status == 202, (r.status, r.text)
    r = api("POST", "/api/v1/accounts/verify", body={
        "phone": phone, "claim": r.json()["claim"], "code": last_code(phone)})
    assert r.status == 201, (r.status, r.text)
    j = r.json()
    if read_sms:
        text = code_sms(phone)[1]
        assert text and "sign-up code" in text, text
    return j["token"], j["user"], phone


def demo_login(phone, password="hunar-demo"):
    """A demo account's token (only failures wait: none are needed)."""
    r = api("POST", "/api/v1/session", body={"phone": phone,
                                              "password": password})
    assert r.status == 200, (r.status, r.text)
    return r.json()["token"]


def nav_in(b, lang):
    """The site menu (<nav>) a browser session sees on /gigs in lang
    (the session's language is left at lang)."""
    b.get("/lang?l=%s&next=/" % lang)
    page = b.get("/gigs").text
    return page[page.index("<nav>"):page.index("</nav>")]


def assert_in_menu(b, href, words):
    """For each (lang, word) of words, the session's menu links href as
    word; the session is back in English after."""
    try:
        for lang, word in words:
            nav = nav_in(b, lang)
            assert '<a href="%s">%s</a>' % (href, word) in nav, (lang, nav)
    finally:
        b.get("/lang?l=en&next=/")


def new_gig(token, **over):
    body = {"title": "Design a shop logo %d" % random.randint(1, 10**6),
            "description": "A clean logo for a shop in Lahore, two drafts.",
            "budget_pkr": "Rs 12,000", "remote": True,
            "skills_required": ["logo-design", "Adobe Illustrator"],
            "skills_nice": "canva"}
    body.update(over)
    r = api("POST", "/api/v1/gigs", token, body)
    assert r.status == 201, (r.status, r.text)
    return r.json()["code"]


def error_of(r):
    j = r.json()
    assert set(j) == {"error"}, j
    assert isinstance(j["error"]["code"], str) and j["error"]["message"], j
    return j["error"]


def jdump(x):
    return jsonlib.dumps(x)
