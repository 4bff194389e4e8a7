"""Accounts through the live stack: sign up, log in, log out, sessions in
Redis, CSRF, rate limits, the SMS code to claim a login or reset it."""
import re

from hunar_test import get, http, redis, sql, sql1
from test_web__lib import (Browser, api, assert_in_menu, code_sms, error_of,
                           fresh_phone, intl, last_code, nav_in, signup)


def test_signup_page_is_accessible_and_carries_csrf():
    r = get("/signup")
    assert r.status == 200
    t = r.text
    assert '<label for="f-phone">' in t and 'id="f-phone"' in t
    assert 'aria-describedby="h-phone"' in t
    assert re.search(r'name="csrf" value="[0-9a-f]{64}"', t)
    assert "<script" not in t
    assert len(r.body) < 30 * 1024
    c = r.header("set-cookie")
    assert "HttpOnly" in c and "SameSite=Lax" in c and "Secure" not in c


def test_signup_form_without_csrf_is_refused_and_creates_nothing():
    phone = fresh_phone()
    b = Browser()
    b.get("/signup")
    r = b.req("POST", "/signup", form={"name": "No Token", "phone": phone,
                                       "password": "longenough1"})
    assert r.status == 403
    assert "expired" in r.text
    assert sql1("SELECT count(*) FROM users WHERE phone = :'p1'",
                intl(phone)) == "0"


def test_signup_form_logs_in_and_session_lives_in_redis():
    phone = fresh_phone()
    b = Browser()
    r = b.post("/signup", {"name": "Form Person", "phone": phone,
                           "password": "longenough1", "role": "employer"},
               csrf_from="/signup")
    assert r.status == 200, r.text[:500]
    claim = re.search(r'name="claim" value="([0-9a-f]{64})"', r.text).group(1)
    r = b.post("/signup/verify", {"phone": phone, "claim": claim,
                                  "code": last_code(phone)},
               csrf_from="/signup")
    assert r.status == 303, r.text[:500]
    assert r.header("location") == "/workspace"
    sid = b.cookies["hunar_sid"]
    assert redis("EXISTS", "sess:" + sid) == "(integer) 1"
    me = b.get("/api/v1/me").json()
    assert me["user"]["role"] == "employer"
    assert me["user"]["name"] == "Form Person"
    h = sql1("SELECT password_hash FROM users WHERE phone = :'p1'",
             intl(phone))
    assert h.startswith("$argon2id$")


def test_signup_errors_say_what_to_fix():
    b = Browser()
    r = b.post("/signup", {"name": "X", "phone": "12345",
                           "password": "short"}, csrf_from="/signup")
    assert r.status == 422
    t = r.text
    assert 'role="alert"' in t
    assert 'aria-invalid="true"' in t
    assert "Enter a Pakistani mobile number like 03001234567." in t
    assert "Use 8 to 128 characters for the password." in t
    assert 'aria-describedby="e-phone h-phone"' in t


def test_login_logout_and_wrong_password():
    token, user, phone = signup()
    r = api("POST", "/api/v1/session", body={"phone": phone,
                                              "password": "wrong-pass"})
    assert r.status == 401
    assert error_of(r)["code"] == "login_failed"
    b = Browser()
    b.login(phone, "pass-word-1")
    sid = b.cookies["hunar_sid"]
    assert b.get("/api/v1/me").status == 200
    # Log-out needs the token of this session.
    r = b.req("POST", "/logout", form={"csrf": "0" * 64})
    assert r.status == 403
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', b.get("/gigs").text)
    r = b.req("POST", "/logout", form={"csrf": m.group(1)})
    assert r.status == 303
    assert redis("EXISTS", "sess:" + sid) == "(integer) 0"
    assert b.get("/api/v1/me").status == 401


def test_login_session_id_rotates():
    token, user, phone = signup()
    b = Browser()
    b.get("/login")
    before = b.cookies["hunar_sid"]
    b.login(phone, "pass-word-1")
    assert b.cookies["hunar_sid"] != before


def test_api_logout_ends_bearer_session():
    token, user, phone = signup()
    assert api("GET", "/api/v1/me", token).status == 200
    assert api("DELETE", "/api/v1/session", token).status == 204
    assert api("GET", "/api/v1/me", token).status == 401


def _sms_only_user():
    phone = fresh_phone()
    sql("INSERT INTO users (phone, name, role, lang, channel) VALUES "
        "(:'p1', 'Sms Only', 'trainee', 'ur', 'sms')", intl(phone))
    return phone


def _last_code(phone):
    """(code, text) of the newest code SMS, as the phone got it."""
    code, text = code_sms(phone)
    assert code, "no code reached %s" % phone
    return code, text


