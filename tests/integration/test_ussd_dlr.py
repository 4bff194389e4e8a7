"""Issue 15: delivery reports applied in batches (ussd/ussd_dlr.c on
infra/infra_batch.c, sms_dlr_batch() in ussd/sql/R__sms_outbox.sql).

A batch must end exactly where its reports applied one by one would; a
report that comes before the sender recorded its hand-over still counts;
every answer ("ok" recorded, "dropped" for no such row) is the report's
own, however many share a batch; and a Kore that is away while the
reports come loses none: smsbox is answered only after the commit, so it
tries again.  /sms/dlr answers once a report is recorded
(sms_dlr_take()); the outbox row follows a moment later (sms_dlr_apply(),
_applied() waits for it).

Issue 13: a report for an outbox row that is gone is answered 200 and
dropped (counted, logged once): answered 404, smsbox tried each one again
every http-queue-delay, up to http-request-retry (1000) times.
"""
import concurrent.futures
import os
import random
import re
import subprocess
import time
import urllib.parse
import urllib.request

from hunar_test import ENV, SHORTCODE, VAR, get, sql, sql1, stack, wait_for
from test_infra_metrics import _metrics, _value
from test_ussd__lib import fakesmsc, phone
from test_ussd_outbox import enqueue, paused_daemon, send_and_listen
from test_ussd_sms_batch import _number, _url

# Report sequences (Kannel's %d) and where a row that was 'sent' ends.
SEQS = [
    ([8, 1], "delivered"), ([1, 8], "delivered"), ([2, 1], "delivered"),
    ([1, 2], "delivered"), ([1, 16], "delivered"), ([16], "failed"),
    ([2], "failed"), ([16, 8], "failed"), ([8], "sent"), ([4, 8], "sent"),
]


def _rows(n, status="sent", claimed=None):
    ids = []
    for _ in range(n):
        oid = enqueue(phone(), "dlr test")
        sql("UPDATE sms_outbox SET status = :'p2', claimed_by = "
            "nullif(:'p3', ''), sent_at = CASE WHEN :'p2' = 'sent' THEN "
            "now() END WHERE id = :'p1'", oid, status, claimed or "")
        ids.append(oid)
    return ids


def _state(oid):
    r = sql("SELECT status, coalesce(last_dlr, -1), delivered_at IS NOT "
            "NULL, sent_at IS NOT NULL, (SELECT string_agg(state::text, ',' "
            "ORDER BY id) FROM sms_dlr WHERE outbox_id = o.id) "
            "FROM sms_outbox o WHERE id = :'p1'", oid)
    return tuple(r[0])


def _batch(pairs):
    ids = "{%s}" % ",".join(str(i) for i, _ in pairs)
    sts = "{%s}" % ",".join(str(s) for _, s in pairs)
    return sql("SELECT ord, found FROM sms_dlr_batch(:'p1', :'p2') "
               "ORDER BY ord", ids, sts)


def _applied(ids, timeout=10):
    """/sms/dlr answers once a report is recorded; its outbox row follows
    a moment later (sms_dlr_apply()).  Waits until every report of these
    rows reached its row."""
    return wait_for(lambda: sql1(
        "SELECT count(*) FROM sms_dlr WHERE NOT applied AND outbox_id = "
        "ANY (:'p1'::bigint[])", "{%s}" % ",".join(map(str, ids))) == "0",
        timeout=timeout)


def _dlr(oid, state, key=None):
    return _dlr_answer(oid, state, key)[0]


def _dlr_answer(oid, state, key=None):
    q = urllib.parse.urlencode({"key": key or ENV["HUNAR_SMS_SECRET"],
                                "id": oid, "status": state})
    r = get("/sms/dlr?" + q)
    return r.status, r.text.strip()


UNKNOWN = "hunar_sms_dlr_unknown_total"


def _dlr_calls():
    """Kore's answers to /sms/dlr so far, by status (its /metrics)."""
    return {m.group(1): float(m.group(2)) for m in re.finditer(
        r'^hunar_http_requests_total\{route="/sms/dlr",status="(\d+)"\} '
        r'(\S+)$', _metrics(), re.M)}


