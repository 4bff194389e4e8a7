"""Issue 13, deliverable 1: no MO lost when Kore is down, even when
smsbox restarts meanwhile; long texts by POST; never Kannel's English
"Could not fetch content".  Everything through the real chain:
fakesmsc -> bearerbox -> smsbox -> the MO front (haproxy) -> Kore, or
hunar_spool -> Kore while Kore cannot take a message.

Before: smsbox retried 5 times 2 s apart and then answered "Could not
fetch content, sorry." (lost); a GET callback past ~2,000 bytes of URL got
414 (lost); smsbox's retries lived in its memory (a restart lost them).
"""
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
import uuid

from hunar_test import ENV, FAKESMSC, ROOT, SHORTCODE, VAR, sql, sql1, \
    stack, wait_for
from test_ussd__lib import Collector, mo, phone

SPOOL = os.path.join(VAR, "spool", "new")


def _spooled():
    try:
        return len(os.listdir(SPOOL))
    except FileNotFoundError:
        return 0


def _up():
    r = stack("up")
    assert r.returncode == 0, r.stdout + r.stderr


class Phones:
    """fakesmsc in the background: sends `n` messages from random numbers
    starting with `prefix` (fakesmsc -z 1) and collects every reply."""

    def __init__(self, prefix, text, n, interval=0.02):
        self.prefix = prefix
        args = ["stdbuf", "-oL", "-eL", FAKESMSC, "-H", "127.0.0.1", "-r",
                ENV["HUNAR_FAKESMSC_PORT"], "-i", str(interval), "-m",
                str(n), "-z", "1",
                "%s %s text %s" % (prefix, SHORTCODE, text)]
        self.p = subprocess.Popen(args, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True,
                                  start_new_session=True)
        os.set_blocking(self.p.stdout.fileno(), False)
        self.lines = []
        self.buf = ""

    def poll(self):
        try:
            chunk = self.p.stdout.read()
        except (BlockingIOError, TypeError):
            chunk = None
        if chunk:
            self.buf += chunk
            while "\n" in self.buf:
                line, self.buf = self.buf.split("\n", 1)
                self.lines.append(line)

    def replies(self):
        """{number: [texts]} of the replies to this prefix so far."""
        self.poll()
        out = {}
        for line in self.lines:
            if "Got message" not in line:
                continue
            part = line.split("<", 1)[1].split(" ", 3)
            if len(part) < 4 or not part[1].startswith(self.prefix):
                continue
            out.setdefault(part[1], []).append(part[3])
        return out

    def stop(self):
        os.killpg(self.p.pid, signal.SIGTERM)
        self.p.wait()


def _stored(prefix):
    return int(sql1("SELECT count(*) FROM sms_inbox WHERE sender LIKE "
                    ":'p1' || '%'", prefix))


def test_sms_long_urdu_text_arrives_whole_by_post():
    num = phone()
    text = "مدد " * 100            # 400 characters, 800 bytes of UCS-2
    got = mo(num, text.strip(), timeout=20)
    assert got, "no reply to a 400-character Urdu text"
    body = sql1("SELECT body FROM sms_inbox WHERE sender = :'p1'", num)
    assert body == text.strip(), "stored %r" % (body or "")[:40]


def test_sms_kore_and_smsbox_down_nothing_lost():
    """Kore down 15 s (beyond the old ~10 s budget) while 30 messages
    come; smsbox SIGKILLed and restarted in the middle of it.  Each
    message is stored once and its phone gets one reply, late, and never
    "Could not fetch content"."""
    n = 30
    prefix = "9233%04d" % (uuid.uuid4().int % 10**4)
    assert _stored(prefix) == 0
    r = stack("stop", "kore")
    assert r.returncode == 0, r.stderr
    t0 = time.time()
    ph = Phones(prefix, "HELP", n)
    try:
        assert wait_for(lambda: _spooled() >= n, timeout=20), \
            "spool holds %d of %d" % (_spooled(), n)
        pid = int(open(os.path.join(VAR, "run", "smsbox.pid")).read())
        os.kill(pid, signal.SIGKILL)
        time.sleep(max(0, 15 - (time.time() - t0)))
        _up()
        assert wait_for(lambda: _stored(prefix) >= n, timeout=60), \
            "stored %d of %d" % (_stored(prefix), n)
        wait_for(lambda: len(ph.replies()) >= n, timeout=60)
        rep = ph.replies()
    finally:
        ph.stop()
        _up()
    assert _stored(prefix) == n, "stored %d of %d" % (_stored(prefix), n)
    assert len(rep) == n, "%d of %d phones got a reply" % (len(rep), n)
    twice = [k for k, v in rep.items() if len(v) > 1]
    assert not twice, "answered twice: %s" % twice[:3]
    bad = [v for vs in rep.values() for v in vs if "fetch" in v.lower()]
    assert not bad, bad[:2]
    assert wait_for(lambda: _spooled() == 0, timeout=10), "spool not empty"


