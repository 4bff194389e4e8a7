#!/usr/bin/env python3
"""make chaos (issue 13, deliverable 8): faults against the running stack
under load, through the real chain (fakesmsc -> bearerbox -> smsbox ->
the MO front -> Kore -> PostgreSQL, or hunar_spool -> Kore while Kore
cannot take a message, and hunar_sender -> smsbox ->
bearerbox -> fakesmsc), one table row per fault:

  MO sent / stored / answered / acted twice, MT queued / delivered / dup

During every fault MO come from fresh numbers at CHAOS_MO_RATE a second
(10) and urgent MT are queued in the outbox (CHAOS_MT, 10, spread over
the fault).  A fault fails when an MO sent is not stored, a phone gets
no reply or more replies than it sent messages, a message is stored
twice, or an MT is lost or arrives twice.

  run.py [filter...]      faults whose label holds any filter (all)
  CHAOS_SECONDS=30        the short Kore outage
  CHAOS_LONG=300          the long Kore outage (0: skipped)
  CHAOS_LONGEST=0         a third, longer one (make chaos-long: 600)

The stack must be up (make up); the supervisor restarts what a fault
kills.  Last line: "N passed, N failed".
"""
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

from hunar_test import (ENV, FAKESMSC, HTTP_PORT, SHORTCODE, VAR,  # noqa
                        get, sql, sql1, stack, wait_for)

RATE = float(os.environ.get("CHAOS_MO_RATE", "10"))
MT = int(os.environ.get("CHAOS_MT", "10"))


