#!/usr/bin/env python3
"""Chaos on the loopback cluster (issue 15): under steady MO (fakesmsc), USSD
(POST /ussd) and web load, kill one part and count what was lost, acted
twice, and how long the switch took.

    python3 infra/cluster/chaos.py [case ...]     (the cluster must be up)

Cases: kore, pg, redis, smsbox, matcher, pgbouncer, haproxy, bearerbox,
sender (default: all).  The last four kill a part that has no second: the
cluster's supervisor must bring it back (nothing here restarts it), and
CHAOS_NO_SUPERVISOR=1 stops the supervisor first to show each fails
without it.  Rates per second:
CHAOS_MO_RATE (5), CHAOS_MT_RATE (5), CHAOS_USSD_RATE (4), CHAOS_WEB_RATE (8).  Each case runs
LOAD_S seconds of load, kills its part at KILL_AT, waits for the
messages to drain, prints one table row, then starts the part again and
waits for the cluster to be whole.  Exit 1 when a case missed its goal
(0 lost, 0 twice, web errors < 1%, and no answer 401/403: a part down
answers 503, it never logs anyone out); last line "N passed, N failed".
"""
import http.client
import os
import random
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CL = os.path.join(ROOT, "infra", "cluster", "cluster")
CV = os.environ.get("HUNAR_CLUSTER_VAR", os.path.join(ROOT, "var", "cluster"))
LOAD_S = float(os.environ.get("CHAOS_LOAD_S", "35"))
KILL_AT = float(os.environ.get("CHAOS_KILL_AT", "6"))
DRAIN_S = float(os.environ.get("CHAOS_DRAIN_S", "90"))
RATE = {k: float(os.environ.get("CHAOS_%s_RATE" % k.upper(), v))
        for k, v in (("mo", 5), ("mt", 5), ("ussd", 4), ("web", 8))}
SLOW_S = 5.0  # a request this slow is part of the switch, not noise

CASES = {  # name: (part killed, part restarted afterwards)
    "kore": "kore1",
    "pg": "pg-primary",
    "redis": "redis-primary",
    "smsbox": "smsbox1",
    "matcher": "matcher1",
    # No second of these: the cluster's supervisor brings each back, and
    # the case fails when it does not (nothing here restarts it).
    "pgbouncer": "pgbouncer",
    "haproxy": "haproxy",
    "bearerbox": "bearerbox",
    "sender": "sender1",
}
SUPERVISED = ("pgbouncer", "haproxy", "bearerbox", "sender")
# The one door: while haproxy is away every web and USSD request fails
# (a second haproxy with a floating address is the production answer,
# out of a loopback cluster's reach), so that case's goal is 0 lost and
# 0 twice, with the errors confined to the seconds until it is back.
DOOR = ("haproxy",)
# The fake operator's link dies with bearerbox: the MO load holds while
# there is no link (an operator's SMSC keeps its messages until the bind
# is back), so what is counted is what bearerbox had taken.
LINK = ("bearerbox",)


def sh(*args):
    return subprocess.run([CL] + list(args), capture_output=True, text=True,
                          cwd=ROOT)


P = dict(l.split("=", 1) for l in sh("ports").stdout.split())
ENV = dict(kv.split("=", 1) for kv in sh("env", "pool").stdout.split())
P = {k: int(v) for k, v in P.items()}
# redis-cli authenticates from the environment (the cluster's Redis has
# a password).
os.environ["REDISCLI_AUTH"] = ENV.get("HUNAR_REDIS_PASSWORD", "")
CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE


def psql(sql):
    env = dict(os.environ, PGPASSWORD=ENV["PGPASSWORD"])
    r = subprocess.run(["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-p",
                        str(P["P_PGBOUNCER"]), "-U", "hunar", "-d", "hunar",
                        "-c", sql], capture_output=True, text=True, env=env,
                       timeout=60)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip())
    return r.stdout.strip()


def source():
    """Each request from its own loopback address: many clients, as the
    per-source limits at the edge expect."""
    return ("127.1.%d.%d" % (random.randint(0, 200), random.randint(1, 250)), 0)


