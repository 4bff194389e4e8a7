"""Issue 13, deliverable 4 (identity and access) and issue 11's lock-out,
through the live stack.  Before: a web sign-up took any number unproven
(the owner's JOIN then answered "already registered as Squatter"), 409
phone_taken told anyone which numbers are registered, 12345678 and the
phone number itself were accepted as passwords, successful log-ins counted
toward a hard lock (the 11th good log-in in 15 minutes was refused), every
client behind the proxy was one address, and with Redis down the code
limit failed open."""
import re
import time

from hunar_test import get, redis, sql, sql1, stack, wait_for
from test_ussd__lib import mo
from test_web__lib import (Browser, api, code_sms, error_of, fresh_phone,
                           intl, last_code, signup)

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


def test_an_unknown_number_takes_as_long_as_a_registered_one():
    # Before, a number with no account skipped the argon2 check and
    # answered in a fraction of the time: timing told them apart.
    _, _, phone = signup()

    def took(p, pw, n):
        t0 = time.perf_counter()
        r = _login(p, pw, source=PROXY,
                   headers={"X-Forwarded-For": "192.0.2.%d" % n})
        assert r.status in (200, 401), r.text
        return time.perf_counter() - t0
    known = sorted(took(phone, "pass-word-1", i) for i in range(5))[2]
    unknown = sorted(took(fresh_phone(), "pass-word-1", 10 + i)
                     for i in range(5))[2]
    assert unknown > 0.5 * known, (unknown, known)
    for i in range(15):
        _forget("bo:loginip:192.0.2.%d" % i)


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


# --- 1. a web sign-up is complete only when the SMS code proves the number

def _start(phone, name="Pending Person", password="tea kettle monsoon",
           **kw):
    _forget("rl:codeip:127.0.0.1", "rl:verifyip:127.0.0.1")
    return api("POST", "/api/v1/accounts", body={
        "name": name, "phone": phone, "password": password,
        "role": "trainee"}, **kw)


def _verify(phone, claim, code):
    return api("POST", "/api/v1/accounts/verify", body={
        "phone": phone, "claim": claim, "code": code})


def test_signup_is_pending_until_the_sms_code_proves_the_number():
    phone = fresh_phone()
    r = _start(phone)
    assert r.status == 202, r.text
    claim = r.json()["claim"]
    # Pending: no account yet, so no log-in either.
    assert sql1("SELECT count(*) FROM users WHERE phone = :'p1'",
                intl(phone)) == "0"
    assert sql1("SELECT count(*) FROM web_signups WHERE phone = :'p1'",
                intl(phone)) == "1"
    assert _login(phone, "tea kettle monsoon").status == 401
    # The code went by SMS (urgent, through the outbox), stored hashed.
    code = last_code(phone)
    row = sql("SELECT code, claim, tries FROM web_signups WHERE phone = "
              ":'p1'", intl(phone))[0]
    assert code not in row[0] and re.fullmatch(r"[0-9a-f]{64}", row[0])
    assert claim not in row[1]
    wrong = "000000" if code != "000000" else "111111"
    r = _verify(phone, claim, wrong)
    assert r.status == 422 and error_of(r)["code"] == "code_bad"
    assert sql1("SELECT tries FROM web_signups WHERE phone = :'p1'",
                intl(phone)) == "1"
    r = _verify(phone, claim, code)
    assert r.status == 201, r.text
    assert r.json()["user"]["name"] == "Pending Person"
    assert sql1("SELECT channel FROM users WHERE phone = :'p1'",
                intl(phone)) == "web"
    assert sql1("SELECT count(*) FROM web_signups WHERE phone = :'p1'",
                intl(phone)) == "0"
    # Used once.
    assert _verify(phone, claim, code).status == 422
    assert _login(phone, "tea kettle monsoon").status == 200


def test_signup_code_expires_and_dies_after_five_wrong_tries():
    phone = fresh_phone()
    claim = _start(phone).json()["claim"]
    code = last_code(phone)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert _verify(phone, claim, wrong).status == 422
    # The sixth try, even with the right code, is refused.
    assert _verify(phone, claim, code).status == 422
    phone2 = fresh_phone()
    claim2 = _start(phone2).json()["claim"]
    sql("UPDATE web_signups SET expires_at = now() - interval '1 second' "
        "WHERE phone = :'p1'", intl(phone2))
    assert _verify(phone2, claim2, last_code(phone2)).status == 422
    assert sql1("SELECT count(*) FROM users WHERE phone = :'p1'",
                intl(phone2)) == "0"