def _kore_log(since=0):
    """Kore's log from byte `since` (outbox ids start again at 1 when the
    database is made again: an older run's lines may name the same id)."""
    with open(os.path.join(VAR, "log", "kore.log"), "rb") as f:
        f.seek(since)
        return f.read().decode("utf-8", "replace")


def _kore_log_end():
    return os.path.getsize(os.path.join(VAR, "log", "kore.log"))


def test_dlr_batch_ends_where_one_by_one_ends():
    """Twin rows: one gets its reports one call each, the other the same
    reports interleaved with every other row's in one batch."""
    with paused_daemon():
        one = _rows(len(SEQS))
        many = _rows(len(SEQS))
        for oid, (seq, _) in zip(one, SEQS):
            for s in seq:
                assert sql1("SELECT sms_dlr_record(:'p1', :'p2')", oid,
                            s) == "ok"
        pairs = []
        left = [list(seq) for seq, _ in SEQS]
        while any(left):       # each row's reports in order, rows mixed
            for k in random.sample(range(len(SEQS)), len(SEQS)):
                if left[k]:
                    pairs.append((many[k], left[k].pop(0)))
        pairs.insert(3, (999999999999, 1))     # no such message
        got = _batch(pairs)
    assert [int(o) for o, _ in got] == list(range(1, len(pairs) + 1))
    assert [f for _, f in got] == ["f" if i == 999999999999 else "t"
                                   for i, _ in pairs]
    for a, b, (seq, want) in zip(one, many, SEQS):
        sa, sb = _state(a), _state(b)
        assert sa == sb, (seq, sa, sb)
        assert sa[0] == want, (seq, sa)
        assert int(sa[1]) == seq[-1] and sa[4] == ",".join(map(str, seq))
        assert sa[2] == ("t" if want == "delivered" else "f"), (seq, sa)
    assert sql1("SELECT count(*) FROM sms_dlr WHERE outbox_id = "
                "999999999999") == "0"


def test_dlr_before_its_send_is_recorded():
    """Kannel may report before the sender wrote its outcome: the row is
    still 'sending'.  The report moves it on (with a sent_at), and the
    sender's late outcome changes nothing."""
    who = "test-dlr-early"
    with paused_daemon():
        a, b = _rows(2, status="sending", claimed=who)
        assert _dlr(a, 1) == 200 and _dlr(b, 8) == 200
        assert _applied([a, b])
        moved = sql1("SELECT sms_outbox_done(:'p1', ARRAY[:'p2', :'p3']"
                     "::bigint[], '{sent,sent}', '{\"\",\"\"}', "
                     "'{0,0}')", who, a, b)
    assert moved == "0", moved
    assert _state(a) == ("delivered", "1", "t", "t", "1"), _state(a)
    assert _state(b) == ("sent", "8", "f", "t", "8"), _state(b)


def test_dlr_burst_each_answer_is_its_own():
    """120 reports at once, 16 connections: they share batches, and each
    is answered for itself (200 "dropped" for the ids that do not
    exist)."""
    with paused_daemon():
        ids = _rows(50)
        reps = [(i, 8) for i in ids] + [(i, 1) for i in ids] + \
            [(str(999999999000 + k), 1) for k in range(20)]
        random.shuffle(reps)
        with concurrent.futures.ThreadPoolExecutor(16) as ex:
            codes = list(ex.map(lambda r: _dlr_answer(*r), reps))
    want = [(200, "dropped" if int(i) >= 999999999000 else "ok")
            for i, _ in reps]
    assert codes == want, [(r, c) for r, c, w in zip(reps, codes, want)
                           if c != w][:5]
    assert _applied(ids)
    st = sql("SELECT status, count(*) FROM sms_outbox WHERE id = ANY "
             "(:'p1'::bigint[]) GROUP BY 1", "{%s}" % ",".join(ids))
    assert st == [["delivered", "50"]], st
    n = sql1("SELECT count(*) FROM sms_dlr WHERE outbox_id = ANY "
             "(:'p1'::bigint[])", "{%s}" % ",".join(ids))
    assert n == "100", n


