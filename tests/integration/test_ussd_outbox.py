"""Issue 3: the durable outbox and its sender (ussd/hunar_sender.c).

Rows are INSERTed into sms_outbox as any module does; hunar_sender hands
them to Kannel's sendsms; bearerbox's fake SMSC passes them to fakesmsc,
and its delivery reports come back to GET /sms/dlr.  The stack's own
hunar_sender is paused (SIGSTOP) while a test drives a one-pass sender
with the settings it needs, and resumed afterwards.
"""
import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.parse

from hunar_test import ENV, ROOT, VAR, get, redis, sql, sql1, wait_for
from test_ussd__lib import fakesmsc, mo, phone

BUILD = os.environ.get("HUNAR_BUILD", "build")
SENDER = os.path.join(ROOT, BUILD, "bin", "hunar_sender")


@contextlib.contextmanager
def paused_daemon():
    """The stack's hunar_sender holds still while a test runs its own."""
    pid = None
    try:
        with open(os.path.join(VAR, "run", "hunar_sender.pid")) as f:
            pid = int(f.read().strip())
        os.kill(pid, signal.SIGSTOP)
    except (OSError, ValueError):
        pid = None
    try:
        yield
    finally:
        if pid:
            os.kill(pid, signal.SIGCONT)


def dead_port():
    """A loopback port where nothing listens: one the kernel just gave
    and took back.  (Port 1 was used before, until another stack's
    bearerbox on this shared machine listened there.)"""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_sender(quiet="off", **env):
    """One pass of the sender over what is due; returns its output."""
    e = dict(os.environ)
    for k, v in ENV.items():
        e.setdefault(k, v)
    e.update({k: str(v) for k, v in env.items()})
    e["ASAN_OPTIONS"] = "detect_leaks=1"
    r = subprocess.run([SENDER, "-1", "-q", quiet], env=e,
                       capture_output=True, text=True, timeout=60)
    assert "ERROR: AddressSanitizer" not in r.stderr, r.stderr
    assert "runtime error" not in r.stderr, r.stderr
    return r.stdout + r.stderr


def send_and_listen(to, expect=1, settle=0.0, timeout=15, **kw):
    """Runs one sender pass while fakesmsc listens; (messages, output)."""
    outs = []
    got = fakesmsc(to, None, expect=expect, timeout=timeout, settle=settle,
                   during=lambda: outs.append(run_sender(**kw)))
    assert outs, "fakesmsc did not connect"
    return got, outs[0]


def enqueue(to, body, kind="notice", urgent=False):
    return sql1("INSERT INTO sms_outbox (phone, body, kind, urgent) "
                "VALUES (:'p1', :'p2', :'p3', :'p4'::boolean) RETURNING id",
                to, body, kind, "true" if urgent else "false")


def row(oid):
    r = sql("SELECT status, attempts, coalesce(last_error, ''), "
            "extract(epoch FROM not_before - now())::int, "
            "coalesce(last_dlr, -1) FROM sms_outbox WHERE id = :'p1'", oid)
    s, a, err, wait, dlr = r[0]
    return {"status": s, "attempts": int(a), "error": err,
            "wait": int(wait), "dlr": int(dlr)}


def hung_sender(sender_id, *args, **env):
    """A sender whose Kannel accepts and never answers, so its requests
    hang: (the process, the listening socket to close after it)."""
    hang = socket.socket()
    hang.bind(("127.0.0.1", 0))
    hang.listen(64)
    e = dict(os.environ)
    for k, v in ENV.items():
        e.setdefault(k, v)
    e.update({k: str(v) for k, v in env.items()})
    e.update({"HUNAR_SENDER_ID": sender_id,
              "HUNAR_KANNEL_SENDSMS_PORT": str(hang.getsockname()[1])})
    p = subprocess.Popen([SENDER, "-q", "off", "-i", "1"] + list(args),
                         stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=e)
    return p, hang


