#!/usr/bin/env python3
"""ussd (issue 3): MO -> reply throughput through Kannel.

One private Kannel (bearerbox + smsbox on their own ports, file store on,
the same settings as infra/kannel.conf.in, boxes run as infra/stack runs
them) carries three sms-services:

  - keyword `benchstatic`: Kannel's own static text (`text = ...`), the
    baseline -- no HTTP at all;
  - keyword `benchecho`: Kore's hello handler (/api/v1/hello) by POST,
    what any HTTP service costs Kannel, the reference of issue 13's goal
    (Hunar >= 85% of it);
  - the default: Hunar's production path -- POST (the text is the body)
    to the MO front (infra/mofront.cfg.in, haproxy, as infra/stack runs
    it), which hands it to the stack's Kore (/sms/inbound on its callback
    listener: a real command stored in PostgreSQL before it is acted on,
    synchronous commit on), or, while Kore cannot take it, to a
    hunar_spool of the bench's own (the stack's binary, its own port and
    directory, late replies through this Kannel's sendsms, so that they
    still reach the phones counted), which writes it to disk (fsync) and
    offers it to Kore again -- with smsbox's retries on as in
    infra/kannel.conf.in (http-request-retry 1000, http-queue-delay 10),
    texted by 20 seeded trainees: HELP (parse + sms_cmd) and STATUS
    (sms_cmd reads the trainee's courses and applications),
    USSD_SMS_BENCH_CMDS to change.  USSD_SMS_BENCH_PATH=spool measures
    the path before the front: smsbox -> hunar_spool (fsync) -> Kore.

fakesmsc pushes N messages of each (no interval) and the clock runs until
the N-th whole reply is back at fakesmsc: echo and Hunar count the same
thing, messages answered on the phone (a reply in two parts counts once,
when its last part is in).  Printed: the best rates, Hunar's
ratio to the static text (goal >= 50%) and to the echo, and the median of
each round's ratio (static and Hunar measured back to back, so a burst of
other work on the machine, or one lucky static run, moves it less).  Afterwards every message
sent must be stored and acted on.

USSD_SMS_BENCH_CPU=1 prints the CPU seconds each process used per run
(this stack's Kore and PostgreSQL, the bench's Kannel and hunar_spool);
USSD_SMS_BENCH_PENDING sets smsbox's max-pending-requests (Kannel's
default, 512).  USSD_SMS_BENCH_SPLIT=1 gives the gateway (bearerbox,
smsbox, fakesmsc and this script) the first half of the CPUs and Hunar
(this stack's Kore, PostgreSQL and Redis, the front, the spool) the
rest, as a deployment keeps the SMS gateway off the application's cores:
echo and Hunar then both meet Kannel's own limit unless Hunar's side is
slower, where on shared cores every microsecond Hunar spends is taken
from Kannel's.  Usage: ussd_sms_bench.py [N] [rounds]
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
# USSD_SMS_BENCH_PATH=spool: smsbox calls the spool, as before the MO
# front (the spool then stores every message and relays it to Kore).
FRONT = os.environ.get("USSD_SMS_BENCH_PATH", "front") != "spool"
CMDS = os.environ.get("USSD_SMS_BENCH_CMDS", "HELP,STATUS").split(",")
# The private Kannel's ports: BASE..BASE+20 (the last its hunar_spool's),
# BASE = the stack's fake SMSC
# port + 60 (10060 by default; a shifted stack shifts it, so two engineers'
# benches never share a port), or USSD_SMS_BENCH_BASE.
PORTS = {}


def set_ports(e):
    base = int(os.environ.get("USSD_SMS_BENCH_BASE") or
               int(e["HUNAR_FAKESMSC_PORT"]) + 60)
    PORTS.update({"admin": base, "smsbox": base + 1, "fake": base + 10,
                  "sendsms": base + 13, "spool": base + 20,
                  "front": base + 21})


def env():
    out = subprocess.run(
        ["bash", "-c", "[ -f infra/hunar.env.local ] && "
         ". infra/hunar.env.local; . infra/hunar.env; set | grep ^HUNAR_"],
        cwd=ROOT, capture_output=True, text=True).stdout
    e = {}
    for line in out.splitlines():
        k, _, v = line.partition("=")
        e[k] = v.strip("'")
    # psql reads the stack's password from the environment.
    os.environ.setdefault("PGPASSWORD", e.get("HUNAR_PG_PASSWORD", ""))
    os.environ.setdefault("REDISCLI_AUTH", e.get("HUNAR_REDIS_PASSWORD", ""))
    return e


def conf(var, e):
    return """group = core