class Phones:
    """One fakesmsc: sends `n` messages (each of `msgs` at random) from
    numbers `prefix` + random digits, and prints every MT it gets.

    A thread reads its output all the time.  fakesmsc writes a line per
    message sent or received, and blocks -- sending nothing more and
    reading no MT -- once the pipe's 64 KB are full: read only between
    faults, a 10-minute outage stalled the phones after ~890 MO and the
    run ran out of time at 4,649 of 6,100 stored."""

    def __init__(self, prefix, msgs, n, interval):
        args = ["stdbuf", "-oL", "-eL", FAKESMSC, "-H", "127.0.0.1", "-r",
                ENV["HUNAR_FAKESMSC_PORT"], "-i", str(interval), "-m",
                str(n), "-z", "1"]
        args += ["%s %s %s" % (prefix, SHORTCODE, m) for m in msgs]
        self.p = subprocess.Popen(args, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True,
                                  errors="replace", start_new_session=True)
        self.lines = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.p.stdout:
            self.lines.append(line.rstrip("\n"))

    def poll(self):
        return list(self.lines)

    def sent(self):
        return sum(1 for line in self.poll() if "sent message" in line)

    def stop(self):
        try:
            os.killpg(self.p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self.p.wait()
        self.reader.join(timeout=5)


class Load:
    """MO from `prefix` and MT to `mt_prefix` while a fault runs."""

    def __init__(self, n, msgs=("text HELP",), mt=MT, mt_over=10.0,
                 interval=None):
        tag = uuid.uuid4().int
        self.prefix = "9234%04d" % (tag % 10**4)
        self.mt_prefix = "9235%04d" % (tag // 10**4 % 10**4)
        self.run = "chaos-%d" % (tag % 10**9)
        self.n, self.mt = n, mt
        # Rows of an earlier run under the same prefix do not count.
        self.since = sql1("SELECT now()")
        self.phones = [Phones(self.prefix, msgs, n,
                              interval or 1.0 / RATE)]
        self.mt_ok = 0
        self.t = threading.Thread(target=self._drip, args=(mt_over,),
                                  daemon=True)
        self.t.start()

    def _drip(self, over):
        for i in range(self.mt):
            for _ in range(300):          # PostgreSQL may be the fault
                try:
                    sql("INSERT INTO sms_outbox (phone, body, kind, urgent)"
                        " VALUES (:'p1', :'p2', 'notice', true)",
                        "%s%04d" % (self.mt_prefix, i),
                        "Hunar %s MT %d" % (self.run, i))
                    self.mt_ok += 1
                    break
                except AssertionError:
                    time.sleep(1)
            time.sleep(over / max(self.mt, 1))

    def pause(self):
        """Stops the sending fakesmsc; returns how many it sent."""
        self.phones[-1].stop()
        return sum(ph.sent() for ph in self.phones)

    def resume(self, msgs, interval):
        """A new fakesmsc (the old link died with bearerbox) sends what
        is left of n, and listens."""
        self.phones.append(Phones(self.prefix, msgs, max(
            0, self.n - self.pause()), interval))

    def got(self, pre):
        """{number: [texts]} of what arrived for numbers under pre."""
        out = {}
        for ph in self.phones:
            for line in ph.poll():
                if "Got message" not in line:
                    continue
                part = line.split("<", 1)[1].split(" ", 3)
                if len(part) == 4 and part[1].startswith(pre):
                    out.setdefault(part[1], []).append(part[3])
        return out

    def stored(self):
        """{number: rows} in sms_inbox, and rows stored twice."""
        rows = sql("SELECT sender, count(*), count(DISTINCT kannel_id) "
                   "FROM sms_inbox WHERE sender LIKE :'p1' || '%' AND "
                   "received_at >= :'p2' GROUP BY sender", self.prefix,
                   self.since)
        per = {r[0]: int(r[1]) for r in rows}
        twice = sum(int(r[1]) - int(r[2]) for r in rows)
        return per, twice

    def done(self):
        per, _ = self.stored()
        rep = self.got(self.prefix)
        mt = self.got(self.mt_prefix)
        return (sum(per.values()) >= self.n and
                sum(min(len(rep.get(k, [])), v) for k, v in per.items())
                >= self.n and len(mt) >= self.mt)

    def row(self, name):
        per, twice_db = self.stored()
        rep = self.got(self.prefix)
        answered = sum(min(len(rep.get(k, [])), v) for k, v in per.items())
        twice = twice_db + sum(max(0, len(v) - per.get(k, 0))
                               for k, v in rep.items())
        mt = self.got(self.mt_prefix)
        texts = [t for v in mt.values() for t in v]
        return {"fault": name, "mo_sent": self.n,
                "stored": sum(per.values()), "answered": answered,
                "twice": twice, "mt_queued": self.mt_ok,
                "mt_delivered": len(set(texts)),
                "mt_dup": len(texts) - len(set(texts))}

    def stop(self):
        self.t.join(timeout=1)
        for ph in self.phones:
            ph.stop()


def _pid(name):
    try:
        return int(open(os.path.join(VAR, "run", name + ".pid")).read())
    except (OSError, ValueError):
        return None


def _kill(name):
    pid = _pid(name)
    if pid:
        os.kill(pid, signal.SIGKILL)


def _as_running():
    """`infra/stack up` with another HUNAR_PHONE, HUNAR_BUILD or
    HUNAR_SAN than the stack was started with rewrites kannel.conf and
    restarts bearerbox, smsbox and Kore: an outage the fault did not ask
    for, which also cut the phones' link (fakesmsc exits with it).  So
    every `up` here says what the running stack says (var/run/kore.build,
    "BUILD:SAN:PHONE")."""
    try:
        b, san, phone = open(os.path.join(VAR, "run", "kore.build")) \
            .read().strip().split(":")
    except (OSError, ValueError):
        return
    os.environ.update(HUNAR_BUILD=b, HUNAR_SAN=san, HUNAR_PHONE=phone)


def _up():
    r = stack("up")
    if r.returncode != 0:
        print("chaos: infra/stack up: %s" % r.stdout[-300:], flush=True)


def _spooled():
    try:
        return len(os.listdir(os.path.join(VAR, "spool", "new")))
    except OSError:
        return -1


def _progress(load, t0, every, stop):
    """For long faults: a line every `every` s -- MO sent by the phones,
    held in the spool, stored, answered; MT delivered -- so a stall shows
    where it is."""
    while not stop.wait(every):
        per, _ = load.stored()
        rep = load.got(load.prefix)
        print("chaos:   %4.0f s: sent %d, spooled %d, stored %d, answered "
              "%d, MT %d" % (time.time() - t0, sum(ph.sent() for ph in
                                                    load.phones),
                             _spooled(), sum(per.values()),
                             sum(min(len(rep.get(k, [])), v)
                                 for k, v in per.items()),
                             len(load.got(load.mt_prefix))), flush=True)


def _fault(name, fault, secs, msgs=("text HELP",), settle=None, rate=None):
    """MO and MT load for secs + 10 s, fault() meanwhile; one row."""
    rate = rate or RATE
    _as_running()
    n = int(rate * (secs + 10))
    load = Load(n, msgs, mt_over=secs + 5, interval=1.0 / rate)
    t0 = time.time()
    stop = threading.Event()
    if secs >= 60:
        threading.Thread(target=_progress, args=(load, t0, 30 if secs < 300
                                                 else 60, stop),
                         daemon=True).start()
    try:
        time.sleep(2)
        fault(load)
        _up()
        left = max(0, secs + 10 - (time.time() - t0))
        time.sleep(left)
        wait_for(load.done, timeout=settle or 120 + secs, interval=1)
        time.sleep(3)               # a duplicate would come now
        return load.row(name)
    finally:
        stop.set()
        load.stop()
        _up()


def held(name, secs):
    def f(load):
        stack("stop", name)
        time.sleep(secs)
    return f


def killed(name):
    def f(load):
        _kill(name)
        time.sleep(3)
    return f


def kore_master_then_all(secs):
    """The master SIGKILLed (its workers die with it), then Kore held
    down -- master and workers -- for secs."""
    def f(load):
        _kill("kore")
        time.sleep(3)
        stack("stop", "kore")
        time.sleep(secs)
    return f


def kannel_down(secs, msgs=("text HELP",)):
    """bearerbox and smsbox stopped for secs with replies owed and MT
    queued.  The phones stop sending first (a fake SMSC link has no
    acknowledgement: what it writes while bearerbox shuts down is lost
    on the operator's side, not Hunar's) and send the rest afterwards."""
    def f(load):
        sent = load.pause()
        wait_for(lambda: sum(load.stored()[0].values()) >= sent, 20)
        stack("stop", "smsbox")
        stack("stop", "bearerbox")
        time.sleep(secs)
        _up()
        load.resume(msgs, 1.0 / RATE)
    return f


def trickle(n=3000):
    """n slow connections from one address at Kore's public port, a
    header byte each every second, while the load runs; web requests
    from another address must still be answered."""
    def f(load):
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 4096),
                                                    hard))
        socks = []
        for _ in range(n):
            s = socket.socket()
            s.setblocking(False)
            try:
                s.connect(("127.0.0.1", HTTP_PORT))
            except BlockingIOError:
                pass
            socks.append(s)
        slow = []
        t0 = time.time()
        while time.time() - t0 < 20:
            for s in socks:
                try:
                    s.send(b"G" if time.time() - t0 < 1 else b"X")
                except OSError:
                    pass
            a = time.time()
            st = get("/healthz", timeout=5).status
            slow.append((st, time.time() - a))
            time.sleep(1)
        for s in socks:
            s.close()
        bad = [x for x in slow if x[0] not in (200, 503) or x[1] > 2]
        if bad:
            raise AssertionError("web blocked by slow clients: %s" % bad)
    return f