def held(ids, sender_id, n):
    """Waits until n of the rows are 'sending' under sender_id."""
    return wait_for(lambda: sql1(
        "SELECT count(*) FROM sms_outbox WHERE id = ANY "
        "(:'p1'::bigint[]) AND status = 'sending' AND "
        "claimed_by = :'p2'", "{%s}" % ",".join(ids),
        sender_id) == str(n), 10)


def test_outbox_sender_binary_exists():
    assert os.access(SENDER, os.X_OK), "make builds %s" % SENDER


def test_outbox_message_arrives_and_dlr_states_are_recorded():
    to = phone()
    with paused_daemon():
        oid = enqueue(to, "Hunar test: your gig G1001 moved.", urgent=True)
        got, out = send_and_listen(to)
        assert "sent id=%s " % oid in out, out
    assert [g["text"] for g in got] == \
        ["Hunar test: your gig G1001 moved."], (got, out, row(oid))
    assert got[0]["from"] == ENV["HUNAR_SHORTCODE"]
    # the fake SMSC reports 8 (delivered to SMSC) and then 1 (delivered)
    states = wait_for(lambda: (lambda s: s if {"1", "8"} <= set(s) else None)(
        [x[0] for x in sql("SELECT state FROM sms_dlr WHERE outbox_id = "
                           ":'p1' ORDER BY id", oid)]), timeout=15)
    assert states and {"1", "8"} <= set(states), states
    assert wait_for(lambda: row(oid)["status"] == "delivered", 5), row(oid)
    assert row(oid)["dlr"] in (1, 8)   # reports may come in any order


def test_outbox_enqueue_is_the_one_door_and_queues_a_key_once():
    """sms_enqueue(): what match_offer, the lesson daemon's writes and the
    mentor reminders queue through; a repeated key queues nothing."""
    p = phone()
    key = "test-enqueue:" + p
    with paused_daemon():
        first = sql1("SELECT sms_enqueue(:'p1', 'one', 'notice', false, "
                     ":'p2', NULL)", p, key)
        again = sql1("SELECT sms_enqueue(:'p1', 'two', 'notice', false, "
                     ":'p2', NULL)", p, key)
        rows = sql("SELECT body, kind, urgent FROM sms_outbox "
                   "WHERE dedup_key = :'p1'", key)
        sql("DELETE FROM sms_outbox WHERE dedup_key = :'p1'", key)
    assert (first, again) == ("t", "f"), (first, again)
    assert rows == [["one", "notice", "f"]], rows


def test_outbox_dlr_callback_refuses_strangers():
    oid = enqueue(phone(), "x")
    q = {"key": "wrong", "id": oid, "status": "1"}
    assert get("/sms/dlr?" + urllib.parse.urlencode(q)).status == 403
    q["key"] = ENV["HUNAR_SMS_SECRET"]
    q["id"] = "999999999999"      # no such row: taken and dropped
    assert get("/sms/dlr?" + urllib.parse.urlencode(q)).status == 200
    q["id"] = "1; DROP TABLE sms_dlr"
    assert get("/sms/dlr?" + urllib.parse.urlencode(q)).status == 400
    sql("UPDATE sms_outbox SET status = 'failed' WHERE id = :'p1'", oid)


def test_outbox_urdu_goes_as_ucs2_and_decodes_back():
    to = phone()
    body = ("ہنر: آپ کا کورس C105 کل شروع ہو گا۔ سبق روزانہ ایس ایم ایس "
            "پر آئیں گے، جواب A یا B بھیجیں۔")
    with paused_daemon():
        oid = enqueue(to, body, urgent=True)
        got, out = send_and_listen(to)
    assert "sent id=%s " % oid in out and "coding=2" in out, out
    assert len(got) == 1, got
    assert got[0]["kind"] == "ucs2" and got[0]["text"] == body, got
    assert got[0]["parts"] == 2, got     # 90 UTF-16 units: 67 + 23