admin-port = {admin}
admin-password = bench
admin-allow-ip = "127.0.0.1"
smsbox-port = {smsbox}
box-allow-ip = "127.0.0.1"
box-deny-ip = "*.*.*.*"
admin-deny-ip = "*.*.*.*"
log-file = "{var}/bearerbox.log"
log-level = 2
store-type = file
store-location = "{var}/kannel.store"
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
port = {fake}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = {sendsms}
sendsms-interface = 127.0.0.1
global-sender = {short}
log-file = "{var}/smsbox.log"
log-level = 2
mo-recode = true
http-request-retry = 1000
http-queue-delay = 10
http-timeout = 20
reply-couldnotfetch = ""
reply-emptymessage = ""
max-pending-requests = {pending}

group = sendsms-user
username = {suser}
password = {spass}
user-allow-ip = "127.0.0.1"
max-messages = 3
concatenation = true

group = sms-service
keyword = benchstatic
text = "Hunar: text JOIN name district to register. COURSES, ENROLL code, GIGS, APPLY code, STATUS, STOP."
max-messages = 3
concatenation = true

group = sms-service
keyword = benchecho
post-url = "http://127.0.0.1:{http}/api/v1/hello?id=%I&from=%p&to=%P&smsc=%i&coding=%c&charset=%C&meta=%D"
send-sender = true
max-messages = 3
concatenation = true

group = sms-service
keyword = default
catch-all = true
post-url = "http://127.0.0.1:{mo}/sms/inbound?id=%I&from=%p&to=%P&smsc=%i&coding=%c&charset=%C&meta=%D"
send-sender = true
accept-x-kannel-headers = true
max-messages = 3
concatenation = true
omit-empty = true
""".format(var=var, short=e["HUNAR_SHORTCODE"], http=e["HUNAR_HTTP_PORT"],
           suser=e["HUNAR_SENDSMS_USER"], spass=e["HUNAR_SENDSMS_PASSWORD"],
           pending=os.environ.get("USSD_SMS_BENCH_PENDING", "512"),
           mo=PORTS["front"] if FRONT else PORTS["spool"], **PORTS)


def front_conf(e):
    """The MO front's config as infra/stack fills it (infra/stack
    mofront-conf), with this bench's ports: the stack's Kore, this
    bench's spool."""
    env = dict(os.environ)
    env.update({"HUNAR_MO_PORT": str(PORTS["front"]),
                "HUNAR_SPOOL_PORT": str(PORTS["spool"])})
    return subprocess.run(["bash", "infra/stack", "mofront-conf"], cwd=ROOT,
                          env=env, capture_output=True, text=True,
                          check=True).stdout


def wait_port(port, secs):
    import socket
    end = time.time() + secs
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def whole(line):
    """A reply counts once: a single message, or the last part of a
    concatenated one (its UDH says part total of total)."""
    m = re.search(r": <\S+ \S+ udh (\S+) ", line)
    if not m:
        return True
    udh = urllib.parse.unquote_to_bytes(m.group(1))
    return len(udh) >= 6 and udh[-1] == udh[-2]


# The processes whose CPU USSD_SMS_BENCH_CPU counts: this stack's Kore
# and PostgreSQL and the bench's own Kannel and hunar_spool, each with
# its children (Kore's workers, PostgreSQL's backends).  By name alone
# it counted every engineer's postgres and kore on the machine.
CPU_ROOTS = set()


def cpu_roots(e, procs):
    CPU_ROOTS.clear()
    CPU_ROOTS.update(p.pid for p in procs)
    var = os.environ.get("HUNAR_VAR") or os.path.join(ROOT, "var")
    pgdata = subprocess.run(
        ["psql", "-At", "-h", "127.0.0.1", "-p", e["HUNAR_PG_PORT"],
         "-U", "hunar", "-d", "hunar", "-c", "SHOW data_directory"],
        capture_output=True, text=True).stdout.strip()
    for f in (os.path.join(var, "run", "kore.pid"),
              os.path.join(pgdata, "postmaster.pid")):
        try:
            with open(f) as fh:
                CPU_ROOTS.add(int(fh.readline()))
        except (OSError, ValueError):
            print("  cpu: no %s, its processes are not counted" % f)