def test_a_second_claim_on_a_number_does_not_take_over_the_first():
    # The owner starts; a squatter starts on the same number with his
    # own password.  The owner's code finishes the owner's claim only.
    phone = fresh_phone()
    owner = _start(phone, name="Real Owner").json()["claim"]
    owner_code = last_code(phone)
    squatter = _start(phone, name="Squatter",
                      password="squat squat 99").json()["claim"]
    assert _verify(phone, squatter, owner_code).status == 422
    r = _verify(phone, owner, owner_code)
    assert r.status == 201 and r.json()["user"]["name"] == "Real Owner"
    assert _login(phone, "squat squat 99").status == 401


def test_signup_page_walks_through_the_code_in_urdu():
    phone = fresh_phone()
    b = Browser()
    b.get("/lang?l=ur&next=/signup")
    r = b.post("/signup", {"name": "Urdu Person", "phone": phone,
                           "password": "tea kettle monsoon"},
               csrf_from="/signup")
    assert r.status == 200
    assert "ایس ایم ایس سے 6 ہندسوں کا کوڈ بھیجا ہے" in r.text
    assert 'autocomplete="one-time-code"' in r.text
    claim = re.search(r'name="claim" value="([0-9a-f]{64})"',
                      r.text).group(1)
    # The SMS is in the language of the form, Urdu script.
    code, text = code_sms(phone)
    assert code and "ہنر سائن اپ کوڈ" in text, text
    r = b.post("/signup/verify", {"phone": phone, "claim": claim,
                                  "code": "999999" if code != "999999"
                                  else "888888"},
               csrf_from="/signup")
    assert r.status == 422 and "کوڈ غلط ہے" in r.text
    r = b.post("/signup/verify", {"phone": phone, "claim": claim,
                                  "code": last_code(phone)},
               csrf_from="/signup")
    assert r.status == 303 and r.header("location") == "/gigs"
    assert b.get("/api/v1/me").json()["user"]["name"] == "Urdu Person"


def _log_sizes():
    import glob
    import os
    from hunar_test import VAR
    return {p: os.path.getsize(p) for p in glob.glob(os.path.join(
        VAR, "log", "*.log")) if os.path.isfile(p)}


def _new_logs(before):
    out = []
    for p, size in _log_sizes().items():
        with open(p, "rb") as f:
            f.seek(before.get(p, 0) if size >= before.get(p, 0) else 0)
            out.append((p, f.read().decode("utf-8", "replace")))
    return out


def test_signup_code_goes_through_kannel_and_no_log_holds_it():
    before = _log_sizes()
    phone = fresh_phone()
    claim = _start(phone).json()["claim"]
    code = last_code(phone)
    assert wait_for(lambda: sql1(
        "SELECT status FROM sms_outbox WHERE phone = :'p1' AND kind = "
        "'otp' ORDER BY id DESC LIMIT 1", intl(phone)) in
        ("sent", "delivered"), timeout=20), "the code never left the outbox"
    assert _verify(phone, claim, code).status == 201
    for p, text in _new_logs(before):
        assert code not in text, "the sign-up code is in %s" % p
        assert claim not in text, "the claim token is in %s" % p
    # Nor the outbox, once the code is handed over (it stayed readable in
    # sms_outbox.body for good).
    bodies = [r[0] for r in sql("SELECT body FROM sms_outbox WHERE phone = "
                                ":'p1'", intl(phone))]
    assert bodies and not any(code in b for b in bodies), bodies
    assert all("******" in b for b in bodies), bodies


def test_signup_code_waits_out_kannel_and_is_masked_once_handed_over():
    """The code lives in the outbox row only while it waits: with
    smsbox stopped the sender's tries fail and the row keeps its code, so
    the retry after Kannel's return still delivers it; then it is
    masked."""
    phone = fresh_phone()
    row = ("SELECT status, attempts, body ~ '[0-9]{6}' FROM sms_outbox "
           "WHERE phone = :'p1' AND kind = 'otp'")
    stack("stop", "smsbox")
    try:
        claim = _start(phone).json()["claim"]
        assert wait_for(lambda: int((sql(row, intl(phone)) or
                                     [[0, 0]])[0][1]) >= 1, timeout=20), \
            sql(row, intl(phone))
        st, _, has_code = sql(row, intl(phone))[0]
        assert (st, has_code) == ("queued", "t"), sql(row, intl(phone))
    finally:
        stack("up")
    code = code_sms(phone, timeout=90)[0]
    assert code, sql(row, intl(phone))
    assert _verify(phone, claim, code).status == 201
    assert wait_for(lambda: sql(row, intl(phone))[0][2] == "f", timeout=10)
    assert sql(row, intl(phone))[0][0] in ("sent", "delivered")