def test_outbox_parts_are_capped():
    to = phone()
    body = " ".join("word%03d" % i for i in range(200))  # ~1600 chars
    with paused_daemon():
        oid = enqueue(to, body, urgent=True)
        got, _ = send_and_listen(to, HUNAR_SMS_PARTS_MAX=2)
    assert len(got) == 1 and got[0]["parts"] == 2, got
    assert body.startswith(got[0]["text"]) and len(got[0]["text"]) <= 306
    assert not got[0]["text"].endswith("wor"), "cut on a word boundary"
    assert row(oid)["status"] in ("sent", "delivered")


def test_outbox_stop_suppresses_all_but_the_confirmation_and_start_resumes():
    to = phone()
    # This test is about what the outbox holds back, not the replies (the
    # journeys and test_ussd_sms own those): the state is read from the
    # database, so a reply late on a loaded machine cannot fail it.
    mo(to, "JOIN Stop Tester Swat", timeout=30)
    assert wait_for(lambda: sql1("SELECT count(*) FROM users WHERE phone "
                                 "= :'p1'", to) == "1"), "registered"
    mo(to, "STOP", timeout=30)
    assert wait_for(lambda: sql1("SELECT sms_opt_out FROM users WHERE "
                                 "phone = :'p1'", to) == "t"), "stopped"
    with paused_daemon():
        a = enqueue(to, "Hunar: a new gig near you", urgent=True)
        b = enqueue(to, "Hunar: you will get no more messages.",
                    kind="stop_confirm", urgent=True)
        got, _ = send_and_listen(to, expect=2, timeout=6, settle=1)
    assert row(a)["status"] == "suppressed" and row(a)["error"] == "STOP"
    assert row(b)["status"] in ("sent", "delivered"), row(b)
    assert [g["text"] for g in got] == [
        "Hunar: you will get no more messages."], got
    # a number that never registered can stop too
    stranger = phone()
    assert mo(stranger, "band", timeout=30)
    with paused_daemon():
        c = enqueue(stranger, "promo", urgent=True)
        run_sender()
    assert row(c)["status"] == "suppressed"
    # START: messages flow again
    assert mo(to, "START", timeout=30)
    with paused_daemon():
        d = enqueue(to, "Hunar: welcome back", urgent=True)
        got, _ = send_and_listen(to)
    assert row(d)["status"] in ("sent", "delivered"), row(d)
    assert [g["text"] for g in got] == ["Hunar: welcome back"], got


def test_outbox_quiet_hours_hold_non_urgent_messages():
    h = int(sql1("SELECT extract(hour FROM now() AT TIME ZONE "
                 "'Asia/Karachi')::int"))
    quiet = "%d-%d" % (h, (h + 2) % 24)       # now is inside quiet hours
    to = phone()
    with paused_daemon():
        a = enqueue(to, "Hunar: weekly tips", urgent=False)
        b = enqueue(to, "Hunar: your login code is 123456", kind="otp",
                    urgent=True)
        run_sender(quiet=quiet)
        ra, rb = row(a), row(b)
        assert ra["status"] == "queued" and ra["attempts"] == 0, ra
        # held until the end of the quiet spell, Pakistan time
        assert 0 < ra["wait"] <= 2 * 3600, ra
        until = sql1("SELECT extract(hour FROM not_before AT TIME ZONE "
                     "'Asia/Karachi')::int FROM sms_outbox WHERE id = "
                     ":'p1'", a)
        assert int(until) == (h + 2) % 24, until
        assert rb["status"] in ("sent", "delivered"), rb
        # Pakistan time, not UTC, decides (infra_quiet.c, unit-tested)
        sql("UPDATE sms_outbox SET status = 'failed' WHERE id = :'p1'", a)


