"""Inbound SMS under load: callbacks that arrive together are stored and
acted on in shared batches (ussd/ussd_inbound.c, ussd/sql/R__sms_inbound.sql).
These drive the live Kore the way smsbox does -- many callbacks at once --
and check that batching loses nothing, answers each callback with its own
reply, acts on a duplicated Kannel id once, and survives callers that go
away before their answer.
"""
import hashlib
import random
import socket
import threading
import urllib.parse

from hunar_test import HTTP_PORT, SHORTCODE, ENV, get, sql, sql1

SECRET = ENV["HUNAR_SMS_SECRET"]


def _number():
    return "92311%07d" % random.randint(0, 9999999)


def _url(kid, num, text):
    return "/sms/inbound?" + urllib.parse.urlencode(
        {"key": SECRET, "id": kid, "from": num, "to": SHORTCODE,
         "text": text, "coding": "0"})


def _together(calls):
    """Runs the calls at the same moment, one thread each; results in
    order."""
    out = [None] * len(calls)
    gate = threading.Barrier(len(calls))

    def one(i, fn):
        gate.wait()
        try:
            out[i] = fn()
        except Exception as e:  # reported by the assertions below
            out[i] = e
    ts = [threading.Thread(target=one, args=(i, fn))
          for i, fn in enumerate(calls)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    return out


def test_sms_burst_each_callback_gets_its_own_reply():
    run = "burst-%d" % random.randint(0, 10**9)
    nums = [_number() for _ in range(40)]
    calls = []
    for i, num in enumerate(nums):
        # new numbers: half JOIN (a write), half HELP (a read)
        text = "JOIN Burst%d Swat" % i if i % 2 == 0 else "HELP"
        calls.append(lambda k="%s-%d" % (run, i), n=num, t=text:
                     get(_url(k, n, t)))
    res = _together(calls)
    for i, r in enumerate(res):
        assert not isinstance(r, Exception), r
        assert r.status == 200, (i, r.status, r.text)
        if i % 2 == 0:
            assert "Burst%d" % i in r.text, (i, r.text)
        else:
            assert "JOIN" in r.text, (i, r.text)
    rows = sql("SELECT kannel_id, status FROM sms_inbox"
               " WHERE kannel_id LIKE :'p1' ORDER BY id", run + "-%")
    assert len(rows) == 40, len(rows)
    by_id = dict(rows)
    for i in range(40):
        want = "joined" if i % 2 == 0 else "help_new"
        assert by_id["%s-%d" % (run, i)] == want, (i, by_id)
    assert sql1("SELECT count(*) FROM users WHERE phone = ANY"
                " (string_to_array(:'p1', ','))",
                ",".join(nums[0::2])) == "20"


def test_sms_same_id_at_once_is_acted_on_once():
    num = _number()
    kid = "dup-%d" % random.randint(0, 10**9)
    res = _together([lambda: get(_url(kid, num, "JOIN Dupe Swat"))
                     for _ in range(6)])
    for r in res:
        assert not isinstance(r, Exception), r
        assert r.status == 200, (r.status, r.text)
    assert len(set(r.body for r in res)) == 1, [r.text for r in res]
    assert "Dupe" in res[0].text and "already" not in res[0].text.lower()
    assert sql1("SELECT count(*) FROM sms_inbox WHERE kannel_id = :'p1'",
                kid) == "1"
    assert sql1("SELECT count(*) FROM users WHERE phone = :'p1'", num) == "1"


def test_sms_callers_that_leave_lose_nothing():
    """smsbox gave up on these (closed the connection before the answer);
    its retries must each be answered, and acted on once."""
    run = "gone-%d" % random.randint(0, 10**9)
    nums = [_number() for _ in range(15)]
    for i, num in enumerate(nums):
        s = socket.create_connection(("127.0.0.1", HTTP_PORT), 5)
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" %
                   _url("%s-%d" % (run, i), num, "JOIN Gone%d Swat" % i))
                  .encode())
        s.close()
    for i, num in enumerate(nums):
        r = get(_url("%s-%d" % (run, i), num, "JOIN Gone%d Swat" % i))
        assert r.status == 200, (i, r.status, r.text)
        assert "Gone%d" % i in r.text, (i, r.text)
    assert sql1("SELECT count(*) FROM sms_inbox WHERE kannel_id LIKE :'p1'",
                run + "-%") == "15"
    assert sql1("SELECT count(*) FROM users WHERE phone = ANY"
                " (string_to_array(:'p1', ','))", ",".join(nums)) == "15"
    assert get("/healthz").status == 200


