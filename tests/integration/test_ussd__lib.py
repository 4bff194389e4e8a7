"""Helpers for issue 3's tests (no test_ functions here).

fakesmsc prints what bearerbox sends it as
    Got message N: <from to text|data|ucs2|udh ... payload>
with the payload URL-encoded ('+' for the byte 0x20, even inside UTF-16)
and, for a concatenated part, "udh <udh> <kind> <payload>".  These
helpers put the parts of one message together again by their UDH
reference and decode UCS-2, so a test sees the text the phone shows.
"""
import os
import re
import signal
import subprocess
import time
import urllib.parse
import uuid

from hunar_test import ENV, FAKESMSC, SHORTCODE, fake_smsc_since

_GOT = re.compile(r"Got message \d+: <(.*)>\s*$", re.S)
# fakesmsc reads bearerbox line by line: a text's second line comes as a
# message of its own, "Got message 5: <B) Fiverr>", with no numbers.
_HEAD = re.compile(r"(\+?\d+) (\+?\d+) ((?:text|data|ucs2|ucs-2|udh) .*)$",
                   re.S)
URDU = re.compile("[\u0600-\u06ff]")


def phone():
    """A random mobile number, never in the browser phone's range
    (HUNAR_PHONE_PREFIX, 92399...): bearerbox routes those to the phone's
    SMSC, so fakesmsc would never see the reply (one test in a hundred
    failed that way)."""
    while True:
        n = "923%09d" % (uuid.uuid4().int % 10**9)
        if not n.startswith(ENV.get("HUNAR_PHONE_PREFIX", "92399")):
            return n


def _bytes(p):
    return urllib.parse.unquote_to_bytes(p.replace("+", "%20"))


def _parse(rest):
    """(udh bytes, kind, payload bytes) of one fakesmsc line."""
    udh = b""
    if rest.startswith("udh "):
        _, u, rest = rest.split(" ", 2)
        udh = _bytes(u)
    kind, _, payload = rest.partition(" ")
    if kind == "text":
        # fakesmsc prints text as it is, not URL-encoded
        return udh, kind, payload.encode("utf-8")
    return udh, kind, _bytes(payload)


def _decode(kind, raw):
    # A concatenated GSM-7 reply comes as "data": printable ASCII bytes
    # are text (UTF-16 of any letter holds a byte under 0x20).
    if kind == "data" and all(0x20 <= c < 0x7f for c in raw):
        return "text", raw.decode("ascii")
    if kind in ("ucs2", "ucs-2", "data"):
        if len(raw) % 2 == 0:
            try:
                return "ucs2", raw.decode("utf-16-be")
            except UnicodeDecodeError:
                pass
        return "data", raw.decode("utf-8", "replace")
    return "text", raw.decode("utf-8", "replace")


class Collector:
    """Gathers MT messages for one number, parts reassembled."""

    def __init__(self, to):
        self.to = to
        self.done = []
        self.partial = {}
        self.seen = []
        self.last = None        # a text whose next lines may follow

    def feed(self, line):
        m = _GOT.search(line)
        if not m:
            return
        h = _HEAD.match(m.group(1))
        if h is None:
            if self.last is not None:
                self.last["text"] += "\n" + m.group(1)
            return
        self.last = None
        frm, to, rest = h.groups()
        if to != self.to:
            return
        udh, kind, raw = _parse(rest)
        if len(udh) >= 6 and udh[1] == 0x00:
            ref, total, seq = udh[3], udh[4], udh[5]
        elif len(udh) >= 7 and udh[1] == 0x08:
            ref, total, seq = udh[3] << 8 | udh[4], udh[5], udh[6]
        else:
            k, text = _decode(kind, raw)
            self.done.append({"from": frm, "kind": k, "text": text,
                              "parts": 1})
            if kind == "text":
                self.last = self.done[-1]
            return
        key = (frm, ref)
        p = self.partial.setdefault(key, {"total": total, "kind": kind,
                                          "got": {}})
        p["got"][seq] = raw
        if len(p["got"]) == p["total"]:
            del self.partial[key]
            raw = b"".join(p["got"][i] for i in sorted(p["got"]))
            k, text = _decode(p["kind"], raw)
            self.done.append({"from": frm, "kind": k, "text": text,
                              "parts": total})


# JOIN's optional question (sms_about_ask()) leaves the outbox five
# seconds after the welcome, on its own path: the next step of a test
# would read it as its own reply.  fakesmsc() leaves it out unless asked
# (about=True: a journey reads every message), in each language's
# opening words.
ABOUT_Q = re.compile(r"^(Hunar: optional, for programme statistics|"
                     r"Hunar: ikhtiyari, sirf program|ہنر: اختیاری)")


def fakesmsc(to, send=None, expect=1, timeout=15, settle=0.0, during=None,
             about=False):
    """Connects fakesmsc to bearerbox's fake SMSC, sends `send` (a full
    fakesmsc message or None), and returns the messages that arrive for
    `to` once `expect` of them are whole (or at the timeout).  settle:
    seconds to keep listening after that, to catch what should not
    come.  during: called once fakesmsc is connected (bearerbox writes a
    message to whatever connection it holds, and notices a closed one
    late: send only while this one listens)."""
    args = ["stdbuf", "-oL", "-eL", FAKESMSC, "-H", "127.0.0.1", "-r",
            ENV["HUNAR_FAKESMSC_PORT"], "-i", "0.1"]
    if send is None:
        args += ["-m", "0", "%s %s text x" % (SHORTCODE, to)]
    else:
        args += ["-m", "1", send]
    t0 = time.time()
    p = subprocess.Popen(args, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    col = Collector(to)
    os.set_blocking(p.stdout.fileno(), False)
    buf = ""
    deadline = time.time() + timeout
    end = None
    connected = during is None
    while time.time() < (end or deadline):
        if not connected and "fakesmsc starting" in buf + "".join(
                col.seen):
            assert fake_smsc_since(t0), \
                "bearerbox never took this fakesmsc's connection"
            during()
            connected = True
        try:
            chunk = p.stdout.read()
        except (BlockingIOError, TypeError):
            chunk = None
        if chunk:
            buf += chunk
            while "\n" in buf:
                line, buf = buf.split("\n", 1)
                col.seen.append(line)
                col.feed(line)
        else:
            if p.poll() is not None and send is None:
                break
            time.sleep(0.05)
        got = [m for m in col.done
               if about or not ABOUT_Q.match(m["text"])]
        if end is None and len(got) >= expect:
            # A text's further lines come just after its first.
            end = time.time() + max(settle, 0.3 if col.last else 0)
    os.killpg(p.pid, signal.SIGTERM)
    p.wait()
    return [m for m in col.done if about or not ABOUT_Q.match(m["text"])]


def mo(sender, text, expect=1, timeout=15, settle=0.0):
    """One message from the phone; Urdu script goes as UCS-2 like a
    phone sends it.  Returns the whole replies."""
    if URDU.search(text):
        payload = "ucs2 " + urllib.parse.quote(text.encode("utf-16-be"))
    else:
        payload = "text " + text
    return fakesmsc(sender, "%s %s %s" % (sender, SHORTCODE, payload),
                    expect, timeout, settle)