def test_outbox_rate_limit_per_number_in_redis():
    to = phone()
    with paused_daemon():
        ids = [enqueue(to, "Hunar: note %d" % i, urgent=True)
               for i in range(3)]
        other = enqueue(phone(), "Hunar: someone else", urgent=True)
        run_sender(HUNAR_SMS_RATE="2/60")
    rows = [row(i) for i in ids]
    sent = [r for r in rows if r["status"] in ("sent", "delivered")]
    held = [r for r in rows if r["status"] == "queued"]
    assert len(sent) == 2 and len(held) == 1, rows
    assert held[0]["error"] == "rate" and held[0]["attempts"] == 0, held
    assert 0 < held[0]["wait"] <= 60, held
    assert row(other)["status"] in ("sent", "delivered")
    assert redis("GET", "sms:rate:" + to) == '"3"', redis("GET",
                                                          "sms:rate:" + to)
    sql("UPDATE sms_outbox SET status = 'failed' WHERE id = :'p1'",
        ids[2])


def test_outbox_retries_with_backoff_while_kannel_is_down_then_sends_once():
    to = phone()
    with paused_daemon():
        oid = enqueue(to, "Hunar: retry me", urgent=True)
        # a port where nothing listens: nothing can have been handed over
        out = run_sender(HUNAR_KANNEL_SENDSMS_PORT=dead_port())
        r1 = row(oid)
        assert r1["status"] == "queued" and r1["attempts"] == 1, (r1, out)
        assert r1["error"].startswith("kannel unreachable"), r1
        assert 0 < r1["wait"] <= 5, r1
        assert redis("EXISTS", "sms:handed:" + oid) == "(integer) 0"
        sql("UPDATE sms_outbox SET not_before = now() WHERE id = :'p1'", oid)
        run_sender(HUNAR_KANNEL_SENDSMS_PORT=dead_port())
        r2 = row(oid)
        assert r2["attempts"] == 2 and 5 < r2["wait"] <= 10, r2  # doubled
        sql("UPDATE sms_outbox SET not_before = now() WHERE id = :'p1'", oid)
        outs = []
        got = fakesmsc(to, None, expect=2, timeout=6, settle=1,
                       during=lambda: outs.extend([run_sender(),
                                                   run_sender()]))
        assert row(oid)["status"] in ("sent", "delivered"), row(oid)
        # nothing due any more: the second pass handed nothing over
        assert "id=%s " % oid not in outs[1], outs
    assert [g["text"] for g in got] == ["Hunar: retry me"], got


def test_outbox_a_code_is_readable_only_until_handed_to_kannel():
    """Issue 13: a one-time code stayed readable in sms_outbox.body for
    good.  Now a code row keeps its text while it waits -- a retry after
    Kannel was down still sends the code -- and its digits are masked
    once it is decided: handed over, expired, refused or held by STOP
    (R__sms_outbox_codes.sql).  Other kinds keep their text."""
    to = phone()
    text = "Hunar code: 482913. Valid 10 minutes. Never share it."
    with paused_daemon():
        oid = enqueue(to, text, kind="otp", urgent=True)
        note = enqueue(phone(), "Hunar: gig 123456 is yours", urgent=True)
        run_sender(HUNAR_KANNEL_SENDSMS_PORT=dead_port())
        assert row(oid)["status"] == "queued", row(oid)
        body = lambda i: sql1("SELECT body FROM sms_outbox WHERE id = "
                              ":'p1'", i)
        assert body(oid) == text          # the retry still has its code
        sql("UPDATE sms_outbox SET not_before = now() WHERE id = :'p1'", oid)
        got = fakesmsc(to, None, expect=1, timeout=6, settle=1,
                       during=run_sender)
    assert [g["text"] for g in got] == [text], got
    assert row(oid)["status"] in ("sent", "delivered"), row(oid)
    assert body(oid) == ("Hunar code: ******. Valid 10 minutes. Never "
                         "share it."), body(oid)
    assert "123456" in body(note)
    # Every way out of the queue masks; waiting does not.
    with paused_daemon():
        for st, kept in (("sending", True), ("queued", True),
                         ("suppressed", False), ("failed", False),
                         ("delivered", False)):
            i = enqueue(phone(), "Hunar code 7301", kind="otp")
            sql("UPDATE sms_outbox SET status = :'p2' WHERE id = :'p1'", i,
                st)
            assert (body(i) == "Hunar code 7301") == kept, (st, body(i))
            sql("UPDATE sms_outbox SET status = 'failed' WHERE id = :'p1'",
                i)
    assert sql1("SELECT sms_code_mask('کوڈ: 123456۔ 10 منٹ')") == \
        "کوڈ: ******۔ 10 منٹ"