def test_dlr_kore_away_loses_no_report():
    """Messages go out through Kannel while Kore is stopped: every report
    smsbox tries meets a closed door.  Kore comes back, smsbox tries again
    (http-queue-delay), and every row ends delivered with its reports
    recorded once each."""
    to = [phone() for _ in range(6)]
    with paused_daemon():
        ids = [enqueue(p, "Hunar dlr restart %d" % k, urgent=True)
               for k, p in enumerate(to)]
        r = stack("stop", "kore")
        assert r.returncode == 0, r.stderr
        try:
            got, out = send_and_listen(to[0], expect=1, timeout=20,
                                       settle=3)
            assert all("sent id=%s " % i in out for i in ids), out
            time.sleep(2)
            assert sql1("SELECT count(*) FROM sms_dlr WHERE outbox_id = "
                        "ANY (:'p1'::bigint[])", "{%s}" % ",".join(ids)) \
                == "0"
        finally:
            r = stack("up")
        assert r.returncode == 0, r.stdout + r.stderr

        def settled():
            s = sql("SELECT status, (SELECT string_agg(state::text, ',' "
                    "ORDER BY state) FROM sms_dlr WHERE outbox_id = o.id) "
                    "FROM sms_outbox o WHERE id = ANY (:'p1'::bigint[])",
                    "{%s}" % ",".join(ids))
            return s if all(x[0] == "delivered" for x in s) else None
        s = wait_for(settled, timeout=60, interval=1)
    assert s, sql("SELECT id, status, last_dlr FROM sms_outbox WHERE id = "
                  "ANY (:'p1'::bigint[])", "{%s}" % ",".join(ids))
    assert all(x[1] == "1,8" for x in s), s


def test_dlr_for_no_such_row_is_taken_and_dropped():
    """A report for an id with no outbox row (deleted, or never sent) is
    answered 200, recorded nowhere, counted and logged once with its id;
    a wrong key and a malformed report still fail."""
    with paused_daemon():       # nothing sent, so no other report
        oid = enqueue(phone(), "dlr test: deleted before its report")
        sql("DELETE FROM sms_outbox WHERE id = :'p1'", oid)
        before = _value(_metrics(), UNKNOWN)
        mark = _kore_log_end()
        assert _dlr_answer(oid, 1) == (200, "dropped")
        assert sql1("SELECT count(*) FROM sms_dlr WHERE outbox_id = :'p1'",
                    oid) == "0"
        assert _value(_metrics(), UNKNOWN) == before + 1
        line = "dlr: no outbox row %s (state 1), dropped" % oid
        assert wait_for(lambda: line in _kore_log(mark), timeout=5), line
        assert _dlr(oid, 1, key="wrong") == 403
        assert _dlr("12x", 1) == 400
        assert _dlr(oid, "") == 400
        assert _value(_metrics(), UNKNOWN) == before + 1
        assert _kore_log(mark).count("no outbox row %s " % oid) == 1


def test_dlr_for_a_deleted_row_is_not_retried_through_kannel():
    """The storm of issue 13 through the real path: a message goes out
    through Kannel's sendsms with the dlr-url the sender gives, for an
    outbox row deleted meanwhile; the fake SMSC reports it (8, then 1)
    and smsbox calls Kore's callback listener.  Each report is answered
    200 at its first call, and smsbox calls no more: over the next
    http-queue-delay and then some, Kore sees each report once (its log
    line) and answers no /sms/dlr with anything but 200 (/metrics)."""
    to = phone()
    with open(os.path.join(VAR, "kannel.conf")) as f:
        delay = int(re.search(r"^http-queue-delay = (\d+)", f.read(),
                              re.M).group(1))

    def send():         # as hunar_sender hands a message over
        dlr = "http://127.0.0.1:%s/sms/dlr?id=%s&status=%%d" % (
            ENV["HUNAR_CALLBACK_PORT"], oid)
        q = urllib.parse.urlencode({
            "username": ENV["HUNAR_SENDSMS_USER"],
            "password": ENV["HUNAR_SENDSMS_PASSWORD"],
            "from": SHORTCODE, "to": to, "text": "Hunar dlr storm test",
            "dlr-mask": "31", "dlr-url": dlr})
        r = urllib.request.urlopen("http://127.0.0.1:%s/cgi-bin/sendsms?%s"
                                   % (ENV["HUNAR_KANNEL_SENDSMS_PORT"], q),
                                   timeout=10)
        assert r.status in (200, 202), r.status

    with paused_daemon():       # no other message, so no other report
        oid = enqueue(to, "dlr test: gone before its reports")
        sql("DELETE FROM sms_outbox WHERE id = :'p1'", oid)
        before = _dlr_calls()
        unknown = _value(_metrics(), UNKNOWN)
        mark = _kore_log_end()
        got = fakesmsc(to, None, expect=1, timeout=15, during=send)
        assert [m["text"] for m in got] == ["Hunar dlr storm test"], got

        def calls():
            now = _dlr_calls()
            return {k: now[k] - before.get(k, 0) for k in now
                    if now[k] != before.get(k, 0)}
        mine = re.compile(r"dlr: no outbox row %s \(state (\d+)\)" % oid)
        assert wait_for(lambda: len(mine.findall(_kore_log(mark))) >= 2,
                        timeout=15), calls()
        time.sleep(delay + 3)
        seen = calls()
        states = mine.findall(_kore_log(mark))
    assert sorted(states) == ["1", "8"], states
    assert set(seen) == {"200"} and seen["200"] >= 2, seen
    assert _value(_metrics(), UNKNOWN) >= unknown + 2
    assert sql1("SELECT count(*) FROM sms_dlr WHERE outbox_id = :'p1'",
                oid) == "0"


