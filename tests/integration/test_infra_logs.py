"""Issue 13: every log rotates (infra/stack rotate, logrotate) and every
process keeps writing into the new file without a restart: Kore and its
access log (copied and truncated in place, they append), Kannel's boxes
(renamed, then SIGHUP reopens theirs)."""
import os
import subprocess
import time

from hunar_test import ROOT, VAR, get
from test_ussd__lib import mo


def _size(name):
    try:
        return os.path.getsize(os.path.join(VAR, "log", name))
    except OSError:
        return -1


def _head(name, n=256):
    try:
        with open(os.path.join(VAR, "log", name), "rb") as f:
            return f.read(n)
    except OSError:
        return b""


def _written(names, timeout=10):
    """Kore's parent writes the access log in batches: wait for it."""
    deadline = time.time() + timeout
    while time.time() < deadline and min(_size(n) for n in names) <= 0:
        time.sleep(0.1)
    return {n: _size(n) for n in names}


def test_logs_rotate_and_processes_keep_writing():
    # bearerbox's access log (smsbox keeps none: its format holds texts)
    names = ("access.log", "kannel-access.log")
    assert get("/healthz").status in (200, 503)
    mo("923009%06d" % (os.getpid() % 10**6), "HELP")
    before = _written(names)
    assert all(v > 0 for v in before.values()), before
    heads = {n: _head(n) for n in names}
    r = subprocess.run(["bash", "infra/stack", "rotate", "-f"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    fresh = {}
    for n in names:
        # The old lines moved to .1 and the file started again.  Sizes
        # cannot say it: Kore's parent may flush a large batch of lines
        # into the fresh file at once.  A writer that kept its old offset
        # (no O_APPEND) would leave a hole of NULs at its start.
        old = os.path.getsize(os.path.join(VAR, "log", n + ".1"))
        assert old >= before[n], (n, old, before[n])
        assert _head(n + ".1") == heads[n], (n, "old lines not in .1")
        fresh[n] = _size(n)
        now = _head(n)
        assert now != heads[n], (n, "not rotated")
        assert not now.startswith(b"\0"), (n, "written at the old offset")
    # the same processes, writing to the fresh files
    get("/healthz")
    mo("923009%06d" % ((os.getpid() + 1) % 10**6), "HELP")
    deadline = time.time() + 10
    while time.time() < deadline and any(_size(n) <= fresh[n]
                                         for n in names):
        time.sleep(0.1)
    for n in names:
        assert _size(n) > fresh[n], (n, "nothing written after rotating")
