#!/usr/bin/env python3
"""ussd (issue 13): PostgreSQL's CPU for each inbound SMS, alone.

sms_inbound_batch() is called as Kore's /sms/inbound calls it (the same
sixteen arrays; every message a fresh Kannel id from one of the 20 seeded
trainees the MO bench uses), in batches of 1, 4 and 32 messages, each
batch its own transaction, from one psql session.  The backend reads its
own CPU time (/proc/self/schedstat, nanoseconds) before and after every
chunk of batches, so other work on the machine moves the figures much
less than it moves msg/s: printed is CPU a message, the lowest chunk's
and the median.  Needs the stack's PostgreSQL (a superuser reads /proc)
and its seeded trainees; stores its messages in sms_inbox as the MO bench
does.

Usage: ussd_sms_pg.py [VERB ...]   (HELP STATUS by default)
USSD_SMS_PG_N messages per batch size (800), USSD_SMS_PG_SIZES (1,4,32).
"""
import os
import statistics
import subprocess
import sys
import uuid

from ussd_sms_bench import env

STAT = "SELECT 'CPU ' || pg_read_file('/proc/self/schedstat');"


def arr(xs):
    return "'{%s}'" % ",".join('"%s"' % x for x in xs)


def batch(ids, phones, verb):
    """One call as ussd_inbound.c makes it (a command with no argument)."""
    n = len(ids)
    e = [""] * n
    return ("SELECT count(*) FROM sms_inbound_batch(%s, %s, %s, %s,"
            " %s::smallint[], %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s);"
            % (arr(ids), arr(phones), arr(["8282"] * n), arr([verb] * n),
               arr(["0"] * n), arr(e), arr(phones), arr(["cmd"] * n),
               arr([verb] * n), arr(e), arr(e), arr(e), arr(e), arr(e),
               arr(e), arr(e)))


def measure(psql, phones, verb, size, total):
    """CPU ms a message: (all, lowest chunk, median chunk)."""
    run = uuid.uuid4().hex[:8]
    nb = max(1, total // size)
    per_chunk = max(1, nb // 8)
    lines, k = [STAT], 0
    for b in range(nb):
        ids, ph = [], []
        for _ in range(size):
            k += 1
            ids.append("pgbench-%s-%d" % (run, k))
            ph.append(phones[k % len(phones)])
        lines.append(batch(ids, ph, verb))
        if (b + 1) % per_chunk == 0:
            lines.append(STAT)
    r = subprocess.run(psql, input="\n".join(lines) + "\n",
                       capture_output=True, text=True)
    if r.returncode or "ERROR" in r.stderr or "WARNING" in r.stderr:
        sys.exit("ussd_sms_pg: " + r.stderr.strip()[:500])
    ns = [int(x.split()[1]) for x in r.stdout.splitlines()
          if x.startswith("CPU ")]
    msgs = per_chunk * size
    chunks = [(b - a) / 1e6 / msgs for a, b in zip(ns, ns[1:])]
    return ((ns[-1] - ns[0]) / 1e6 / (len(chunks) * msgs), min(chunks),
            statistics.median(chunks))


def main():
    e = env()
    psql = ["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-p",
            e["HUNAR_PG_PORT"], "-U", "hunar", "-d", "hunar"]
    phones = subprocess.run(
        psql + ["-c", "SELECT phone FROM users WHERE role = 'trainee' AND "
                "phone ~ '^92[0-9]{10}$' ORDER BY id LIMIT 20"],
        capture_output=True, text=True).stdout.split()
    if not phones:
        print("ussd_sms_pg: no seeded trainees")
        return 1
    total = int(os.environ.get("USSD_SMS_PG_N", "800"))
    sizes = [int(x) for x in
             os.environ.get("USSD_SMS_PG_SIZES", "1,4,32").split(",")]
    print("PostgreSQL backend CPU a message, sms_inbound_batch() as Kore "
          "calls it (%d messages a size)" % total)
    for verb in sys.argv[1:] or ["HELP", "STATUS"]:
        for size in sizes:
            avg, low, med = measure(psql, phones, verb, size, total)
            print("  %-7s batches of %2d: %.3f ms (chunks: lowest %.3f, "
                  "median %.3f)" % (verb, size, avg, low, med), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
