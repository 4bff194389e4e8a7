#!/usr/bin/env python3
"""make chaos (issue 13, deliverable 8): faults against the running stack
under MO load, through the real chain (fakesmsc -> bearerbox -> smsbox ->
hunar_spool -> Kore -> PostgreSQL), one table row per fault:

  MO sent / stored / answered / acted twice, MT queued / delivered / dup

A fault fails when a message sent is not stored, a phone gets no reply
or two, or an MT is lost or duplicated.  Usage: run.py [seconds] [filter]
(seconds: how long Kore stays down, default 30).  The stack must be up
(make up); the supervisor restarts what a fault kills.  Last line:
"N passed, N failed".
"""
import os
import signal
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

from hunar_test import VAR, sql, sql1, stack, wait_for  # noqa: E402
from test_ussd_durable import Phones  # noqa: E402
from test_ussd__lib import fakesmsc  # noqa: E402


def _pid(name):
    try:
        return int(open(os.path.join(VAR, "run", name + ".pid")).read())
    except (OSError, ValueError):
        return None


def _kill(name):
    pid = _pid(name)
    if pid:
        os.kill(pid, signal.SIGKILL)


def _up():
    stack("up")


def _stored(prefix):
    return int(sql1("SELECT count(*) FROM sms_inbox WHERE sender LIKE "
                    ":'p1' || '%'", prefix))


def _mo_fault(name, fault, n=120, interval=0.02, settle=90):
    """n MO from fresh numbers while fault() runs; returns a row."""
    prefix = "9234%04d" % (uuid.uuid4().int % 10**4)
    ph = Phones(prefix, "HELP", n, interval)
    try:
        fault()
        _up()
        wait_for(lambda: _stored(prefix) >= n, timeout=settle)
        wait_for(lambda: len(ph.replies()) >= n, timeout=settle)
        time.sleep(2)           # a duplicate would come now
        rep = ph.replies()
    finally:
        ph.stop()
        _up()
    twice = sum(1 for v in rep.values() if len(v) > 1)
    return {"fault": name, "mo_sent": n, "stored": _stored(prefix),
            "answered": len(rep), "twice": twice,
            "mt_queued": "-", "mt_delivered": "-", "mt_dup": "-"}


def _held(name, secs):
    def f():
        time.sleep(0.5)
        stack("stop", name)
        time.sleep(secs)
    return f


def _killed(name, after=1.0):
    def f():
        time.sleep(after)
        _kill(name)
        time.sleep(3)
    return f


def _mt_kannel_down(secs=20, m=20):
    """m urgent MT queued while bearerbox and smsbox are down."""
    to = "9235%08d" % (uuid.uuid4().int % 10**8)
    stack("stop", "smsbox")
    stack("stop", "bearerbox")
    ids = []
    for i in range(m):
        ids.append(sql1("INSERT INTO sms_outbox (phone, body, kind, urgent)"
                        " VALUES (:'p1', 'Hunar chaos ' || :'p2', 'notice',"
                        " true) RETURNING id", to, str(i)))
    time.sleep(secs)
    _up()
    # the sender's backoff (at most 60 s) decides when they go
    got = fakesmsc(to, None, expect=m, timeout=120, settle=3)
    texts = [g["text"] for g in got]
    dup = len(texts) - len(set(texts))
    return {"fault": "kannel down %ds, %d MT queued" % (secs, m),
            "mo_sent": "-", "stored": "-", "answered": "-", "twice": "-",
            "mt_queued": m, "mt_delivered": len(set(texts)),
            "mt_dup": dup}


def main():
    secs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    flt = sys.argv[2] if len(sys.argv) > 2 else ""
    faults = [
        ("kore down %ds (master, workers)" % secs,
         lambda: _mo_fault("kore down %ds" % secs, _held("kore", secs))),
        ("kore master SIGKILL",
         lambda: _mo_fault("kore master SIGKILL", _killed("kore"))),
        ("smsbox SIGKILL",
         lambda: _mo_fault("smsbox SIGKILL", _killed("smsbox"))),
        ("hunar_spool SIGKILL",
         lambda: _mo_fault("hunar_spool SIGKILL", _killed("hunar_spool"))),
        ("redis down 10s",
         lambda: _mo_fault("redis down 10s", _held("redis", 10))),
        ("postgresql down 10s",
         lambda: _mo_fault("postgresql down 10s",
                           _held("postgresql", 10))),
        ("kannel down (MT)", _mt_kannel_down),
    ]
    rows = []
    for label, fn in faults:
        if flt and flt not in label:
            continue
        print("chaos: %s ..." % label, flush=True)
        try:
            rows.append(fn())
        except Exception as e:      # counted as a failed fault
            _up()
            rows.append({"fault": "%s (%s)" % (label, e), "mo_sent": 1,
                         "stored": 0, "answered": 0, "twice": 0,
                         "mt_queued": "-", "mt_delivered": "-",
                         "mt_dup": "-"})
    cols = ["fault", "mo_sent", "stored", "answered", "twice",
            "mt_queued", "mt_delivered", "mt_dup"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    passed = failed = 0
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")
        ok = True
        if r["mo_sent"] != "-":
            ok = (r["stored"] == r["mo_sent"] == r["answered"] and
                  r["twice"] == 0)
        if r["mt_queued"] != "-":
            ok = ok and r["mt_delivered"] == r["mt_queued"] and \
                r["mt_dup"] == 0
        if ok:
            passed += 1
        else:
            failed += 1
            print("not ok %s" % r["fault"])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