def _reset_kore_idle_connections():
    """Resets the server end of Kore's idle pooled PostgreSQL connections
    (ss -K, as the kernel does when pgBouncer or haproxy is killed): each
    reads a reset on Kore's side while it sits in the pool.  Kore's LISTEN
    session is left alone.  Returns how many were cut."""
    pg = ENV["HUNAR_PG_PORT"]
    listen = {r[0] for r in sql(
        "SELECT client_port FROM pg_stat_activity WHERE query ILIKE "
        "'listen%' AND client_port IS NOT NULL")}
    out = subprocess.run(["ss", "-tnpH", "state", "established", "dst",
                          "127.0.0.1:%s" % pg], capture_output=True,
                         text=True).stdout
    ports = [m.group(1) for m in re.finditer(
        r"127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:%s\s.*\"kore\"" % pg, out)]
    cut = 0
    for port in ports:
        if port in listen:
            continue
        r = subprocess.run(["ss", "-K", "src", "127.0.0.1", "sport", "=",
                            ":%s" % pg, "dst", "127.0.0.1", "dport", "=",
                            ":%s" % port], capture_output=True, text=True)
        cut += r.returncode == 0 and port in r.stdout
    return cut


def test_batches_skip_pooled_connections_closed_while_idle():
    """The MO and delivery-report batches (infra/infra_batch.c) check a
    pooled connection as infra_db does before sending on it: one whose
    server end closed while idle is dropped and the next taken.  Without
    the check each such connection took the batch's query and lost it
    ('batch lost its connection' three times in a row here, a try and a
    250 ms tick each; a report batch has 3 tries, so a pool of closed
    connections answered smsbox 503)."""
    num = _number()
    run = "idlecut-%d" % random.randint(0, 10**9)
    drop = "pooled connection closed while idle, dropped"
    with paused_daemon():
        # The workers that take reports hold pooled connections (a burst
        # of reports fills their pools), then those are cut.
        warm = _rows(32)
        with concurrent.futures.ThreadPoolExecutor(16) as ex:
            list(ex.map(lambda i: _dlr_answer(i, 8), warm))
        mark = _kore_log_end()
        cut = _reset_kore_idle_connections()
        assert cut >= 2, "no idle Kore connection to cut (%d)" % cut
        ids, codes = [], []
        for _ in range(4):      # until a worker with cut ones takes some
            more = _rows(16)
            with concurrent.futures.ThreadPoolExecutor(8) as ex:
                codes += list(ex.map(lambda i: _dlr_answer(i, 1), more))
            ids += more
            if drop in _kore_log(mark):
                break
        mo = [get(_url("%s-%d" % (run, k), num, "HELP")).status
              for k in range(4)]
    assert codes == [(200, "ok")] * len(ids), codes
    assert mo == [200] * 4, mo
    assert _applied(ids)
    st = sql("SELECT status, count(*) FROM sms_outbox WHERE id = ANY "
             "(:'p1'::bigint[]) GROUP BY 1", "{%s}" % ",".join(ids))
    assert st == [["delivered", str(len(ids))]], st
    log = _kore_log(mark)
    bad = [l for l in log.splitlines() if "pgsql error" in l or
           "batch of" in l or "lost its connection" in l]
    assert not bad, bad[:5]
    assert drop in log, log[-2000:]