def _front_log():
    try:
        with open(os.path.join(VAR, "log", "mofront.log")) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def test_sms_common_path_goes_straight_to_kore():
    """Kore up: the MO front hands each message to Kore, which stores it
    before it answers; hunar_spool is not on the way.  With the spool
    frozen (SIGSTOP) every message is still answered at once.  Before
    (smsbox -> spool -> Kore), each one waited for the spool: none was
    answered until it ran again."""
    pid = int(open(os.path.join(VAR, "run", "hunar_spool.pid")).read())
    nums = [phone() for _ in range(4)]
    os.kill(pid, signal.SIGSTOP)
    try:
        got = [mo(n, t, timeout=8) for n, t in zip(
            nums, ["HELP", "STATUS", "madad", "مدد"])]
    finally:
        os.kill(pid, signal.SIGCONT)
    assert all(len(g) == 1 for g in got), got
    for n in nums:
        assert sql1("SELECT count(*) FROM sms_inbox WHERE sender = "
                    ":'p1' AND status IS NOT NULL", n) == "1", n


def test_sms_kore_answering_503_hands_the_message_to_the_spool():
    """PostgreSQL stopped: Kore cannot store a message and answers 503.
    The front marks Kore down at once and sends the same request to the
    spool, which keeps it (smsbox hears 200, so nothing lives in smsbox's
    memory); once PostgreSQL is back, the spool offers it to Kore and the
    phone gets its reply late, once."""
    num = "9235%05d" % (uuid.uuid4().int % 10**5)  # fakesmsc -z adds digits
    r = stack("stop", "postgresql")
    assert r.returncode == 0, r.stdout + r.stderr
    ph = None
    try:
        ph = Phones(num, "HELP", 1)
        # At once: smsbox's own retry of a 503 would come 10 s later
        # (http-queue-delay), from its memory.
        assert wait_for(lambda: _spooled() >= 1, timeout=5), \
            "the message did not reach the spool at once"
        assert "be_mo/kore is DOWN" in _front_log()
    finally:
        _up()
    try:
        assert wait_for(lambda: _stored(num) == 1, timeout=60), \
            "stored %d" % _stored(num)
        assert wait_for(lambda: ph.replies(), timeout=60), "no late reply"
        time.sleep(2)               # a second reply would come now
        rep = [t for ts in ph.replies().values() for t in ts]
    finally:
        ph.stop()
    assert len(rep) == 1 and "fetch" not in rep[0].lower(), rep
    assert _stored(num) == 1
    assert wait_for(lambda: _spooled() == 0, timeout=10), "spool not empty"


def _spool_bin():
    return os.path.join(ROOT, os.environ.get("HUNAR_BUILD", "build"), "bin",
                        "hunar_spool")