def test_outbox_gives_up_after_the_last_attempt():
    with paused_daemon():
        oid = enqueue(phone(), "Hunar: never", urgent=True)
        sql("UPDATE sms_outbox SET attempts = 1 WHERE id = :'p1'", oid)
        run_sender(HUNAR_KANNEL_SENDSMS_PORT=dead_port(), HUNAR_SMS_ATTEMPTS=2)
    r = row(oid)
    assert r["status"] == "failed" and r["attempts"] == 2, r


def test_outbox_a_crashed_hand_over_is_never_sent_twice():
    to = phone()
    with paused_daemon():
        # a sender died after marking the hand-over: counts as sent
        a = enqueue(to, "Hunar: handed before the crash", urgent=True)
        sql("UPDATE sms_outbox SET status = 'sending', attempts = 1 "
            "WHERE id = :'p1'", a)
        redis("SET", "sms:handed:" + a, "1", "EX", "600")
        # ... and one that died before the hand-over: goes out once
        b = enqueue(to, "Hunar: not handed before the crash", urgent=True)
        sql("UPDATE sms_outbox SET status = 'sending', attempts = 1 "
            "WHERE id = :'p1'", b)
        got, out = send_and_listen(to, expect=2, timeout=6, settle=1)
        assert "recovered" in out, out
    assert row(a)["status"] == "sent", row(a)
    assert row(b)["status"] in ("sent", "delivered"), row(b)
    assert [g["text"] for g in got] == [
        "Hunar: not handed before the crash"], got


def test_outbox_the_stack_daemon_sends_on_its_own():
    """The running hunar_sender (infra/daemons) picks a new row up by
    NOTIFY within a few seconds, without any test sender."""
    pidf = os.path.join(VAR, "run", "hunar_sender.pid")
    if not os.path.exists(pidf):
        raise AssertionError("infra/stack did not start hunar_sender")
    to = phone()
    ids = []
    got = fakesmsc(to, None, expect=1, timeout=15, during=lambda: ids.append(
        enqueue(to, "Hunar: from the daemon", urgent=True)))
    oid = ids[0]
    assert [g["text"] for g in got] == ["Hunar: from the daemon"], got
    assert row(oid)["status"] in ("sent", "delivered")


def test_outbox_holds_through_an_hour_of_kannel_outage():
    """Issue 13: a row queued 70 minutes ago through a Kannel outage is
    still retried (it used to fail for good after 8 attempts, ~10.5 min),
    never waiting more than a minute between tries, and goes once Kannel
    is back."""
    to = phone()
    with paused_daemon():
        oid = enqueue(to, "Hunar: after the outage", urgent=True)
        sql("UPDATE sms_outbox SET attempts = 12, created_at = now() - "
            "interval '70 minutes' WHERE id = :'p1'", oid)
        run_sender(HUNAR_KANNEL_SENDSMS_PORT=dead_port())
        r = row(oid)
        assert r["status"] == "queued" and r["attempts"] == 13, r
        assert 0 < r["wait"] <= 60, r
        sql("UPDATE sms_outbox SET not_before = now() WHERE id = :'p1'", oid)
        got = fakesmsc(to, None, expect=1, timeout=6, settle=1,
                       during=run_sender)
    assert row(oid)["status"] in ("sent", "delivered"), row(oid)
    assert [g["text"] for g in got] == ["Hunar: after the outage"], got