def test_claim_web_login_with_sms_code():
    phone = _sms_only_user()
    r = api("POST", "/api/v1/password", body={
        "phone": phone, "code": "123456", "password": "new-pass-1"})
    assert r.status == 422
    r = api("POST", "/api/v1/codes", body={"phone": phone})
    assert r.status == 202
    code, body = _last_code(phone)
    # The user's language (Urdu script), and urgent: quiet hours do not
    # hold it.
    assert "ہنر" in body
    assert sql1("SELECT urgent FROM sms_outbox WHERE phone = :'p1' "
                "ORDER BY id DESC LIMIT 1", intl(phone)) == "t"
    wrong = "000000" if code != "000000" else "111111"
    r = api("POST", "/api/v1/password", body={
        "phone": phone, "code": wrong, "password": "new-pass-1"})
    assert r.status == 422 and error_of(r)["code"] == "code_bad"
    r = api("POST", "/api/v1/password", body={
        "phone": phone, "code": code, "password": "new-pass-1"})
    assert r.status == 200, r.text
    assert r.json()["user"]["name"] == "Sms Only"
    # Used once.
    r = api("POST", "/api/v1/password", body={
        "phone": phone, "code": code, "password": "other-pass-1"})
    assert r.status == 422
    r = api("POST", "/api/v1/session", body={"phone": phone,
                                              "password": "new-pass-1"})
    assert r.status == 200


def test_reset_page_flow_and_old_sessions_end():
    token, user, phone = signup()
    b = Browser()
    r = b.post("/reset", {"phone": phone}, csrf_from="/reset")
    assert r.status == 200
    assert "a code is on its way" in r.text
    assert 'name="code"' in r.text
    code, _ = _last_code(phone)
    r = b.post("/reset", {"phone": phone, "code": code,
                          "password": "brand-new-1"}, csrf_from="/reset")
    assert r.status == 303
    assert api("GET", "/api/v1/me", token).status == 401
    assert b.get("/api/v1/me").json()["user"]["id"] == user["id"]


def test_code_for_unknown_number_says_the_same_and_sends_nothing():
    phone = fresh_phone()
    r = api("POST", "/api/v1/codes", body={"phone": phone})
    assert r.status == 202
    assert sql1("SELECT count(*) FROM sms_outbox WHERE phone = :'p1'",
                intl(phone)) == "0"


def test_code_requests_are_rate_limited():
    token, user, phone = signup()
    # The sign-up's own code counted too (one window per number).
    redis("DEL", "rl:code:" + intl(phone))
    codes = [api("POST", "/api/v1/codes", body={"phone": phone}).status
             for _ in range(4)]
    assert codes == [202, 202, 202, 429], codes


def test_urdu_switch_is_right_to_left():
    b = Browser()
    r = b.get("/lang?l=ur&next=/gigs")
    assert r.status == 303 and r.header("location") == "/gigs"
    r = b.get("/gigs")
    assert '<html lang="ur" dir="rtl">' in r.text
    assert "کام ڈھونڈیں" in r.text
    b.get("/lang?l=ru&next=/gigs")
    assert "Kaam dhoondein" in b.get("/gigs").text
    # Only local redirects.
    r = b.get("/lang?l=en&next=//evil.example/")
    assert r.header("location") == "/"


def test_each_demo_role_lands_on_its_own_page_and_finds_it_in_the_menu():
    """A new user's walk: the trainer landed on the public /courses with
    no link anywhere to their own courses, and the admin on "My gigs",
    empty (an admin posts no gigs).  A trainer now lands on
    /trainer/courses and has "My courses" in the menu in each language;
    the admin lands on the programmes' overview."""
    for phone, home in (("03000000002", "/trainer/courses"),
                        ("03000000001", "/officer"),
                        ("03000000003", "/workspace"),
                        ("03000000004", "/gigs")):
        redis("DEL", "rl:login:" + intl(phone))
        b = Browser()
        r = b.login(phone, "hunar-demo")
        assert r.header("location") == home, (phone, r.header("location"))
        assert b.get(home).status == 200, (phone, home)
    b = Browser()
    redis("DEL", "rl:login:" + intl("03000000002"))
    b.login("03000000002", "hunar-demo")
    assert_in_menu(b, "/trainer/courses", (
        ("en", "My courses"), ("ru", "Mere courses"), ("ur", "میرے کورسز")))
    # Nobody else has it.
    redis("DEL", "rl:login:" + intl("03000000004"))
    s = Browser()
    s.login("03000000004", "hunar-demo")
    assert "/trainer/courses" not in nav_in(s, "en")