def _through_kannel(n, kind, **env):
    """n messages of a kind to one number, sent by a sender pass through
    Kannel's sendsms to the fake SMSC; returns their outbox ids and the
    number once all arrived."""
    to = phone()
    ids = [enqueue(to, "dlr policy %s %d" % (kind, i), kind=kind)
           for i in range(n)]
    got, out = send_and_listen(to, expect=n, timeout=30,
                               HUNAR_SMS_RATE="100/60", **env)
    assert len(got) == n, (len(got), out[-800:])
    return ids, to


def _reports(ids, want, status, timeout=20):
    """Waits until every row has its reports; returns {id: states}."""
    def done():
        rows = sql("SELECT o.id, o.status, coalesce((SELECT string_agg("
                   "state::text, ',' ORDER BY state) FROM sms_dlr d WHERE "
                   "d.outbox_id = o.id), '') FROM sms_outbox o WHERE o.id = "
                   "ANY (:'p1'::bigint[])", "{%s}" % ",".join(ids))
        got = {r[0]: (r[1], r[2]) for r in rows}
        return got if all(v == (status, want) for v in got.values()) \
            else None
    got = wait_for(done, timeout=timeout)
    return got


def test_dlr_every_report_asked_is_recorded():
    """Through the real path (sender -> sendsms -> bearerbox -> fake SMSC
    -> smsbox's callback -> /sms/dlr): every report Kannel was asked for
    is recorded, none lost, none twice -- a notice asks for all (8 and
    1), a lesson with the final policy for the final one (1)."""
    with paused_daemon():
        notes, _ = _through_kannel(12, "notice")
        lessons, _ = _through_kannel(12, "lesson",
                                     HUNAR_SMS_DLR="lesson=final")
        got_n = _reports(notes, "1,8", "delivered")
        got_l = _reports(lessons, "1", "delivered")
    assert got_n, sql("SELECT id, status, (SELECT string_agg(state::text, "
                      "',') FROM sms_dlr WHERE outbox_id = o.id) FROM "
                      "sms_outbox o WHERE id = ANY (:'p1'::bigint[])",
                      "{%s}" % ",".join(notes))
    assert got_l, sql("SELECT id, status, (SELECT string_agg(state::text, "
                      "',') FROM sms_dlr WHERE outbox_id = o.id) FROM "
                      "sms_outbox o WHERE id = ANY (:'p1'::bigint[])",
                      "{%s}" % ",".join(lessons))


def test_dlr_lessons_ask_only_for_failures():
    """The drip's policy (HUNAR_SMS_DLR default lesson=failed): a lesson
    asks Kannel only for the reports that say it failed (dlr-mask 18 in
    bearerbox's access log), so one that arrived brings no callback and
    stays 'sent'; a failure report for one is recorded and fails it."""
    access = os.path.join(VAR, "log", "kannel-access.log")
    mark = os.path.getsize(access)
    with paused_daemon():
        ids, to = _through_kannel(6, "lesson")
        time.sleep(2)           # a report asked would be back by now
        st = sql("SELECT status, count(*) FROM sms_outbox WHERE id = ANY "
                 "(:'p1'::bigint[]) GROUP BY 1", "{%s}" % ",".join(ids))
        n = sql1("SELECT count(*) FROM sms_dlr WHERE outbox_id = ANY "
                 "(:'p1'::bigint[])", "{%s}" % ",".join(ids))
        with open(access, "rb") as f:
            f.seek(mark)
            log = f.read().decode("utf-8", "replace")
        assert _dlr(ids[0], 16) == 200
        assert _applied(ids[:1])
    assert st == [["sent", "6"]], st
    assert n == "0", n
    masks = re.findall(r"Sent SMS .*\[to:%s\] \[flags:[^\]]*:(\d+)\]" % to,
                       log)
    assert masks and set(masks) == {"18"}, (masks, log[-600:])
    assert _state(ids[0])[0] == "failed", _state(ids[0])