def test_outbox_expiry_is_a_policy_with_its_reason():
    """A login code held past its kind's expiry is not sent, and says
    why; a notice of the same age still goes."""
    with paused_daemon():
        otp = enqueue(phone(), "Hunar code 123456", urgent=True)
        sql("UPDATE sms_outbox SET kind = 'otp', created_at = now() - "
            "interval '11 minutes' WHERE id = :'p1'", otp)
        old = enqueue(phone(), "Hunar: old notice", urgent=True)
        sql("UPDATE sms_outbox SET created_at = now() - interval "
            "'25 hours' WHERE id = :'p1'", old)
        out = run_sender(HUNAR_KANNEL_SENDSMS_PORT=dead_port())
    r = row(otp)
    assert r["status"] == "failed", r
    assert "policy otp=600" in r["error"], r
    assert "policy otp=600" in out and "123456" not in out, out
    assert sql1("SELECT body FROM sms_outbox WHERE id = :'p1'", otp) == \
        "Hunar code ******"
    r = row(old)
    assert r["status"] == "failed" and "default=86400" in r["error"], r


def test_outbox_recovery_frees_only_a_dead_senders_rows():
    """Issue 15: two senders at once; one dies mid-send.  The other's
    recovery leaves a live sender's rows alone, and once that sender's
    heartbeat stops it frees them: the row handed over before the death
    counts as sent (never sent again), the rest go out once."""
    to = phone()
    tag = "%06d" % (int(time.time() * 1000) % 1000000)
    a_id = "test-A-" + tag
    with paused_daemon():
        ids = [enqueue(to, "Hunar %s: message %d" % (tag, i), urgent=True)
               for i in range(4)]
        a, hang = hung_sender(a_id, HUNAR_SENDER_DEAD_S=6,
                              HUNAR_SMS_PARALLEL=2)
        try:
            assert held(ids, a_id, 4), [row(i) for i in ids]
            # B starts while A lives: A's rows are not B's to free.
            out = run_sender(HUNAR_SENDER_DEAD_S="6")
            assert "recovered" not in out, out
            assert all(row(i)["status"] == "sending" for i in ids), \
                [row(i) for i in ids]
            marked = [i for i in ids
                      if redis("EXISTS", "sms:handed:" + i).endswith("1")]
            assert len(marked) == 1, marked   # one in flight, one number
        finally:
            a.kill()
            a.wait()
            hang.close()
        time.sleep(7)                     # A's beat is now too old
        got, out = send_and_listen(to, expect=3, timeout=10, settle=1,
                                   HUNAR_SENDER_DEAD_S="6")
    assert "recovered 4 row(s)" in out and "3 requeued" in out, out
    texts = sorted(g["text"] for g in got)
    want = sorted("Hunar %s: message %d" % (tag, ids.index(i))
                  for i in ids if i not in marked)
    assert texts == want, (texts, want)
    r = row(marked[0])
    assert r["status"] == "sent" and "after the hand-over" in r["error"], r