# --- 2. the SMS JOIN of a number claimed on the web wins -----------------

def test_the_owners_join_wins_over_a_pending_web_claim():
    phone = fresh_phone()
    r = _start(phone, name="Squatter")
    claim = r.json()["claim"]
    # The owner's phone gets the code someone else asked for ...
    squatter_code, text = code_sms(phone)
    assert squatter_code and "sign-up code" in text, text
    # ... ignores it, and texts JOIN.
    replies = mo(intl(phone), "JOIN Amna Lahore", timeout=30)
    text = " ".join(x["text"] for x in replies)
    assert "Squatter" not in text, text
    assert "already" not in text.lower(), text
    assert "Welcome" in text, text
    assert wait_for(lambda: sql1("SELECT name FROM users WHERE phone = "
                                 ":'p1'", intl(phone)), timeout=15) == "Amna"
    assert sql1("SELECT channel FROM users WHERE phone = :'p1'",
                intl(phone)) == "sms"
    # The pending web claim is void: even the code sent to it fails.
    assert sql1("SELECT count(*) FROM web_signups WHERE phone = :'p1'",
                intl(phone)) == "0"
    assert _verify(phone, claim, squatter_code).status == 422
    assert sql1("SELECT name FROM users WHERE phone = :'p1'",
                intl(phone)) == "Amna"


# --- 3. no endpoint says whether a number is registered ------------------

def _masked(r):
    t = r.body.decode("utf-8", "replace")
    t = re.sub(r"[0-9a-f]{64}", "TOKEN", t)
    return r.status, t


def test_signup_answers_alike_for_registered_and_new_numbers():
    _, _, taken = signup()
    new = fresh_phone()
    a, b = _start(taken), _start(new)
    assert _masked(a) == _masked(b)
    assert a.status == 202
    # The owner of the registered number is told, and gets no code.
    body = sql1("SELECT body FROM sms_outbox WHERE phone = :'p1' ORDER BY "
                "id DESC LIMIT 1", intl(taken))
    assert "already has an account" in body and not re.search(
        r"[0-9]{6}", body)
    # The pages too, byte for byte but for the tokens and the number.
    pa = Browser().post("/signup", {"name": "Same Page", "phone": taken,
                                    "password": "tea kettle monsoon"},
                        csrf_from="/signup")
    pb = Browser().post("/signup", {"name": "Same Page", "phone": new,
                                    "password": "tea kettle monsoon"},
                        csrf_from="/signup")
    sa = _masked(pa)[1].replace(taken[:4] + " " + taken[4:], "PHONE")
    sb = _masked(pb)[1].replace(new[:4] + " " + new[4:], "PHONE")
    assert pa.status == pb.status == 200
    assert sa == sb
    # A wrong code for either answers the same.
    a = _verify(taken, a.json()["claim"], "123456")
    b = _verify(new, b.json()["claim"], "123456" if last_code(new) !=
                "123456" else "654321")
    assert _masked(a) == _masked(b) and a.status == 422


def test_login_reset_and_code_resend_answer_alike():
    _, _, taken = signup()
    new = fresh_phone()
    # The sign-up's code counted in the number's window: start both even.
    _forget("rl:code:" + intl(taken))
    for path, body in (("/api/v1/session", {"password": "wrong-wrong"}),
                       ("/api/v1/codes", {}),
                       ("/api/v1/password", {"code": "123456",
                                             "password": "tea kettle 2"})):
        a = api("POST", path, body=dict(body, phone=taken))
        b = api("POST", path, body=dict(body, phone=new))
        assert _masked(a) == _masked(b), (path, a.text, b.text)
    for path in ("/reset", "/claim"):
        a = Browser().post(path, {"phone": taken}, csrf_from=path)
        b = Browser().post(path, {"phone": new}, csrf_from=path)
        assert a.status == b.status == 200
        assert (_masked(a)[1].replace(taken, "PHONE") ==
                _masked(b)[1].replace(new, "PHONE")), path
    _forget("bo:login:" + intl(taken), "bo:login:" + intl(new))


# --- 4. common passwords and the person's own number are refused ---------

