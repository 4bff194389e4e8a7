"""`infra/stack resetdb` with the stack up.  Before: dropdb failed
("database "hunar" is being accessed by other users": Kore's pool and the
daemons hold connections) and the stack had to be brought down first.
Now Kore and the daemons that run are stopped, the database is dropped
(--force ends any other session), made again and migrated, Redis is
emptied, and what ran is started again: the stack answers as before, on
a fresh database."""
import os
import subprocess
import time
import uuid

from hunar_test import (ENV, VAR, alive, catalogue_mark, daemon_pid, get,
                        redis, sms, sql, sql1, stack, wait_for)

DAEMONS = ["hunar_lessons", "hunar_sender", "hunar_matcher", "hunar_rollup"]


def test_resetdb_while_the_stack_is_up():
    before = {n: daemon_pid(n) for n in ["kore"] + DAEMONS}
    assert all(p and alive(p) for p in before.values()), before
    marker = "92349%07d" % (uuid.uuid4().int % 10**7)
    sql("INSERT INTO users (phone, name, channel) VALUES (:'p1', "
        "'Reset Marker', 'sms')", marker)
    redis("SET", "resetdb:marker", "1")
    # A session that is no part of the stack (someone's psql).
    held = subprocess.Popen(
        ["psql", "-X", "-q", "-h", "127.0.0.1", "-p", ENV["HUNAR_PG_PORT"],
         "-U", "hunar", "-d", "hunar", "-c", "SELECT pg_sleep(120)"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        r = stack("resetdb")
        assert r.returncode == 0, r.stdout[-1500:] + r.stderr[-1500:]
        assert held.wait(timeout=10) != 0   # ended by --force
    finally:
        if held.poll() is None:
            held.kill()
            held.wait()
    assert "database made again" in r.stdout, r.stdout[-800:]
    # The run's mark counted the old database's ids: the courses and
    # gigs the rest of the run makes are counted from the new one's.
    catalogue_mark()
    # A fresh database, seeded; Redis empty of what was there.
    assert sql1("SELECT count(*) FROM users WHERE phone = :'p1'",
                marker) == "0"
    assert sql1("SELECT name FROM users WHERE phone = '923000000001'") == \
        "Hunar Admin"
    assert redis("EXISTS", "resetdb:marker") == "(integer) 0"
    # Everything that ran runs again, as new processes.
    for n, old in before.items():
        now = daemon_pid(n)
        assert now and now != old and alive(now), (n, old, now)
    ok = wait_for(lambda: get("/healthz").status == 200, timeout=30,
                  interval=0.5)
    assert ok, get("/healthz").text
    # The whole SMS path on the new database.
    ph = "92348%07d" % (uuid.uuid4().int % 10**7)
    got = sms(ph, "JOIN Reset Check Swat", timeout=20)
    assert any("Welcome to Hunar, Reset Check" in m["text"] for m in got), \
        got