class Gate:
    """A stand-in for Kore's port in front of the spool: holds every
    connection until opened, then relays it to the real Kore (or, with
    record=True, answers 200 itself and records the ids in order; with
    hold, holds only those ids).  `seen` lists every id that came."""

    def __init__(self, record=False, hold=None):
        import socket
        import threading
        self.socket, self.threading = socket, threading
        self.open = threading.Event()
        self.ids = []
        self.seen = []
        self.hold = hold
        self.record = record
        self.lsock = socket.socket()
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(256)
        self.port = self.lsock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.lsock.accept()
            except OSError:
                return
            self.threading.Thread(target=self._one, args=(c,),
                                  daemon=True).start()

    def _one(self, c):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = c.recv(65536)
            if not chunk:
                c.close()
                return
            data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        clen = 0
        for line in head.split(b"\r\n")[1:]:
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                clen = int(v)
        while len(body) < clen:
            chunk = c.recv(65536)
            if not chunk:
                break
            body += chunk
        q = urllib.parse.urlsplit(head.split(b" ")[1].decode()).query
        kid = urllib.parse.parse_qs(q)["id"][0]
        self.seen.append(kid)
        if self.hold is None or kid in self.hold:
            self.open.wait()
        if self.record:
            self.ids.append(kid)
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
                      b"Connection: close\r\n\r\n")
            c.close()
            return
        k = self.socket.create_connection(("127.0.0.1", int(ENV[
            "HUNAR_HTTP_PORT"])))
        head = head.replace(b"127.0.0.1:%d" % self.port,
                            b"127.0.0.1:" + ENV["HUNAR_HTTP_PORT"].encode())
        k.sendall(head + b"\r\nConnection: close\r\n\r\n" + body)
        while True:
            chunk = k.recv(65536)
            if not chunk:
                break
            c.sendall(chunk)
        k.close()
        c.close()

    def close(self):
        self.open.set()
        self.lsock.close()