def tree(roots):
    """The pids of roots and all their descendants."""
    parent = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/stat" % pid) as f:
                    st = f.read()
            except OSError:
                continue
            parent[int(pid)] = int(st[st.rindex(")") + 2:].split()[1])
    out = set()
    for pid in parent:
        p = pid
        while p not in roots and p in parent and parent[p] > 1:
            p = parent[p]
        if p in roots:
            out.add(pid)
    return out


def pin(pids, cpus):
    """Every thread of pids (and their children) onto cpus."""
    for pid in tree(set(pids)):
        try:
            for t in os.listdir("/proc/%d/task" % pid):
                os.sched_setaffinity(int(t), cpus)
        except OSError:
            pass


def split(e, procs, undo=False):
    """USSD_SMS_BENCH_SPLIT: the gateway on the first half of the CPUs,
    Hunar on the rest; undo gives every one of them all CPUs again."""
    cpus = sorted(os.sched_getaffinity(0) if not undo else ALL_CPUS)
    gw, app = set(cpus[:len(cpus) // 2]), set(cpus[len(cpus) // 2:])
    if undo:
        gw = app = set(cpus)
    var = os.environ.get("HUNAR_VAR") or os.path.join(ROOT, "var")
    stack = []
    for name in ("kore.pid", "redis.pid"):
        try:
            with open(os.path.join(var, "run", name)) as f:
                stack.append(int(f.readline()))
        except (OSError, ValueError):
            pass
    stack += [p for p in CPU_ROOTS if p not in [q.pid for q in procs]]
    pin(stack + [p.pid for p in procs[1:-1]], app)   # spool, front
    pin([procs[0].pid, procs[-1].pid], gw)           # bearerbox, smsbox
    os.sched_setaffinity(0, gw)                      # fakesmsc, this
    if not undo:
        print("  split: gateway on CPU %s, Hunar on CPU %s" % (
            ",".join(map(str, sorted(gw))), ",".join(map(str, sorted(app)))))


ALL_CPUS = os.sched_getaffinity(0)


def cpu_snapshot():
    """CPU seconds so far of the counted processes, by name."""
    stat = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                st = f.read()
        except OSError:
            continue
        name = st[st.index("(") + 1:st.rindex(")")]
        f = st[st.rindex(")") + 2:].split()
        stat[int(pid)] = (name, int(f[1]),
                          (int(f[11]) + int(f[12])) /
                          os.sysconf("SC_CLK_TCK"))
    out = {}
    for pid, (name, ppid, t) in stat.items():
        p = pid
        while p not in CPU_ROOTS and p in stat and stat[p][1] > 1:
            p = stat[p][1]
        if p in CPU_ROOTS:
            out[pid] = (name, t)
    return out


def cpu_print(a, b, label, n):
    """Seconds each name used in the run, and ms a message."""
    use = {}
    for pid, (name, t) in b.items():
        d = t - a.get(pid, (name, 0.0))[1]
        if d > 0:
            use[name] = use.get(name, 0.0) + d
    print("  cpu %-12s %s" % (label, ", ".join(
        "%s %.2fs (%.3f ms)" % (k, v, 1000 * v / n)
        for k, v in sorted(use.items(), key=lambda x: -x[1])[:6])))


def run(n, senders, text):
    """Seconds from the first MO to the n-th reply (None: timeout).
    fakesmsc picks one of the messages at random for each send."""
    if os.environ.get("USSD_SMS_BENCH_CPU"):
        a = cpu_snapshot()
        r = run1(n, senders, text)
        cpu_print(a, cpu_snapshot(), text, n)
        return r
    return run1(n, senders, text)


def run1(n, senders, text):
    msgs = ["%s %s text %s" % (s, "8282", text) for s in senders]
    p = subprocess.Popen(["stdbuf", "-oL", FAKESMSC, "-H", "127.0.0.1",
                          "-r", str(PORTS["fake"]), "-i", "0", "-m", str(n)]
                         + msgs, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    got = 0
    t0 = None
    end = time.time() + 120
    for line in p.stdout:
        if t0 is None and "fakesmsc: sent message 1" in line:
            t0 = time.time()
        if "Got message" in line and whole(line):
            got += 1
            if got == n:
                break
        if time.time() > end:
            break
    t1 = time.time()
    os.killpg(p.pid, signal.SIGTERM)
    p.wait()
    if got < n or t0 is None:
        print("  only %d of %d replies" % (got, n))
        return None
    return t1 - t0


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    e = env()
    set_ports(e)
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/healthz" %
                               e["HUNAR_HTTP_PORT"], timeout=3)
    except Exception as x:
        print("ussd bench: Kore is not up (%s)" % x)
        return 1
    var = tempfile.mkdtemp(prefix="hunar-sms-bench-")
    path = os.path.join(var, "kannel.conf")
    with open(path, "w") as f:
        f.write(conf(var, e))
    procs = []
    try:
        procs.append(subprocess.Popen(["bearerbox", "-v", "2", path],
                                      stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL,
                                      start_new_session=True))
        if not wait_port(PORTS["smsbox"], 15):
            print("ussd bench: bearerbox did not start")
            return 1
        # Its own hunar_spool, whose late replies (Kore slower than
        # HUNAR_SPOOL_WAIT_MS) go out through this Kannel's sendsms, to
        # this fakesmsc: every reply of the run reaches the phones it
        # counts (the stack's spool would send them to the stack's SMSC).
        spool = os.path.join(ROOT, os.environ.get("HUNAR_BUILD", "build"),
                             "bin", "hunar_spool")
        senv = dict(os.environ)
        senv.update(e)
        senv.update({"HUNAR_SPOOL_PORT": str(PORTS["spool"]),
                     "HUNAR_SPOOL_DIR": os.path.join(var, "spool"),
                     "HUNAR_KANNEL_SENDSMS_PORT": str(PORTS["sendsms"])})
        with open(os.path.join(var, "spool.log"), "w") as slog:
            procs.append(subprocess.Popen([spool], env=senv, stdout=slog,
                                          stderr=subprocess.STDOUT,
                                          start_new_session=True))
        if not wait_port(PORTS["spool"], 15):
            print("ussd bench: hunar_spool did not start")
            return 1
        if FRONT:
            hp = os.path.join(var, "mofront.cfg")
            with open(hp, "w") as f:
                f.write(front_conf(e))
            with open(os.path.join(var, "mofront.log"), "w") as hlog:
                procs.append(subprocess.Popen(["haproxy", "-db", "-f", hp],
                                              stdout=hlog,
                                              stderr=subprocess.STDOUT,
                                              start_new_session=True))
            if not wait_port(PORTS["front"], 15):
                print("ussd bench: the MO front (haproxy) did not start")
                return 1
        procs.append(subprocess.Popen(["smsbox", "-v", "2", path],
                                      stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL,
                                      start_new_session=True))
        if not wait_port(PORTS["sendsms"], 15):
            print("ussd bench: smsbox did not start")
            return 1
        time.sleep(1)
        # 20 seeded trainees text the command, as a crowd would
        phones = subprocess.run(
            ["psql", "-At", "-h", "127.0.0.1", "-p", e["HUNAR_PG_PORT"],
             "-U", "hunar", "-d", "hunar", "-c",
             "SELECT phone FROM users WHERE role = 'trainee' AND phone ~ "
             "'^92[0-9]{10}$' ORDER BY id LIMIT 20"],
            capture_output=True, text=True).stdout.split()
        if not phones:
            print("ussd bench: no seeded trainees")
            return 1
        inlist = ",".join("'%s'" % x for x in phones)
        count_sql = ("SELECT count(*) FROM sms_inbox WHERE sender IN (%s)"
                     % inlist)
        t0 = subprocess.run(
            ["psql", "-At", "-h", "127.0.0.1", "-p", e["HUNAR_PG_PORT"],
             "-U", "hunar", "-d", "hunar", "-c", "SELECT now()"],
            capture_output=True, text=True).stdout.strip()
        before = int(subprocess.run(
            ["psql", "-At", "-h", "127.0.0.1", "-p", e["HUNAR_PG_PORT"],
             "-U", "hunar", "-d", "hunar", "-c", count_sql],
            capture_output=True, text=True).stdout.strip() or 0)
        cpu_roots(e, procs)
        if os.environ.get("USSD_SMS_BENCH_SPLIT"):
            split(e, procs)
        run(50, phones, CMDS[0])    # warm up Kore's connections
        best_s = 0.0
        best_e = 0.0
        best = dict((c, 0.0) for c in CMDS)
        # Hunar's rate over the static rate of the same round, measured
        # back to back: the machine's drift cancels out of each.
        paired = dict((c, []) for c in CMDS)
        paired_e = dict((c, []) for c in CMDS)
        # Other work shares the two cores: alternate, keep each best.
        for r in range(rounds):
            ts = run(n, ["923009990000"], "benchstatic")
            line = "  round %d: static %s/s" % (
                r + 1, "%.0f" % (n / ts) if ts else "-")
            if ts:
                best_s = max(best_s, n / ts)
            te = run(n, ["923009990000"], "benchecho")
            if te:
                best_e = max(best_e, n / te)
            line += ", echo %s/s" % ("%.0f" % (n / te) if te else "-")
            for c in CMDS:
                th = run(n, phones, c)
                if th:
                    best[c] = max(best[c], n / th)
                    if ts:
                        paired[c].append(ts / th)
                    if te:
                        paired_e[c].append(te / th)
                line += ", %s %s/s" % (c, "%.0f" % (n / th) if th else "-")
            print(line, flush=True)
        after = int(subprocess.run(
            ["psql", "-At", "-h", "127.0.0.1", "-p", e["HUNAR_PG_PORT"],
             "-U", "hunar", "-d", "hunar", "-c", count_sql],
            capture_output=True, text=True).stdout.strip() or 0)
        print("MO->reply through Kannel, %d messages per run, best of %d"
              % (n, rounds))
        print("%-44s %8.0f msg/s" % ("Kannel static text (baseline)",
                                     best_s))
        print("%-44s %8.0f msg/s  %5.1f%% of static" % (
            "Kore hello handler (reference)", best_e,
            100 * best_e / best_s if best_s else 0))
        for c in CMDS:
            print("%-44s %8.0f msg/s  %5.1f%% of static, %5.1f%% of echo"
                  % ("Hunar %s (stored in PostgreSQL first)" % c, best[c],
                     100 * best[c] / best_s if best_s else 0,
                     100 * best[c] / best_e if best_e else 0))
        for c in CMDS:
            r = sorted(paired[c])
            if r:
                print("%-44s median %5.1f%% of static (rounds: %s)" % (
                    "Hunar %s, each round against its own" % c,
                    100 * r[len(r) // 2] if len(r) % 2 else
                    50 * (r[len(r) // 2 - 1] + r[len(r) // 2]),
                    " ".join("%.0f" % (100 * x) for x in paired[c])))
        for c in CMDS:
            r = sorted(paired_e[c])
            if r:
                print("%-44s median %5.1f%% of echo (rounds: %s; goal >= "
                      "85%%)" % (
                          "Hunar %s, each round against its echo" % c,
                          100 * r[len(r) // 2] if len(r) % 2 else
                          50 * (r[len(r) // 2 - 1] + r[len(r) // 2]),
                          " ".join("%.0f" % (100 * x) for x in paired_e[c])))
        print("messages Hunar stored from those numbers meanwhile: %d "
              "(this run sent %d; must not be fewer)" % (
                  after - before, rounds * n * len(CMDS) + 50))
        with open(os.path.join(var, "spool.log")) as f:
            late = sum(1 for x in f if "late reply sent" in x)
        left = len(os.listdir(os.path.join(var, "spool", "new")))
        print("replies the spool sent late (Kore slower than "
              "HUNAR_SPOOL_WAIT_MS): %d; messages still spooled: %d"
              % (late, left))
        if after - before < rounds * n * len(CMDS) + 50:
            print("ussd bench: a reply came without its message stored")
            return 1
        unacted = int(subprocess.run(
            ["psql", "-At", "-h", "127.0.0.1", "-p", e["HUNAR_PG_PORT"],
             "-U", "hunar", "-d", "hunar", "-c", count_sql +
             " AND status IS NULL AND received_at >= '%s'" % t0],
            capture_output=True, text=True).stdout.strip() or 0)
        if unacted:
            print("ussd bench: %d messages stored but not acted on" % unacted)
            return 1
        return 0 if best_s and all(best.values()) else 1
    finally:
        if os.environ.get("USSD_SMS_BENCH_SPLIT") and CPU_ROOTS:
            split(e, procs, undo=True)
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                os.killpg(p.pid, signal.SIGKILL)
        if not os.environ.get("USSD_SMS_BENCH_KEEP"):
            shutil.rmtree(var, ignore_errors=True)
        else:
            print("kept " + var)


if __name__ == "__main__":
    sys.exit(main())