def test_sms_inbound_survives_dropped_database_connections():
    """PostgreSQL restarted or a proxy cut Kore's connections: the first
    callbacks after it are still answered (a batch that fails on a dead
    connection goes again on a new one), and nothing is acted on twice."""
    num = _number()
    run = "drop-%d" % random.randint(0, 10**9)
    for i in range(4):
        assert get(_url("%s-w%d" % (run, i), num, "HELP")).status == 200
    cut = sql1("SELECT count(*) FROM (SELECT pg_terminate_backend(pid)"
               " FROM pg_stat_activity WHERE datname = current_database()"
               " AND pid <> pg_backend_pid() AND application_name = ''"
               " AND backend_type = 'client backend') t")
    assert int(cut) >= 1, cut
    for i in range(12):
        r = get(_url("%s-%d" % (run, i), num, "JOIN Dropped Swat"))
        assert r.status == 200, (i, r.status, r.text)
        want = "Dropped" if i == 0 else "already"
        assert want.lower() in r.text.lower(), (i, r.text)
    assert sql1("SELECT count(*) FROM sms_inbox WHERE kannel_id LIKE :'p1'",
                run + "-%") == "16"
    assert sql1("SELECT count(*) FROM users WHERE phone = :'p1'", num) == "1"


def test_sms_batch_keeps_every_text_byte_for_byte():
    """Texts travel to PostgreSQL inside array literals: quotes,
    backslashes, braces, commas, NULL-looking words and Urdu must come out
    exactly as they went in, each on its own row."""
    run = "exact-%d" % random.randint(0, 10**9)
    num = _number()
    texts = ['HELP "quoted" \\ back\\slash', "{a,b}", "NULL", "", ",",
             '\\"', "x\ty", "شامل \"ن\" {}", "HELP" + "\\" * 40,
             '"' * 30]
    res = _together([lambda k="%s-%d" % (run, i), t=t: get(_url(k, num, t))
                     for i, t in enumerate(texts)])
    for r in res:
        assert not isinstance(r, Exception), r
        assert r.status == 200 and r.text.strip(), (r.status, r.text)
    for i, t in enumerate(texts):
        got = sql1("SELECT md5(body) FROM sms_inbox WHERE kannel_id = :'p1'",
                   "%s-%d" % (run, i))
        assert got == hashlib.md5(t.encode()).hexdigest(), (i, t)


def test_sms_batch_failing_action_is_rolled_back_alone():
    """One action of a batch fails (here a check the test adds for the
    length of one transaction): its message is stored with status
    'error', the others of the same batch keep what they did."""
    p1, p2, p3 = _number(), _number(), _number()
    run = "fail-%d" % random.randint(0, 10**9)
    rows = sql("""
BEGIN;
ALTER TABLE users ADD CONSTRAINT test_refuse_failme
    CHECK (name <> 'Failme');
SELECT ord, fresh, status FROM sms_inbound_batch(
    ARRAY[:'p4' || '-1', :'p4' || '-2', :'p4' || '-3'],
    ARRAY[:'p1', :'p2', :'p3'], ARRAY['8282', '8282', '8282'],
    ARRAY['JOIN Okay Swat', 'JOIN Failme Swat', 'HELP'],
    ARRAY[0, 0, 0]::smallint[], ARRAY['', '', ''],
    ARRAY[:'p1', :'p2', :'p3'], ARRAY['cmd', 'cmd', 'cmd'],
    ARRAY['JOIN', 'JOIN', 'HELP'], ARRAY['Okay Swat', 'Failme Swat', ''],
    ARRAY['', '', ''], ARRAY['', '', ''], ARRAY['', '', ''],
    ARRAY['', '', ''], ARRAY['', '', ''], ARRAY['', '', '']);
SELECT 'users', count(*) FROM users WHERE phone IN (:'p1', :'p2');
SELECT 'stored', string_agg(status, ',' ORDER BY kannel_id) FROM sms_inbox
    WHERE kannel_id LIKE :'p4' || '-%';
ROLLBACK;
""", p1, p2, p3, run)
    got = dict((r[0], r[1:]) for r in rows)
    assert got["1"] == ["t", "joined"], rows
    assert got["2"] == ["t", "error"], rows
    assert got["3"] == ["t", "help_new"], rows
    assert got["users"] == ["1"], rows
    assert got["stored"] == ["joined,error,help_new"], rows