def _spool_start(tmp, gate, **env):
    """A second hunar_spool of our own: its own directory and port, Kore's
    port being the gate's."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    e = dict(os.environ)
    e.update(ENV)
    e.update({"HUNAR_SPOOL_PORT": str(port), "HUNAR_SPOOL_DIR": tmp,
              "HUNAR_HTTP_PORT": str(gate.port),
              "HUNAR_KANNEL_SENDSMS_PORT": "1"})
    e.update({k: str(v) for k, v in env.items()})
    p = subprocess.Popen([_spool_bin()], env=e, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)

    def up():
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            return False
    assert wait_for(up, timeout=10), "second hunar_spool did not start"
    return p, port


def _spool_post(port, kid, sender):
    import http.client
    q = urllib.parse.urlencode({"id": kid, "from": sender, "to": SHORTCODE,
                                "smsc": "fake", "coding": "0",
                                "charset": "UTF-8", "meta": ""})
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.request("POST", "/sms/inbound?" + q, body=b"HELP",
                  headers={"Content-Type": 'text/plain; charset="UTF-8"',
                           "X-Kannel-From": sender})
        return c.getresponse().status
    finally:
        c.close()


def test_sms_spool_claims_full_answers_503_never_200_unstored():
    """More MO in flight than the spool's claims table holds (3 claims,
    12 at once, Kore held): before, each one past the table got 200 with
    nothing stored and smsbox forgot it.  Now it gets 503, and this test,
    as smsbox does, sends it again: every MO stored exactly once, and
    none answered 200 without being stored."""
    from concurrent.futures import ThreadPoolExecutor
    n = 12
    prefix = "9234%04d" % (uuid.uuid4().int % 10**4)
    tmp = tempfile.mkdtemp(prefix="hunar_spool_")
    gate = Gate()
    p, port = _spool_start(tmp, gate, HUNAR_SPOOL_CLAIMS=3,
                           HUNAR_SPOOL_WAIT_MS=15000)
    msgs = [("sp-%s-%02d" % (prefix, i), "%s%04d" % (prefix, i))
            for i in range(n)]
    try:
        with ThreadPoolExecutor(n) as ex:
            futs = [ex.submit(_spool_post, port, k, s) for k, s in msgs]
            time.sleep(2)          # every request has reached the spool
            gate.open.set()
            first = [f.result() for f in futs]
        busy = [m for m, st in zip(msgs, first) if st != 200]
        ok = [m for m, st in zip(msgs, first) if st == 200]
        # Every 200 is stored already (Kore answered it in time) or
        # spooled for the retry thread: nothing a 200 answered is lost.
        assert wait_for(lambda: _stored(prefix) >= len(ok), timeout=20), \
            "answered 200 but stored %d of %d: %s" % (
                _stored(prefix), len(ok), first)
        assert first.count(503) >= 1, "claims never full: %s" % first
        for k, s in busy:              # smsbox's retry of a 503
            deadline = time.time() + 20
            while _spool_post(port, k, s) != 200:
                assert time.time() < deadline, "still busy: " + k
                time.sleep(0.5)
        assert wait_for(lambda: _stored(prefix) >= n, timeout=20), \
            "stored %d of %d" % (_stored(prefix), n)
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait()
        gate.close()
        shutil.rmtree(tmp, ignore_errors=True)
    rows = sql("SELECT kannel_id, count(*) FROM sms_inbox WHERE sender "
               "LIKE :'p1' || '%' GROUP BY 1", prefix)
    assert len(rows) == n and all(int(r[1]) == 1 for r in rows), rows


def test_sms_spool_replays_oldest_first_past_its_queue():
    """More spooled than one pass takes (4,096): the 200 oldest files go
    to Kore first, oldest first.  Before, a pass took the first 4,096
    names readdir gave and sorted only those: old ones starved."""
    old, new = 200, 4096
    d = pathlib.Path(tempfile.mkdtemp(prefix="hunar_spool_"))
    for sub in ("new", "tmp", "bad"):
        (d / sub).mkdir()
    t_old = time.time() - 3600
    for i in range(old + new):
        kid = "%s-%05d" % ("old" if i < old else "new", i)
        q = urllib.parse.urlencode({"id": kid, "from": "923000000000",
                                    "to": SHORTCODE, "coding": "0"})
        f = d / "new" / ("%s.%016x" % (kid, i))
        f.write_bytes(q.encode() + b"\ntext/plain\nHELP")
        if i < old:
            os.utime(f, ns=(int((t_old + i) * 1e9),) * 2)
    gate = Gate(record=True)
    gate.open.set()
    p, _ = _spool_start(str(d), gate, HUNAR_SPOOL_WORKERS=1)
    try:
        assert wait_for(lambda: len(gate.ids) >= old, timeout=60), \
            "offered %d" % len(gate.ids)
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait()
        gate.close()
        shutil.rmtree(d, ignore_errors=True)
    want = ["old-%05d" % i for i in range(old)]
    assert gate.ids[:old] == want, "first offered: %s" % [
        x for x in gate.ids[:old] if not x.startswith("old")][:5]


def _segments(d):
    try:
        return sorted(f for f in os.listdir(os.path.join(d, "journal"))
                      if f.endswith(".seg"))
    except FileNotFoundError:
        return []


def test_sms_spool_killed_replays_only_what_it_had_not_answered():
    """The journal's recovery rules, through the binary: three MO answered
    (done marks written), a fourth written to the journal and in flight
    at Kore when the spool is SIGKILLed, and a record the crash tore at
    the journal's tail.  The next start parks the fourth (and only it) in
    new/, offers it to Kore, and leaves no segment behind; the torn
    record is ignored.  Before the journal, each MO was a file of its own
    (create, fdatasync, rename, unlink): this is the same promise kept
    with one shared fdatasync per batch."""
    import threading
    d = tempfile.mkdtemp(prefix="hunar_spool_")
    held = "held-%s" % uuid.uuid4().hex[:8]
    gate = Gate(record=True, hold={held})
    p, port = _spool_start(d, gate, HUNAR_SPOOL_WAIT_MS=15000)
    p2 = gate2 = None
    try:
        for i in range(3):
            assert _spool_post(port, "done-%d" % i, "92300000000%d" % i) \
                == 200
        t = threading.Thread(target=lambda: _spool_quiet_post(
            port, held, "923000000009"), daemon=True)
        t.start()
        assert wait_for(lambda: held in gate.seen, timeout=10), \
            "the held MO never reached Kore"
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        segs = _segments(d)
        assert segs, "no journal segment left by the killed spool"
        with open(os.path.join(d, "journal", segs[-1]), "ab") as f:
            f.write(b"HSJ1\x01\x00\x00\x00\x40")     # a torn head
        gate2 = Gate(record=True)
        gate2.open.set()
        p2, _ = _spool_start(d, gate2)
        assert wait_for(lambda: held in gate2.ids, timeout=20), \
            "offered after the restart: %s" % gate2.ids
        assert wait_for(lambda: not os.listdir(os.path.join(d, "new")),
                        timeout=20), "new/ not emptied"
        assert not _segments(d), "segments left: %s" % _segments(d)
        time.sleep(1.5)            # a retry pass more: nothing else comes
        assert gate2.ids == [held], "replayed: %s" % gate2.ids
    finally:
        for proc in (p, p2):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait()
        gate.close()
        if gate2 is not None:
            gate2.close()
        shutil.rmtree(d, ignore_errors=True)


def _spool_quiet_post(port, kid, sender):
    try:
        _spool_post(port, kid, sender)
    except Exception:              # the spool was killed under it
        pass