def test_outbox_a_lost_outcome_is_settled_without_a_second_send():
    """Issue 15: sms_outbox_done() commits without waiting for the replica
    (synchronous_commit local, that transaction only), so a failover can
    lose the last outcomes a live sender wrote: their rows are 'sending'
    under it again, as its claim left them.  Its own recovery settles them
    from the hand-over marks while it keeps running: the rows handed over
    count as sent and never go again; a row whose hand-over Kannel refused
    (its mark deleted before the lost 'retry' was written) goes once."""
    r = sql("BEGIN; SELECT sms_outbox_done('nobody', '{}', '{}', '{}', "
            "'{}'); SHOW synchronous_commit; COMMIT; "
            "SHOW synchronous_commit;")
    assert [x[0] for x in r] == ["0", "local", "on"], r
    to = phone()
    tag = "%06d" % (int(time.time() * 1000) % 1000000)
    sid = "test-L-" + tag
    e = dict(os.environ)
    for k, v in ENV.items():
        e.setdefault(k, v)
    e["HUNAR_SENDER_ID"] = sid
    texts = ["Hunar %s: outcome lost %d" % (tag, i) for i in range(3)]
    ids = []
    with paused_daemon():
        live = subprocess.Popen([SENDER, "-q", "off", "-i", "1"],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=e)
        try:
            got = fakesmsc(to, None, expect=3, timeout=15, during=lambda:
                           ids.extend(enqueue(to, t, urgent=True)
                                      for t in texts))
            assert sorted(g["text"] for g in got) == texts, got
            assert wait_for(lambda: all(row(i)["status"] in (
                "sent", "delivered") for i in ids), 10), \
                [row(i) for i in ids]
            assert all(redis("EXISTS", "sms:handed:" + i).endswith("1")
                       for i in ids)
            # The failover: the outcomes are gone, the claims are not.
            sql("UPDATE sms_outbox SET status = 'sending', claimed_by = "
                ":'p2', sent_at = NULL, delivered_at = NULL, last_dlr = "
                "NULL, last_error = NULL WHERE id = ANY (:'p1'::bigint[])",
                "{%s}" % ",".join(ids), sid)
            # Kannel refused this one: no mark, its 'retry' lost too.
            refused = sql1(
                "INSERT INTO sms_outbox (phone, body, kind, urgent, status,"
                " claimed_by, attempts) VALUES (:'p1', :'p2', 'notice', "
                "true, 'sending', :'p3', 1) RETURNING id", to,
                "Hunar %s: refused, goes once" % tag, sid)
            # Recovery (every 10 s, between the live sender's passes)
            # settles all four at once; the refused one then goes, and
            # a second send of the others would come in the same pass.
            got = fakesmsc(to, None, expect=1, timeout=30, settle=3)
        finally:
            live.terminate()
            live.wait(10)
    assert [g["text"] for g in got] == [
        "Hunar %s: refused, goes once" % tag], got
    for i in ids:
        r = row(i)
        assert r["status"] in ("sent", "delivered"), r
        assert r["status"] == "delivered" or \
            "after the hand-over" in r["error"], r
    assert row(refused)["status"] in ("sent", "delivered"), row(refused)


def test_outbox_a_sender_killed_with_its_next_batch_claimed():
    """Issue 15: a sender claims its next batch while the current one's
    requests are in flight.  Killed then (SIGKILL, Kannel hanging), it
    holds two batches in 'sending', one row handed over: its next run
    (the same HUNAR_SENDER_ID) counts that one as sent and never sends
    it again, and sends every other row of both batches once."""
    to = phone()
    tag = "%06d" % (int(time.time() * 1000) % 1000000)
    a_id = "test-P-" + tag
    rate = "100/60"                 # one number, 30 messages
    with paused_daemon():
        ids = [enqueue(to, "Hunar %s: prefetch %d" % (tag, i), urgent=True)
               for i in range(30)]
        # batches of 10: the one in flight and the next, claimed
        a, hang = hung_sender(a_id, "-b", "10", HUNAR_SMS_RATE=rate)
        try:
            assert held(ids, a_id, 20), [row(i) for i in ids]
        finally:
            a.kill()
            a.wait()
            hang.close()
        marked = [i for i in ids
                  if redis("EXISTS", "sms:handed:" + i).endswith("1")]
        assert len(marked) == 1, marked   # one in flight, one number
        got, out = send_and_listen(to, expect=29, timeout=30, settle=1,
                                   HUNAR_SENDER_ID=a_id, HUNAR_SMS_RATE=rate)
    assert "recovered 20 row(s)" in out and "19 requeued" in out, out
    texts = sorted(g["text"] for g in got)
    want = sorted("Hunar %s: prefetch %d" % (tag, ids.index(i))
                  for i in ids if i not in marked)
    assert texts == want, (texts, want)
    assert row(marked[0])["status"] == "sent", row(marked[0])
