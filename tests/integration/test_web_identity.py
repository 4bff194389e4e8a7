"""Issue 13, deliverable 4 (identity and access) and issue 11's lock-out,
through the live stack.  Before: a web sign-up took any number unproven
(the owner's JOIN then answered "already registered as Squatter"), 409
phone_taken told anyone which numbers are registered, 12345678 and the
phone number itself were accepted as passwords, successful log-ins counted
toward a hard lock (the 11th good log-in in 15 minutes was refused), every
client behind the proxy was one address, and with Redis down the code
limit failed open."""
import time

from hunar_test import redis
from test_web__lib import api, error_of, fresh_phone, intl, signup

PROXY = "127.0.0.9"      # HUNAR_TRUSTED_PROXY of the development stack
UNTRUSTED = "127.0.0.2"  # any other loopback address: a direct client


def _login(phone, password, **kw):
    return api("POST", "/api/v1/session", body={"phone": phone,
                                                 "password": password}, **kw)


def _forget(*keys):
    redis("DEL", *keys)


# --- 5. only failures count; a delay that grows, never a hard lock -------

def test_eleven_good_logins_in_a_row_are_never_refused():
    # issue 11: the 11th successful log-in in 15 minutes answered 429.
    _, _, phone = signup()
    codes = [_login(phone, "pass-word-1").status for _ in range(12)]
    assert codes == [200] * 12, codes


def test_failures_make_the_next_try_wait_longer_each_time():
    _, _, phone = signup()
    _forget("bo:loginip:127.0.0.1")
    got = [_login(phone, "bad-bad-bad").status for _ in range(3)]
    assert got == [401, 401, 401], got
    # After three failures the next try waits 1 s, whatever the password.
    r = _login(phone, "pass-word-1")
    assert r.status == 429, r.text
    assert error_of(r)["code"] == "rate_limited"
    assert r.header("retry-after") == "1"
    assert "Try again in 1 seconds" in error_of(r)["message"]
    time.sleep(1.1)
    assert _login(phone, "bad-bad-bad").status == 401
    r = _login(phone, "bad-bad-bad")
    assert r.status == 429 and r.header("retry-after") == "2", r.text
    time.sleep(2.1)
    # Waiting is enough: the right password goes in, and the slate is clean.
    assert _login(phone, "pass-word-1").status == 200
    got = [_login(phone, "bad-bad-bad").status for _ in range(3)]
    assert got == [401, 401, 401], got
    _forget("bo:login:" + intl(phone), "bo:loginip:127.0.0.1")


def test_a_wait_on_the_login_page_is_said_in_the_readers_language():
    from test_web__lib import Browser
    _, _, phone = signup()
    for _ in range(3):
        _login(phone, "bad-bad-bad")
    b = Browser()
    b.get("/lang?l=ur&next=/login")
    r = b.post("/login", {"phone": phone, "password": "bad-bad-bad"})
    assert r.status == 429, r.status
    assert "سیکنڈ بعد دوبارہ کوشش کریں" in r.text
    _forget("bo:login:" + intl(phone), "bo:loginip:127.0.0.1")


def test_unknown_and_registered_numbers_fail_alike():
    _, _, phone = signup()
    nobody = fresh_phone()
    a = _login(phone, "bad-bad-bad")
    b = _login(nobody, "bad-bad-bad")
    assert (a.status, a.body) == (b.status, b.body)
    # ... and the delay grows for a number nobody has, too.
    for _ in range(2):
        _login(nobody, "bad-bad-bad")
        _login(phone, "bad-bad-bad")
    a = _login(phone, "bad-bad-bad")
    b = _login(nobody, "bad-bad-bad")
    assert a.status == b.status == 429
    assert a.body == b.body
    _forget("bo:login:" + intl(phone), "bo:login:" + intl(nobody),
            "bo:loginip:127.0.0.1")


# --- 6. limits key on the real client behind the trusted proxy -----------

def test_a_guesser_behind_the_proxy_does_not_lock_out_the_admin():
    # Before: behind the same-host proxy every client was 127.0.0.1, and
    # 205 failed log-ins on random numbers locked out the admin too.
    attacker = "203.0.113.66"
    _forget("bo:loginip:" + attacker, "bo:login:923000000001")
    codes = [_login(fresh_phone(), "guess-guess", source=PROXY,
                    headers={"X-Forwarded-For": attacker}).status
             for _ in range(31)]
    assert codes[:30] == [401] * 30, codes
    assert codes[30] == 429, codes
    assert redis("HGET", "bo:loginip:" + attacker, "n") == '"30"'
    # The same address on a fresh number waits: the address is delayed.
    r = _login(fresh_phone(), "guess-guess", source=PROXY,
               headers={"X-Forwarded-For": attacker})
    assert r.status == 429
    # The admin, through the same proxy from elsewhere, logs in.
    r = _login("03000000001", "hunar-demo", source=PROXY,
               headers={"X-Forwarded-For": "198.51.100.20"})
    assert r.status == 200, r.text
    # So does anyone connecting directly.
    assert _login("03000000002", "hunar-demo").status == 200
    _forget("bo:loginip:" + attacker)


def test_forwarded_for_from_an_untrusted_peer_is_ignored():
    claimed = "198.51.100.77"
    _forget("bo:loginip:" + claimed, "bo:loginip:" + UNTRUSTED)
    r = _login(fresh_phone(), "guess-guess", source=UNTRUSTED,
               headers={"X-Forwarded-For": claimed})
    assert r.status == 401
    # Counted against the peer itself, not the address it claimed.
    assert redis("EXISTS", "bo:loginip:" + claimed) == "(integer) 0"
    assert redis("HGET", "bo:loginip:" + UNTRUSTED, "n") == '"1"'
    # From the trusted proxy the same header names the client.
    _login(fresh_phone(), "guess-guess", source=PROXY,
           headers={"X-Forwarded-For": claimed})
    assert redis("HGET", "bo:loginip:" + claimed, "n") == '"1"'
    _forget("bo:loginip:" + claimed, "bo:loginip:" + UNTRUSTED)


def test_code_requests_count_per_real_client_address():
    client = "203.0.113.88"
    _forget("rl:codeip:" + client, "rl:codeip:" + PROXY)
    r = api("POST", "/api/v1/codes", body={"phone": fresh_phone()},
            source=PROXY, headers={"X-Forwarded-For": client})
    assert r.status == 202, r.text
    assert redis("GET", "rl:codeip:" + client) == '"1"'
    assert redis("EXISTS", "rl:codeip:" + PROXY) == "(integer) 0"
    _forget("rl:codeip:" + client)