def https(method, path, body=None, headers=None, timeout=45):
    c = http.client.HTTPSConnection("127.0.0.1", P["P_HTTPS"], timeout=timeout,
                                    context=CTX, source_address=source())
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        c.close()


class Events:
    """Every request of the load: (kind, start, end, ok)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []

    def add(self, kind, t0, ok, why=""):
        with self.lock:
            self.rows.append((kind, t0, time.time(), ok, why))


class Fakesmsc:
    """The fake operator: MO in on stdin, replies and MT out.  Started
    again when its link to bearerbox ends (bearerbox killed); `hold`
    keeps the MO load back meanwhile."""

    def __init__(self):
        self.lock = threading.Lock()
        self.got = []  # (time, to, payload)
        self.hold = threading.Event()
        self.done = False
        self.p = self._start()
        threading.Thread(target=self._keep, daemon=True).start()

    def _start(self):
        p = subprocess.Popen(
            ["stdbuf", "-oL", "-eL", "/usr/lib/kannel/test/fakesmsc", "-H",
             "127.0.0.1", "-r", str(P["P_FAKESMSC"]), "-i", "0"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, bufsize=1)
        threading.Thread(target=self._read, args=(p,), daemon=True).start()
        return p

    def _keep(self):
        while not self.done:
            if self.p.poll() is not None:
                time.sleep(0.5)
                with self.lock:
                    if not self.done:
                        self.p = self._start()
            time.sleep(0.2)

    def _read(self, p):
        pat = re.compile(r"Got message \d+: <(\S+) (\S+) (.*)>$")
        for line in p.stdout:
            m = pat.search(line.rstrip("\n"))
            if m:
                with self.lock:
                    self.got.append((time.time(), m.group(2), m.group(3)))

    def linked(self):
        """bearerbox lists the fake SMSC online (its admin status)."""
        try:
            c = http.client.HTTPConnection("127.0.0.1", P["P_KADMIN"],
                                           timeout=2)
            c.request("GET", "/status.txt?password=" + urllib.parse.quote(
                ENV["HUNAR_KANNEL_ADMIN_PASSWORD"]))
            body = c.getresponse().read().decode("utf-8", "replace")
            c.close()
            return re.search(r"fake\[fake\]\s+FAKE:\d+ \(online", body) \
                is not None
        except OSError:
            return False

    def send(self, line):
        while self.hold.is_set():
            time.sleep(0.1)
        with self.lock:
            self.p.stdin.write(line + "\n")
            self.p.stdin.flush()

    def seen(self):
        with self.lock:
            return list(self.got)

    def stop(self):
        self.done = True
        self.p.terminate()
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            self.p.kill()


def paced(rate, until, fn):
    """Open loop: one thread per operation, `rate` a second until `until`."""
    threads, n = [], 0
    start = time.time()
    while True:
        t = start + n / rate
        if t >= until:
            break
        time.sleep(max(0, t - time.time()))
        th = threading.Thread(target=fn, args=(n,), daemon=True)
        th.start()
        threads.append(th)
        n += 1
    return threads


class Case:
    def __init__(self, idx, name, fsc, token, gig):
        # CHAOS_RUN keeps a second run on the same cluster apart.
        self.run_no = int(os.environ.get("CHAOS_RUN", "0")) % 100
        self.base = self.run_no * 100000
        self.idx, self.name, self.fsc = idx, name, fsc
        self.token, self.gig = token, gig
        self.ev = Events()
        self.mo_sent = {}     # phone -> send time
        self.mt_queued = {}   # body -> phone
        self.lock = threading.Lock()

    # -- the four loads --------------------------------------------------
    def mo(self, n):
        phone = "9234%d%07d" % (self.idx, self.base + n)
        while self.fsc.hold.is_set():
            time.sleep(0.1)
        with self.lock:
            self.mo_sent[phone] = time.time()
        try:
            self.fsc.send("%s 8282 text JOIN Chaos Tester Swat" % phone)
        except (BrokenPipeError, ValueError):
            # The operator's link broke under this one: not handed over.
            with self.lock:
                del self.mo_sent[phone]

    def mt(self, n):
        phone = "9235%d%07d" % (self.idx, self.base + n)
        body = "chaos mt %d-%d %d" % (self.run_no, self.idx, n)
        t0 = time.time()
        # As an enqueuing module would: a failed attempt is tried again
        # for up to 30 s, the dedup key making a repeat harmless.
        while True:
            try:
                psql("INSERT INTO sms_outbox (phone, body, kind, urgent, "
                     "dedup_key) VALUES ('%s', '%s', 'notice', true, '%s') "
                     "ON CONFLICT (dedup_key) DO NOTHING" % (phone, body, body))
                with self.lock:
                    self.mt_queued[body] = phone
                self.ev.add("mt", t0, True)
                return
            except Exception:
                if time.time() - t0 > 30:
                    self.ev.add("mt", t0, False)
                    return
                time.sleep(0.5)

    def ussd(self, n):
        phone = "9236%d%07d" % (self.idx, self.base + n)
        sid = "chaos-%d-%d-%d" % (self.idx, n, random.randint(0, 1 << 30))
        path = "/ussd?key=" + urllib.parse.quote(ENV["HUNAR_SMS_SECRET"])
        for text in ("", "1"):
            t0 = time.time()
            try:
                st, body = https("POST", path, urllib.parse.urlencode({
                    "sessionId": sid, "serviceCode": "*282#",
                    "phoneNumber": phone, "networkCode": "41001",
                    "text": text}),
                    {"Content-Type": "application/x-www-form-urlencoded"})
                ok = st == 200 and body[:4] in ("CON ", "END ")
                why = "%d %s" % (st, body[:40])
            except Exception as e:
                ok, why = False, type(e).__name__
            self.ev.add("ussd", t0, ok, why)
            if not ok:
                return

    def web(self, n):
        t0 = time.time()
        try:
            if n % 2:
                st, b = https("GET", "/api/v1/gigs/%s/matches?limit=20" %
                              self.gig, headers={
                                  "Authorization": "Bearer " + self.token})
                kind = "match"
            else:
                st, b = https("GET", "/gigs")
                kind = "web"
            self.ev.add(kind, t0, st == 200, "%d %s" % (st, b[:60]))
        except Exception as e:
            self.ev.add("web", t0, False, type(e).__name__)

    # -- one case ----------------------------------------------------------
    def run(self):
        t0 = time.time()
        until = t0 + LOAD_S
        loads = []
        for kind, fn in (("mo", self.mo), ("mt", self.mt),
                         ("ussd", self.ussd), ("web", self.web)):
            th = threading.Thread(target=lambda f=fn, k=kind: loads.extend(
                paced(RATE[k], until, f)), daemon=True)
            th.start()
            loads.append(th)
        time.sleep(KILL_AT)
        if self.name in LINK:
            self.fsc.hold.set()
            time.sleep(1)
        self.kill_t = time.time()
        old = pid_file(CASES[self.name])
        r = sh("kill", CASES[self.name])
        self.killed = r.stdout.strip() or "?"
        if r.returncode != 0:
            print("  kill %s failed: %s" % (CASES[self.name], r.stderr))
        self.back_s = None
        if self.name in SUPERVISED:
            threading.Thread(target=self.watch_back, args=(old,),
                             daemon=True).start()
        for th in list(loads):
            th.join()
        for th in list(loads):
            th.join(60)
        self.drain()
        return self.report()

    def watch_back(self, old):
        """Seconds from the kill until the part serves again (the
        supervisor's restart, nothing else): pgBouncer logs a client in,
        haproxy answers /healthz, bearerbox has the fake operator linked
        again, a new sender beats."""
        env = dict(os.environ, PGPASSWORD=ENV["PGPASSWORD"],
                   PGCONNECT_TIMEOUT="2")
        while time.time() - self.kill_t < 120:
            if self.name == "pgbouncer":
                ok = subprocess.run(
                    ["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-p",
                     str(P["P_PGBOUNCER"]), "-U", "hunar", "-d", "hunar",
                     "-c", "SELECT 1"], capture_output=True, text=True,
                    env=env).returncode == 0
            elif self.name == "haproxy":
                try:
                    ok = https("GET", "/healthz", timeout=2)[0] == 200
                except OSError:
                    ok = False
            elif self.name == "bearerbox":
                ok = self.fsc.linked()
            else:
                p = pid_file(CASES[self.name])
                ok = p not in ("", old) and os.path.exists("/proc/" + p)
            if ok:
                self.back_s = time.time() - self.kill_t
                if self.name in LINK:
                    self.fsc.hold.clear()
                return
            time.sleep(0.1)
        self.fsc.hold.clear()

    def drain(self):
        deadline = time.time() + DRAIN_S
        while time.time() < deadline:
            seen = self.fsc.seen()
            to = {x[1] for x in seen}
            bodies = {x[2] for x in seen}
            mo_left = [p for p in self.mo_sent if p not in to]
            mt_left = [b for b in self.mt_queued if "text " + b not in bodies]
            if not mo_left and not mt_left:
                return
            time.sleep(1)

    def report(self):
        seen = self.fsc.seen()
        phones = list(self.mo_sent)
        try:
            stored_rows = psql(
                "SELECT sender, count(*) FROM sms_inbox WHERE sender LIKE "
                "'9234%d%02d%%' GROUP BY sender" % (self.idx, self.run_no))
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            print("    cannot count what was stored: %s" % str(e)[:120])
            stored_rows = ""
        stored = {}
        for line in stored_rows.splitlines():
            s, c = line.split("|")
            stored[s] = int(c)
        replies = {}
        first_reply = {}
        for t, to, payload in seen:
            if to in self.mo_sent:
                replies.setdefault(to, []).append(payload)
                first_reply.setdefault(to, t)
        mo_twice = sum(1 for c in stored.values() if c > 1) + sum(
            1 for r in replies.values() if len(r) != len(set(r)))
        mt_seen = {}
        for t, to, payload in seen:
            if payload.startswith("text chaos mt %d-%d " % (self.run_no,
                                                            self.idx)):
                b = payload[5:]
                mt_seen[b] = mt_seen.get(b, 0) + 1
        mt_deliv = sum(1 for b in self.mt_queued if b in mt_seen)
        mt_dup = sum(1 for c in mt_seen.values() if c > 1)
        rows = self.ev.rows
        web = [r for r in rows if r[0] in ("web", "match")]
        web_err = sum(1 for r in web if not r[3])
        ussd = [r for r in rows if r[0] == "ussd"]
        ussd_err = sum(1 for r in ussd if not r[3])
        # Recovery: from the kill to the end of the last request (web,
        # USSD, MO reply, MT insert) that failed or stalled over SLOW_S.
        # (The MT enqueue is this script's own psql per row: on a loaded
        # machine it is slow for reasons of its own, so it counts when it
        # fails, not when it is slow.)
        bad_end = [(r[2], r[0]) for r in rows if r[2] >= self.kill_t and
                   (not r[3] or (r[2] - r[1] > SLOW_S and r[0] != "mt"))]
        mo_lat = [first_reply[p] - self.mo_sent[p] for p in first_reply]
        bad_end += [(first_reply[p], "mo") for p in first_reply
                    if first_reply[p] - self.mo_sent[p] > SLOW_S and
                    first_reply[p] >= self.kill_t]
        recovery = max(bad_end)[0] - self.kill_t if bad_end else 0.0
        if bad_end:
            print("    recovery ends with a slow or failed %s" % max(bad_end)[1])
        slowest = max([r[2] - r[1] for r in web + ussd] or [0])
        whys = {}
        for r in rows:
            if not r[3]:
                k = "%s: %s" % (r[0], r[4])
                whys[k] = whys.get(k, 0) + 1
        for k, v in sorted(whys.items(), key=lambda x: -x[1])[:6]:
            print("    failed %dx %s" % (v, k.replace("\n", " ")))
        res = {
            "case": self.name, "killed": self.killed,
            "mo_sent": len(phones), "mo_stored": len(stored),
            "mo_answered": len(replies), "mo_twice": mo_twice,
            "mt_queued": len(self.mt_queued), "mt_delivered": mt_deliv,
            "mt_dup": mt_dup, "web": len(web), "web_err": web_err,
            "ussd": len(ussd), "ussd_err": ussd_err,
            "recovery_s": recovery, "slowest_s": slowest,
            "mo_lat_max": max(mo_lat or [0]),
        }
        if self.name in SUPERVISED:
            res["back_s"] = self.back_s if self.back_s is not None else -1.0
        lost = (res["mo_sent"] - res["mo_stored"]) + (
            res["mo_stored"] - res["mo_answered"]) + (
            res["mt_queued"] - res["mt_delivered"])
        err = (web_err + ussd_err) / max(1, len(web) + len(ussd))
        # Nobody locked out (issue 13): a part down may cost a 503 (try
        # again), never a 401/403 -- a signed-in person shown as logged
        # out or refused.  Any is a miss, in every case.
        lockouts = sum(1 for r in web + ussd if not r[3] and
                       r[4][:4] in ("401 ", "403 "))
        res["lost"] = lost
        res["err_pct"] = 100.0 * err
        res["lockouts"] = lockouts
        res["ok"] = lost == 0 and mo_twice == 0 and mt_dup == 0 and \
            err < 0.01 and lockouts == 0
        if self.name in DOOR and self.back_s is not None:
            # Errors only while there was no door (and the requests
            # already in flight through it), none after.
            late = [r for r in rows if not r[3] and r[1] >
                    self.kill_t + self.back_s + 1.0]
            res["err_after_back"] = len(late)
            res["ok"] = lost == 0 and mo_twice == 0 and mt_dup == 0 and \
                not late and lockouts == 0
        if self.name in SUPERVISED and self.back_s is None:
            print("    %s was not restarted by the supervisor" % self.name)
            res["ok"] = False
        return res


def pid_file(name):
    """The PID the cluster recorded for a part, as text ("" for none)."""
    path = os.path.join(CV, "run", name + ".pid")
    return open(path).read().strip() if os.path.exists(path) else ""


def haproxy_stat():
    s = socket.socket(socket.AF_UNIX)
    s.connect(os.path.join(CV, "run", "haproxy.sock"))
    s.sendall(b"show stat\n")
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    up = {}
    for line in data.decode().splitlines():
        f = line.split(",")
        if len(f) > 17 and f[1] not in ("FRONTEND", "BACKEND", "svname"):
            up.setdefault(f[0], {})[f[1]] = f[17]
    return up


def whole(timeout=120):
    """Waits until every part is back: both Kore, smsboxes and matchers
    UP in haproxy, one PG primary and one replica, one Redis primary and
    its replica linked.  Returns seconds waited, or None."""
    t0 = time.time()
    while time.time() - t0 < timeout:
        try:
            st = haproxy_stat()
            ok = all(st[b][s] == "UP" for b, ss in (
                ("be_kore", ("kore1", "kore2")),
                ("be_kore_cb", ("kore1", "kore2")), ("sendsms", ("sb1", "sb2")),
                ("matcher", ("m1", "m2"))) for s in ss)
            ok = ok and list(st["pg_primary"].values()).count("UP") == 1
            ok = ok and list(st["be_pg_replica"].values()).count("UP") == 1
            ok = ok and list(st["redis_primary"].values()).count("UP") == 1
            with socket.create_connection(("127.0.0.1",
                                           P["P_PGBOUNCER"]), 1):
                pass
            if ok:
                rep = subprocess.run(
                    ["redis-cli", "-p", str(P["P_REDIS"]), "info",
                     "replication"], capture_output=True, text=True).stdout
                ok = "connected_slaves:1" in rep and "state=online" in rep
            if ok:
                return time.time() - t0
        except (OSError, KeyError):
            pass
        time.sleep(0.5)
    return None


NO_SUPERVISOR = os.environ.get("CHAOS_NO_SUPERVISOR") == "1"


def restart(case, killed):
    if case in SUPERVISED:
        if NO_SUPERVISOR:
            return sh("start", CASES[case])
        return sh("status")
    if case == "pg":
        return sh("start", killed)
    if case == "redis":
        return sh("start", killed)
    return sh("start", CASES[case])


def replica_commits():
    """Transactions the streaming replica has run in Hunar's database."""
    env = dict(os.environ, PGPASSWORD=ENV["PGPASSWORD"])
    r = subprocess.run(["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-p",
                        str(P["P_PG_REPLICA"]), "-U", "hunar", "-d", "hunar",
                        "-c", "SELECT pg_is_in_recovery(), xact_commit FROM "
                        "pg_stat_database WHERE datname = 'hunar'"],
                       capture_output=True, text=True, env=env, timeout=60)
    f = r.stdout.strip().split("|")
    return (f[0] == "t", int(f[1])) if len(f) == 2 else (False, 0)


def replica_served(token):
    """The read-only pages (search, catalog) read from the replica: its
    transaction count grows by at least one per page fetched."""
    n = 20
    rec, before = replica_commits()
    ok = 0
    for path in ("/gigs", "/courses"):
        for _ in range(n):
            st, _ = https("GET", path)
            ok += st == 200
    # A backend that stays connected (pgBouncer's) reports its counts
    # when idle, at most 10 s late (PostgreSQL 15's shared statistics).
    time.sleep(11)
    rec2, after = replica_commits()
    good = rec and rec2 and ok == 2 * n and after - before >= 2 * n
    print("chaos: read-only pages: %d of %d answered 200, the replica (in "
          "recovery: %s) ran %d transactions -> %s" % (
              ok, 2 * n, rec, after - before, "served" if good else
              "NOT served by the replica"), flush=True)
    return good


def main():
    names = sys.argv[1:] or list(CASES)
    if whole(180) is None:
        print("chaos: the cluster is not whole before the first case")
        print("0 passed, %d failed" % len(names))
        return 1
    st, body = https("POST", "/api/v1/session", body=(
        '{"phone":"03000000003","password":"hunar-demo"}'),
        headers={"Content-Type": "application/json"})
    import json
    token = json.loads(body)["token"]
    gig = psql("SELECT g.id FROM gigs g JOIN users u ON u.id = g.employer_id "
               "WHERE u.phone = '923000000003' ORDER BY g.id LIMIT 1")
    ro_ok = replica_served(token)
    if NO_SUPERVISOR:
        print("chaos: CHAOS_NO_SUPERVISOR=1: the supervisor is stopped, the "
              "cases of parts with no second must fail", flush=True)
        sh("stop", "supervise")
    fsc = Fakesmsc()
    time.sleep(2)
    results = []
    for i, name in enumerate(names, 1):
        print("chaos: case %s (kill %s at %.0f s of %.0f s load)" % (
            name, CASES[name], KILL_AT, LOAD_S), flush=True)
        c = Case(i, name, fsc, token, gig)
        res = c.run()
        results.append(res)
        print("  " + " ".join("%s=%s" % (k, ("%.1f" % v) if isinstance(
            v, float) else v) for k, v in res.items()), flush=True)
        r = restart(name, c.killed)
        back = whole(180)
        res["rejoin_s"] = back
        print("  %s started again, cluster whole after %s s" % (
            c.killed, "%.1f" % back if back is not None else "NEVER"),
            flush=True)
        if back is None:
            print("  " + (r.stdout + r.stderr).strip())
            break
    fsc.stop()
    print()
    print("| case | killed | MO sent/stored/answered/twice | MT queued/delivered/dup "
          "| web+USSD errors | 401/403 | recovery s | slowest req s "
          "| supervisor back s | rejoin s | goal |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print("| %s | %s | %d/%d/%d/%d | %d/%d/%d | %d/%d (%.2f%%) | %d "
              "| %.1f | %.1f | %s | %s | %s |" % (
                  r["case"], r["killed"], r["mo_sent"], r["mo_stored"],
                  r["mo_answered"], r["mo_twice"], r["mt_queued"],
                  r["mt_delivered"], r["mt_dup"], r["web_err"] + r["ussd_err"],
                  r["web"] + r["ussd"], r["err_pct"], r["lockouts"],
                  r["recovery_s"],
                  r["slowest_s"], "%.1f" % r["back_s"]
                  if r.get("back_s", -1) >= 0 else
                  ("never" if "back_s" in r else "-"),
                  "%.1f" % r["rejoin_s"]
                  if r.get("rejoin_s") is not None else "-",
                  "met" if r["ok"] else "MISSED"))
    npass = sum(1 for r in results if r["ok"]) + ro_ok
    nfail = len(names) + 1 - npass
    print("%d passed, %d failed" % (npass, nfail))
    return 0 if nfail == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