POISON = ("text HELP", "data %ff%fe%c3%28HELP", "ucs2 %d8%00%00",
          "data %00%00%00", "text STATUS")


def faults():
    secs = int(os.environ.get("CHAOS_SECONDS", "30"))
    long_ = int(os.environ.get("CHAOS_LONG", "300"))
    longest = int(os.environ.get("CHAOS_LONGEST", "0"))
    out = [("kore master SIGKILL, then all down %ds" % secs,
            lambda n: _fault(n, kore_master_then_all(secs), secs))]
    for s in (long_, longest):
        if s > 0:
            out.append(("kore master SIGKILL, then all down %ds" % s,
                        lambda n, s=s: _fault(n, kore_master_then_all(s), s,
                                              settle=600)))
    for d in ("hunar_spool", "mofront", "smsbox", "hunar_sender",
              "hunar_lessons",
              "hunar_matcher", "hunar_rollup"):
        out.append(("%s SIGKILL" % d,
                    lambda n, d=d: _fault(n, killed(d), 10)))
    out += [
        ("redis down 15s", lambda n: _fault(n, held("redis", 15), 15)),
        ("postgresql down 15s",
         lambda n: _fault(n, held("postgresql", 15), 15)),
        ("kannel down 20s", lambda n: _fault(n, kannel_down(20), 20)),
        ("poison in the load", lambda n: _fault(n, lambda load: None, 10,
                                                msgs=POISON)),
        ("3000 slow connections", lambda n: _fault(n, trickle(), 20)),
    ]
    return out


COLS = ["fault", "mo_sent", "stored", "answered", "twice", "mt_queued",
        "mt_delivered", "mt_dup"]


def ok(r):
    return (r["stored"] == r["mo_sent"] == r["answered"] and
            r["twice"] == 0 and r["mt_delivered"] == r["mt_queued"] == MT
            and r["mt_dup"] == 0)


def main():
    flt = sys.argv[1:]
    rows = []
    for label, fn in faults():
        if flt and not any(f in label for f in flt):
            continue
        print("chaos: %s ..." % label, flush=True)
        t0 = time.time()
        try:
            r = fn(label)
        except Exception as e:      # counted as a failed fault
            _up()
            r = {c: 0 for c in COLS}
            r.update(fault="%s (%s)" % (label, e), mo_sent=1)
        print("chaos: %s: %s (%.0f s)" % (label, " ".join(
            "%s=%s" % (c, r[c]) for c in COLS[1:]), time.time() - t0),
            flush=True)
        rows.append(r)
    print("| " + " | ".join(COLS) + " |")
    print("|" + "---|" * len(COLS))
    passed = failed = 0
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in COLS) + " |")
    for r in rows:
        if ok(r):
            passed += 1
        else:
            failed += 1
            print("not ok %s" % r["fault"])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
