#!/usr/bin/env python3
"""The morning drip (issue 15): a lesson for DRIP_N learners (100k) queued in
sms_outbox, sent by hunar_sender through haproxy -> smsbox x2 -> bearerbox ->
the fake SMSC, against Kannel's raw sendsms ceiling measured in the same run
(wrk straight at the same sendsms door, no database, no delivery reports).

Run by bench/drip_bench.sh on the loopback cluster (infra/cluster).  Prints:
  raw ceiling (msg/s arriving at the fake SMSC), 1 sender and N senders as
  ratios to it; no message twice (SKIP LOCKED claims + hand-over marks);
  STOP respected (1% of the numbers said STOP: none of theirs arrives, their
  rows end 'suppressed'); quiet hours respected (a sender whose quiet hours
  cover now sends nothing and moves the rows to the end of the spell).
"""
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CL = os.path.join(ROOT, "infra", "cluster", "cluster")
N = int(os.environ.get("DRIP_N", "100000"))
N1 = int(os.environ.get("DRIP_N1", str(max(1, N // 5))))
SENDERS = int(os.environ.get("DRIP_SENDERS", "4"))
RAW_S = float(os.environ.get("DRIP_RAW_S", "15"))
BUILD = os.environ.get("HUNAR_BUILD", "build")
STOP_EVERY = 100

P = {k: int(v) for k, v in (l.split("=", 1) for l in subprocess.run(
    [CL, "ports"], capture_output=True, text=True).stdout.split())}
ENV = dict(kv.split("=", 1) for kv in subprocess.run(
    [CL, "env", "direct"], capture_output=True, text=True).stdout.split())


def psql(sql):
    r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                        "-h", "127.0.0.1", "-p", str(P["P_PG_PRIMARY"]),
                        "-U", "hunar", "-d", "hunar", "-c", sql],
                       capture_output=True, text=True,
                       env=dict(os.environ, PGPASSWORD=ENV["PGPASSWORD"]))
    if r.returncode != 0:
        sys.exit("drip: psql: " + r.stderr.strip())
    return r.stdout.strip()


class Smsc:
    """fakesmsc on the bearerbox's fake SMSC: counts what arrives."""

    def __init__(self):
        self.p = subprocess.Popen(
            ["stdbuf", "-oL", "-eL", "/usr/lib/kannel/test/fakesmsc", "-H",
             "127.0.0.1", "-r", str(P["P_FAKESMSC"]), "-i", "0"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lock = threading.Lock()
        self.count = {}      # payload -> times seen
        self.times = {"raw": [], "drip": []}
        self.stopped = 0     # arrivals for numbers that said STOP
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        pat = re.compile(r"Got message \d+: <\S+ (\S+) text (.*)>$")
        for line in self.p.stdout:
            m = pat.search(line.rstrip("\n"))
            if not m:
                continue
            to, text = m.group(1), m.group(2)
            kind = "raw" if text.startswith("raw ") else (
                "drip" if text.startswith("Hunar C101") else None)
            if kind is None:
                continue
            with self.lock:
                self.count[text] = self.count.get(text, 0) + 1
                self.times[kind].append(time.time())
                if kind == "drip" and int(to[-6:]) % STOP_EVERY == 0:
                    self.stopped += 1

    def n(self, kind):
        with self.lock:
            return len(self.times[kind])

    def rate(self, kind, lo, hi):
        """Arrivals lo..hi (indexes) per second."""
        with self.lock:
            t = self.times[kind]
            if hi - lo < 2 or len(t) < hi:
                return 0.0
            return (hi - lo) / max(1e-6, t[hi - 1] - t[lo])

    def dups(self):
        """Lesson texts that arrived more than once (each is unique)."""
        with self.lock:
            return sum(1 for t, c in self.count.items()
                       if c > 1 and not t.startswith("raw "))


CV = os.path.join(ROOT, "var", "cluster")
TIERS = {"bearerbox": ["bearerbox"], "smsbox": ["smsbox1", "smsbox2"],
         "spool": ["spool1", "spool2"], "kore": ["kore1", "kore2"],
         "haproxy": ["haproxy"], "pgbouncer": ["pgbouncer"],
         "redis": ["redis1", "redis2"]}


def cpu():
    """CPU seconds so far by tier: each part's session (infra/cluster
    starts every part as a session leader, recorded by PID), each
    PostgreSQL's postmaster and its children (reaped ones included), and
    the senders this bench started."""
    hz = os.sysconf("SC_CLK_TCK")
    ps = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                r = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        ps[int(d)] = (int(r[1]), int(r[3]), int(r[11]) + int(r[12]),
                      int(r[13]) + int(r[14]))

    def pid(path):
        try:
            with open(path) as f:
                return int(f.readline())
        except (OSError, ValueError):
            return None
    out = {}
    for tier, names in TIERS.items():
        t = 0
        for n in names:
            p = pid(os.path.join(CV, "run", n + ".pid"))
            if p in ps:
                t += ps[p][3] + sum(v[2] for v in ps.values() if v[1] == p)
        out[tier] = t
    for n in (1, 2):
        p = pid(os.path.join(CV, "pg%d" % n, "postmaster.pid"))
        if p in ps:
            out["pg%d" % n] = ps[p][2] + ps[p][3] + sum(
                v[2] for v in ps.values() if v[0] == p)
    out["senders"] = sum(ps[p][2] for p in SENDERS_RUN if p in ps) + \
        sum(SENDERS_DONE)
    return {k: v / hz for k, v in out.items()}


SENDERS_RUN = []      # PIDs of the bench's senders
SENDERS_DONE = []     # CPU ticks of those that ended


def cpu_line(a, b, n):
    """ms of CPU per message by tier between two cpu() readings."""
    return ", ".join("%s %.2f" % (k, (b[k] - a.get(k, 0)) * 1000.0 / n)
                     for k in sorted(b) if n and b[k] - a.get(k, 0) > 0)


def raw_ceiling(smsc):
    q = urllib.parse.urlencode({
        "username": ENV["HUNAR_SENDSMS_USER"],
        "password": ENV["HUNAR_SENDSMS_PASSWORD"], "from": "8282"})
    lua = os.path.join(ROOT, "var", "drip_raw.lua")
    with open(lua, "w") as f:
        f.write('local n = 0\nrequest = function()\n  n = n + 1\n'
                '  return wrk.format("GET", "/cgi-bin/sendsms?%s&to=92398" ..'
                ' string.format("%%07d", n) .. "&text=raw+" .. '
                'tostring(math.random(1, 1000000000)) .. "+" .. n)\nend\n' % q)
    before = smsc.n("raw")
    c0 = cpu()
    out = subprocess.run(["wrk", "-t2", "-c16", "-d%ds" % RAW_S, "-s", lua,
                          "http://127.0.0.1:%d" % P["P_SENDSMS"]],
                         capture_output=True, text=True).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    accepted = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in", out)
    sent = int(m.group(1)) if m else 0
    deadline = time.time() + 120
    while smsc.n("raw") - before < sent * 0.99 and time.time() < deadline:
        time.sleep(0.5)
    time.sleep(1)
    got = smsc.n("raw") - before
    print("  raw CPU ms/msg: " + cpu_line(c0, cpu(), got))
    return accepted, smsc.rate("raw", before, before + got), sent, got


def sender(quiet="off", once=False, batch=500):
    args = [os.path.join(ROOT, BUILD, "bin", "hunar_sender"), "-q", quiet,
            "-b", str(batch), "-i", "1"] + (["-1"] if once else [])
    env = dict(os.environ, **ENV)
    if os.environ.get("DRIP_CALLBACK_PORT"):
        env["HUNAR_CALLBACK_PORT"] = os.environ["DRIP_CALLBACK_PORT"]
    log = open(os.path.join(ROOT, "var", "cluster", "log",
                            "drip-sender.log"), "a")
    p = subprocess.Popen(args, env=env, stdout=log, stderr=log, cwd=ROOT)
    SENDERS_RUN.append(p.pid)
    return p


def stop_senders(ps):
    """SIGTERM, keeping each one's CPU ticks for cpu()."""
    for p in ps:
        try:
            with open("/proc/%d/stat" % p.pid) as f:
                r = f.read().rsplit(")", 1)[1].split()
            SENDERS_DONE.append(int(r[11]) + int(r[12]))
        except (OSError, IndexError):
            pass
        SENDERS_RUN.remove(p.pid)
        p.send_signal(signal.SIGTERM)
    for p in ps:
        p.wait(60)


def lesson_mask():
    """The dlr-mask a lesson asks for under HUNAR_SMS_DLR (as
    ussd/hunar_sender.c reads it: all 31, final 19, failed 18, none 0)."""
    names = {"all": 31, "final": 19, "failed": 18, "none": 0}
    pol = dict(p.split("=", 1) for p in os.environ.get(
        "HUNAR_SMS_DLR", "lesson=failed,default=all").split(",") if "=" in p)
    v = pol.get("lesson", pol.get("default", "all"))
    return names[v] if v in names else int(v)


def wait_drip(smsc, target, timeout):
    t0 = time.time()
    while smsc.n("drip") < target and time.time() - t0 < timeout:
        time.sleep(0.25)
    return smsc.n("drip")


def main():
    smsc = Smsc()
    time.sleep(1.5)
    print("drip: raw sendsms ceiling, wrk -c16 %.0f s through haproxy's "
          "sendsms door" % RAW_S, flush=True)
    accepted, raw, sent, got = raw_ceiling(smsc)
    print("  raw: %d accepted (%.0f/s), %d arrived at the fake SMSC: "
          "%.0f msg/s" % (sent, accepted, got, raw), flush=True)

    # The learners' lesson, queued in one statement; 1 in 100 said STOP.
    psql("TRUNCATE sms_outbox, sms_dlr")
    psql("INSERT INTO sms_stops (phone) SELECT '923' || lpad(i::text, 9, '0')"
         " FROM generate_series(%d, %d, %d) i ON CONFLICT DO NOTHING" % (
             STOP_EVERY, N, STOP_EVERY))
    t = time.time()
    psql("INSERT INTO sms_outbox (phone, body, kind) SELECT "
         "'923' || lpad(i::text, 9, '0'), 'Hunar C101 lesson 3: a sum in a "
         "sheet is =SUM(A1:A9). Reply Q for the quiz, STOP to end. #' || i,"
         " 'lesson' FROM generate_series(1, %d) i" % N)
    enq = time.time() - t
    nstop = N // STOP_EVERY
    print("drip: %d lessons queued in %.1f s (%.0f rows/s), %d numbers said "
          "STOP" % (N, enq, N / enq, nstop), flush=True)

    # Quiet hours covering this hour: one pass sends nothing.
    h = int(time.strftime("%H", time.gmtime(time.time() + 5 * 3600)))
    q = "%d-%d" % (h, (h + 1) % 24)
    p = sender(quiet=q, once=True, batch=1000)
    p.wait(120)
    SENDERS_RUN.remove(p.pid)
    time.sleep(2)
    deferred = int(psql("SELECT count(*) FROM sms_outbox WHERE status = "
                        "'queued' AND not_before > now() + interval '5 min'"))
    quiet_ok = smsc.n("drip") == 0 and deferred > 0
    print("  quiet hours %s PKT: %d sent, %d rows moved to the end of the "
          "spell -> %s" % (q, smsc.n("drip"), deferred,
                           "respected" if quiet_ok else "NOT respected"))
    psql("UPDATE sms_outbox SET not_before = now() WHERE status = 'queued'")

    # One sender, then N at once.  Lessons ask Kannel only for the
    # reports that say they failed (HUNAR_SMS_DLR, ussd/hunar_sender.c).
    print("  delivery reports asked: HUNAR_SMS_DLR=%s" % os.environ.get(
        "HUNAR_SMS_DLR", "lesson=failed,default=all (the default)"))
    want = N - nstop
    c0 = cpu()
    p = sender()
    t1 = time.time()
    wait_drip(smsc, N1, 900)
    stop_senders([p])
    print("  1 sender CPU ms/msg: " + cpu_line(c0, cpu(), smsc.n("drip")))
    one = smsc.rate("drip", 0, min(N1, smsc.n("drip")))
    print("  1 sender: %d arrived in %.1f s: %.0f msg/s = %.2fx raw" % (
        smsc.n("drip"), time.time() - t1, one, one / raw if raw else 0),
        flush=True)
    base = smsc.n("drip")
    c0 = cpu()
    ps = [sender() for _ in range(SENDERS)]
    t2 = time.time()
    wait_drip(smsc, want, 1800)
    stop_senders(ps)
    time.sleep(3)
    print("  %d senders CPU ms/msg: %s" % (SENDERS, cpu_line(
        c0, cpu(), smsc.n("drip") - base)))
    many = smsc.rate("drip", base, smsc.n("drip"))
    print("  %d senders: %d arrived in %.1f s: %.0f msg/s = %.2fx raw" % (
        SENDERS, smsc.n("drip") - base, time.time() - t2, many,
        many / raw if raw else 0), flush=True)

    # Every report asked for is recorded (the fake SMSC delivers every
    # message: a report for state 1 and/or 8 each, none for 2 or 16).
    mask = lesson_mask()
    per = (mask & 1 != 0) + (mask & 8 != 0)
    t = time.time()
    while True:
        nrep = int(psql("SELECT count(*) FROM sms_dlr"))
        if nrep >= want * per or time.time() - t > 120:
            break
        time.sleep(1)
    reports_ok = nrep == want * per
    print("  delivery reports (dlr-mask %d): %d recorded of %d asked -> %s"
          % (mask, nrep, want * per, "none lost" if reports_ok else
             "LOST OR TWICE"))
    st = dict(l.split("|") for l in psql(
        "SELECT status, count(*) FROM sms_outbox GROUP BY 1").splitlines())
    dups = smsc.dups()
    print("  outbox: %s" % ", ".join("%s %s" % kv for kv in sorted(st.items())))
    stop_ok = smsc.stopped == 0 and int(st.get("suppressed", 0)) == nstop
    print("  arrived %d of %d, twice: %d, STOP: %d arrived, %s suppressed -> "
          "%s" % (smsc.n("drip"), want, dups, smsc.stopped,
                  st.get("suppressed", 0),
                  "respected" if stop_ok else "NOT respected"))
    smsc.p.terminate()
    ok = (dups == 0 and stop_ok and quiet_ok and smsc.n("drip") == want
          and reports_ok)
    print("drip: raw %.0f msg/s; 1 sender %.2fx, %d senders %.2fx (goal >= "
          "0.50x); %s" % (raw, one / raw if raw else 0, SENDERS,
                          many / raw if raw else 0,
                          "no message twice, STOP and quiet hours kept, no "
                          "report lost"
                          if ok else "CHECKS FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