def _raw_get(path):
    """A GET with the path sent byte for byte (no quoting by the client)."""
    s = socket.create_connection(("127.0.0.1", HTTP_PORT), timeout=15)
    s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n"
              b"Connection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_sms_poison_is_stored_flagged_and_never_fails_its_batch():
    """Issue 13: a sender byte that is not UTF-8, an absurd coding, meta
    data past its size, a NUL: each poisoned message is stored as received
    (bytes kept, flagged) and answered, and the good messages sharing its
    batch are answered 200 as well (they used to get 503 and the bad one
    was lost)."""
    run = "poison-%d" % random.randint(0, 10**9)
    key = urllib.parse.quote(SECRET).encode()
    poison = {
        "from": b"from=92311%FF%FE1234&text=HELP",
        "coding": b"from=923119990001&coding=99999999&text=HELP",
        "meta": b"from=923119990002&meta=" + b"m" * 600 + b"&text=HELP",
        "text": b"from=923119990003&text=JOIN%00Ali%C3%28Swat",
        "to": b"from=923119990004&to=%ED%A0%80&text=HELP",
    }
    calls = []
    kids = []
    for i in range(24):
        kid = "%s-good-%d" % (run, i)
        kids.append(kid)
        calls.append(lambda k=kid: get(_url(k, _number(), "HELP")))
    for name, q in poison.items():
        kid = "%s-%s" % (run, name)
        path = b"/sms/inbound?key=" + key + b"&id=" + kid.encode() + \
            b"&" + q
        calls.append(lambda p=path: _raw_get(p))
    res = _together(calls)
    for i, r in enumerate(res[:24]):
        assert not isinstance(r, Exception), r
        assert r.status == 200 and r.text.strip(), (i, r.status)
    for (name, _), r in zip(poison.items(), res[24:]):
        assert not isinstance(r, Exception), (name, r)
        assert r[0] == 200 and r[1].strip(), (name, r)
    rows = dict((k, (f, raw)) for k, f, raw in sql(
        "SELECT kannel_id, coalesce(flags, ''), coalesce(encode(raw, "
        "'escape'), '') FROM sms_inbox WHERE kannel_id LIKE :'p1' || '%'",
        run))
    assert len(rows) == 24 + len(poison), len(rows)
    for k in kids:
        assert rows[k] == ("", ""), rows[k]
    want = {"from": "from_utf8", "coding": "coding", "meta": "meta_long",
            "text": "text_utf8", "to": "to_utf8"}
    for name, flag in want.items():
        f, raw = rows["%s-%s" % (run, name)]
        assert flag in f.split(","), (name, f)
        assert "id=%s-%s" % (run, name) in raw, (name, raw[:80])
    # the bytes as received, not the repaired text
    raw = sql1("SELECT encode(raw, 'hex') FROM sms_inbox WHERE kannel_id "
               "= :'p1'", run + "-from")
    assert "25464625464531323334" in raw, raw   # "%FF%FE1234"
    body = sql1("SELECT body FROM sms_inbox WHERE kannel_id = :'p1'",
                run + "-text")
    assert body == "JOIN?Ali?(Swat", body
