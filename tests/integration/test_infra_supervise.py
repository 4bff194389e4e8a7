"""Issue 13, deliverable 2: every process of the stack is restarted when
it dies (infra/stack's supervisor), and Kore's workers die with their
master.  Before: a SIGKILLed Kore master left its workers serving with no
parent ("port taken" for the next start), and a killed hunar_sender or
hunar_matcher stayed dead with /healthz still ok."""
import os
import signal
import subprocess
import time

from hunar_test import (HTTP_PORT, VAR, alive, daemon_pid, get, stack,
                        wait_for)


def _children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                         text=True).stdout.split()
    return [int(x) for x in out]


def _restarted(name, old, timeout=15):
    return wait_for(lambda: (lambda p: p if p and p != old and alive(p)
                             else None)(daemon_pid(name)), timeout=timeout)


def test_supervisor_runs():
    pid = daemon_pid("supervise")
    assert pid and alive(pid), "no supervisor (infra/stack up starts it)"


def test_killed_daemons_are_restarted():
    for name in ("hunar_sender", "hunar_matcher", "hunar_lessons",
                 "hunar_spool", "mofront", "smsbox"):
        old = daemon_pid(name)
        assert old and alive(old), name
        os.kill(old, signal.SIGKILL)
        assert _restarted(name, old), "%s was not restarted" % name


def test_kore_master_killed_workers_die_and_kore_comes_back():
    master = daemon_pid("kore")
    workers = _children(master)
    assert workers, "kore has no workers"
    os.kill(master, signal.SIGKILL)
    gone = wait_for(lambda: not any(alive(w) for w in workers), timeout=5)
    assert gone, "workers outlived their master: %s" % workers
    assert _restarted("kore", master, timeout=30), "kore not restarted"
    def healthy():
        try:
            r = get("/healthz")
        except OSError:
            return None
        return r if r.status == 200 else None
    r = wait_for(healthy, timeout=30)
    assert r and r.status == 200, "kore did not answer after its restart"


def test_stopped_on_purpose_stays_down_until_up():
    stack("stop", "hunar_lessons")
    try:
        time.sleep(5)
        assert daemon_pid("hunar_lessons") is None, "restarted though held"
    finally:
        r = stack("up")
        assert r.returncode == 0, r.stdout + r.stderr
    assert alive(daemon_pid("hunar_lessons"))


def test_healthz_reports_each_daemon_and_the_outbox():
    """A daemon whose heartbeat stops is named by /healthz (it used to
    stay ok with hunar_sender dead); the outbox's depth and oldest age
    are reported."""
    from hunar_test import sql
    r = get("/healthz")
    j = r.json()
    for d in ("hunar_sender", "hunar_lessons", "hunar_matcher"):
        assert j["daemons"][d]["state"] == "up", j
    assert "outbox_queued" in j["facts"], j
    assert "outbox_oldest_due_age_s" in j["facts"], j
    assert j["hunar_spool"] == "up" and j["spool_status"].startswith("ok")
    assert j["mofront"] == "up", j
    stack("stop", "hunar_sender")
    try:
        sql("UPDATE daemon_heartbeat SET beat_at = now() - interval "
            "'5 minutes' WHERE name = 'hunar_sender'")
        r = get("/healthz")
        assert r.status == 503, r.text
        j = r.json()
        assert "hunar_sender" in j["down"], j
        assert j["daemons"]["hunar_sender"]["state"] == "down", j
    finally:
        stack("up")

    def healthy():
        x = get("/healthz")
        return x if x.status == 200 else None
    r = wait_for(healthy, timeout=15)
    assert r, "healthz did not recover once hunar_sender beat again"