def test_common_passwords_and_the_own_number_are_refused():
    phone = fresh_phone()
    cases = {"12345678": "password_common", "password": "password_common",
             "        ": "password_common", "Pakistan786": "password_common",
             "casper12": "password_common",  # deep in the shipped list
             phone: "password_phone", intl(phone): "password_phone",
             "+92 " + phone[1:4] + " " + phone[4:]: "password_phone"}
    for pw, want in cases.items():
        r = _start(phone, password=pw)
        assert r.status == 422, (pw, r.status, r.text)
        err = error_of(r)
        assert err["code"] == want and "password" in err["fields"], (pw,
                                                                      err)
    assert sql1("SELECT count(*) FROM web_signups WHERE phone = :'p1'",
                intl(phone)) == "0"
    # The page says it in the reader's language.
    b = Browser()
    b.get("/lang?l=ru&next=/signup")
    r = b.post("/signup", {"name": "Weak Pw", "phone": phone,
                           "password": "12345678"}, csrf_from="/signup")
    assert r.status == 422 and "Yeh password bohat aam hai" in r.text
    # A password reset takes the same rules.
    _, _, owner = signup()
    api("POST", "/api/v1/codes", body={"phone": owner})
    r = api("POST", "/api/v1/password", body={
        "phone": owner, "code": last_code(owner), "password": owner})
    assert r.status == 422
    assert error_of(r)["code"] == "password_phone", r.text


# --- 7. Redis down: codes fail closed, sessions and USSD degrade ---------

def test_with_redis_down_codes_fail_closed_and_sessions_say_so():
    # Before: the code limit failed open (6 of 6 codes sent, limit 3) and
    # every session answered 401 as if logged out.
    import urllib.parse
    import uuid
    from hunar_test import ENV, get, post, stack
    token, user, owner = signup()
    new = fresh_phone()
    count = ("SELECT count(*) FROM sms_outbox WHERE phone IN (:'p1', :'p2')")
    before = sql1(count, intl(owner), intl(new))
    stack("stop", "redis")
    try:
        assert wait_for(lambda: get("/healthz").status == 503, timeout=5)
        # No code is sent: sign-up, claim and reset all refuse, clearly.
        for _ in range(6):
            r = api("POST", "/api/v1/accounts", body={
                "name": "No Redis", "phone": new,
                "password": "tea kettle monsoon"})
            assert r.status == 503, r.text
            assert error_of(r)["code"] == "codes_unavailable"
            r = api("POST", "/api/v1/codes", body={"phone": owner})
            assert r.status == 503 and "Codes cannot be sent" in r.text
        # ... said in the reader's language on the page.
        b = Browser()
        b.cookies["lang"] = "ur"
        r = b.post("/signup", {"name": "No Redis", "phone": new,
                               "password": "tea kettle monsoon"},
                   csrf_from="/signup")
        assert r.status == 503
        assert "ابھی کوڈ نہ بھیجا جا سکتا ہے" in r.text
        # No code is accepted, even a well-formed one.
        r = api("POST", "/api/v1/password", body={
            "phone": owner, "code": "123456", "password": "tea kettle 3"})
        assert r.status == 503, r.text
        r = api("POST", "/api/v1/accounts/verify", body={
            "phone": new, "claim": "a" * 64, "code": "123456"})
        assert r.status == 503, r.text
        # Log-in is refused while its limiter is blind.
        assert _login(owner, "pass-word-1").status == 503
        # A signed-in person is told the truth, not sent to log in.
        r = api("GET", "/api/v1/me", token)
        assert r.status == 503, r.text
        assert error_of(r)["code"] == "sessions_unavailable"
        # Public pages still serve; USSD ends the call politely.
        assert get("/gigs").status == 200
        r = post("/ussd?key=" + urllib.parse.quote(ENV["HUNAR_SMS_SECRET"]),
                 form={"sessionId": str(uuid.uuid4()), "serviceCode":
                       "*123#", "phoneNumber": "+" + intl(owner),
                       "networkCode": "41001", "text": ""})
        assert r.status == 200 and r.text.startswith("END "), r.text
        assert "try again" in r.text
        assert sql1(count, intl(owner), intl(new)) == before
        assert sql1("SELECT count(*) FROM web_signups WHERE phone = :'p1'",
                    intl(new)) == "0"
    finally:
        stack("up")
    assert wait_for(lambda: get("/healthz").status == 200, timeout=15)
    # The session was kept: it works again as soon as Redis is back.
    assert wait_for(lambda: api("GET", "/api/v1/me", token).status == 200,
                    timeout=5)
    assert _start(new).status == 202


# --- 7b. nobody locked out: a failed lookup is 503, never a log-out -----

def _signed_in_employer():
    """A new employer, signed in by API token and in a browser whose
    account language is Urdu; a gig of theirs (its code)."""
    from test_web__lib import new_gig
    token, _, phone = signup(role="employer")
    b = Browser()
    b.login(phone, "pass-word-1")
    assert b.get("/lang?l=ur&next=/").status == 303
    return token, b, new_gig(token)


