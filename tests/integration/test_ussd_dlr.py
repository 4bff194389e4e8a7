"""Issue 15: delivery reports applied in batches (ussd/ussd_dlr.c on
infra/infra_batch.c, sms_dlr_batch() in ussd/sql/R__sms_outbox.sql).

A batch must end exactly where its reports applied one by one would; a
report that comes before the sender recorded its hand-over still counts;
every answer (200 recorded, 404 unknown) is the report's own, however many
share a batch; and a Kore that is away while the reports come loses none:
smsbox is answered only after the commit, so it tries again.
"""
import concurrent.futures
import random
import time
import urllib.parse

from hunar_test import ENV, get, sql, sql1, stack, wait_for
from test_ussd__lib import phone
from test_ussd_outbox import enqueue, paused_daemon, send_and_listen

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


def _dlr(oid, state):
    q = urllib.parse.urlencode({"key": ENV["HUNAR_SMS_SECRET"], "id": oid,
                                "status": state})
    return get("/sms/dlr?" + q).status


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
        moved = sql1("SELECT sms_outbox_done(:'p1', ARRAY[:'p2', :'p3']"
                     "::bigint[], '{sent,sent}', '{\"\",\"\"}', "
                     "'{0,0}')", who, a, b)
    assert moved == "0", moved
    assert _state(a) == ("delivered", "1", "t", "t", "1"), _state(a)
    assert _state(b) == ("sent", "8", "f", "t", "8"), _state(b)


def test_dlr_burst_each_answer_is_its_own():
    """120 reports at once, 16 connections: they share batches, and each
    is answered for itself (404 for the ids that do not exist)."""
    with paused_daemon():
        ids = _rows(50)
        reps = [(i, 8) for i in ids] + [(i, 1) for i in ids] + \
            [(str(999999999000 + k), 1) for k in range(20)]
        random.shuffle(reps)
        with concurrent.futures.ThreadPoolExecutor(16) as ex:
            codes = list(ex.map(lambda r: _dlr(*r), reps))
    want = [404 if int(i) >= 999999999000 else 200 for i, _ in reps]
    assert codes == want, [(r, c) for r, c, w in zip(reps, codes, want)
                           if c != w][:5]
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