def test_session_lookup_answered_by_a_replica_is_503_never_a_logout():
    # issue 13: in the cluster's haproxy chaos case a freshly started
    # haproxy counts both Redis servers up until its first checks, sends
    # Kore's link to the replica, GETEX answers READONLY -- and Kore
    # answered 401, the employer shown as logged out.  Here the stack's
    # own Redis is made a replica (of a port nothing listens on: it keeps
    # its data) for the length of the test.
    import socket
    token, b, code = _signed_in_employer()
    csrf = b.csrf("/workspace")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead = s.getsockname()[1]
    s.close()
    assert redis("REPLICAOF", "127.0.0.1", str(dead)) == "OK"
    try:
        assert wait_for(lambda: "role:slave" in redis("INFO", "replication"),
                        timeout=5)
        for path in ("/api/v1/me", "/api/v1/gigs/%s/matches" % code):
            r = api("GET", path, token)
            assert r.status == 503, (path, r.status, r.text)
            assert error_of(r)["code"] == "sessions_unavailable", r.text
            assert r.header("retry-after") == "30"
        # The page says so in the person's language; no log-in page.
        for path in ("/workspace", "/workspace/gigs/%s/matches" % code):
            r = b.get(path)
            assert r.status == 503, (path, r.status, r.header("location"))
            assert "آپ اب بھی سائن ان ہیں" in r.text, r.text[-600:]
        # A form sent meanwhile: its CSRF token still holds (no 403),
        # and the answer is the same 503.
        r = b.post("/workspace/gigs/%s/offer" % code, {"user": "1",
                                                       "csrf": csrf})
        assert r.status == 503, (r.status, r.text[-300:])
        # A public page serves, and says the session is still there.
        r = b.get("/gigs")
        assert r.status == 200 and "آپ اب بھی سائن ان ہیں" in r.text
    finally:
        redis("REPLICAOF", "NO", "ONE")
    assert wait_for(lambda: api("GET", "/api/v1/me", token).status == 200,
                    timeout=5)
    assert b.get("/workspace").status == 200


def test_session_lookups_with_postgresql_down_answer_503_never_401():
    # With PostgreSQL stopped a signed-in person's requests answer 503
    # (JSON for the API; for a page, "try again shortly" in their
    # language) -- never 401/403 or the log-in page.  Before, a page's
    # 503 was infra_db_wait()'s English JSON, or a page saying "Page not
    # found."  infra_db tries for 30 s before it answers: the requests
    # run at once.
    import threading
    token, b, code = _signed_in_employer()
    got = {}

    def one(name, fn):
        try:
            got[name] = fn()
        except Exception as e:  # noqa: BLE001 -- reported below
            got[name] = e
    asks = {
        "api_matches": lambda: api("GET", "/api/v1/gigs/%s/matches" % code,
                                   token, timeout=60),
        "api_applicants": lambda: api(
            "GET", "/api/v1/gigs/%s/applications" % code, token, timeout=60),
        "page_matches": lambda: b.get("/workspace/gigs/%s/matches" % code,
                                      timeout=60),
        "page_workspace": lambda: b.get("/workspace", timeout=60),
    }
    stack("stop", "postgresql")
    try:
        ths = [threading.Thread(target=one, args=kv) for kv in asks.items()]
        for t in ths:
            t.start()
        for t in ths:
            t.join(90)
        # The session lives in Redis: who is asking is still known.
        assert api("GET", "/api/v1/me", token).status == 200
    finally:
        stack("up")
    for name in asks:
        r = got.get(name)
        assert not isinstance(r, Exception) and r is not None, (name, r)
        assert r.status == 503, (name, r.status, r.header("location"),
                                 r.text[-300:])
        if name.startswith("api"):
            assert error_of(r)["code"] == "database", (name, r.text)
        else:
            assert "تھوڑی دیر بعد دوبارہ کوشش کریں" in r.text, \
                (name, r.text[-600:])
            assert r.header("retry-after") == "10"
    assert wait_for(lambda: b.get("/workspace").status == 200, timeout=30)
    # Leave every worker's pool as the next test expects it: each pooled
    # connection that held PostgreSQL's shutdown message is used up here
    # (CI once saw the next test's first GET /api/v1/gigs answer 503).
    streak = [0]

    def settled():
        streak[0] = streak[0] + 1 if get("/api/v1/gigs").status == 200 \
            else 0
        return streak[0] >= 12
    assert wait_for(settled, timeout=30, interval=0.05)
