"""Issue 13, deliverable 6: no secret and no one-time code in any log of
the stack, Kannel's status pages behind the admin password, every
listener on 127.0.0.1.  Before: the callback key in smsbox-core.log,
login codes in clear in Kannel's access logs and smsbox-core.log,
status.txt open, bearerbox on 0.0.0.0."""
import glob
import os
import re
import subprocess
import urllib.request

from hunar_test import ENV, VAR, sql, sql1, wait_for
from test_ussd__lib import mo
from test_web__lib import api, fresh_phone, intl


def _log_sizes():
    return {p: os.path.getsize(p) for p in glob.glob(os.path.join(
        VAR, "log", "*.log")) if os.path.isfile(p)}


def _new_log_text(before):
    out = {}
    for p in glob.glob(os.path.join(VAR, "log", "*.log")):
        if not os.path.isfile(p):
            continue
        with open(p, "rb") as f:
            f.seek(before.get(p, 0) if os.path.getsize(p) >=
                   before.get(p, 0) else 0)
            out[p] = f.read().decode("utf-8", "replace")
    return out


def test_no_code_and_no_secret_in_any_log():
    before = _log_sizes()
    phone = fresh_phone()
    sql("INSERT INTO users (phone, name, role, lang, channel) VALUES "
        "(:'p1', 'Log Check', 'trainee', 'en', 'sms')", intl(phone))
    r = api("POST", "/api/v1/codes", body={"phone": phone})
    assert r.status == 202, r.text
    body = sql1("SELECT body FROM sms_outbox WHERE phone = :'p1' AND "
                "kind = 'otp' ORDER BY id DESC LIMIT 1", intl(phone))
    code = re.search(r"[0-9]{6}", body).group(0)
    # The sender hands it to Kannel, Kannel to the (absent) phone.
    assert wait_for(lambda: sql1(
        "SELECT status FROM sms_outbox WHERE phone = :'p1' AND kind = "
        "'otp' ORDER BY id DESC LIMIT 1", intl(phone)) in
        ("sent", "delivered"), timeout=20)
    # An MO through smsbox and the spool, answered.
    assert mo("923001230077", "HELP")
    secrets = [ENV[k] for k in ("HUNAR_SMS_SECRET", "HUNAR_SECRET",
                                "HUNAR_SENDSMS_PASSWORD",
                                "HUNAR_KANNEL_ADMIN_PASSWORD")]
    logs = _new_log_text(before)
    assert any("bearerbox" in p for p in logs), list(logs)
    for p, text in logs.items():
        assert code not in text, "login code in %s" % p
        for s in secrets:
            assert s not in text, "a secret in %s" % p


def test_kannel_status_needs_the_admin_password():
    url = "http://127.0.0.1:%s/status.txt" % ENV["HUNAR_KANNEL_ADMIN_PORT"]
    body = urllib.request.urlopen(url, timeout=5).read().decode()
    assert "Denied" in body and "bearerbox version" not in body, body[:80]
    body = urllib.request.urlopen(url + "?password=" + ENV[
        "HUNAR_KANNEL_ADMIN_PASSWORD"], timeout=5).read().decode()
    assert "bearerbox version" in body, body[:80]


def test_every_listener_of_the_stack_is_on_loopback():
    pids = set()
    for f in glob.glob(os.path.join(VAR, "run", "*.pid")):
        try:
            pid = int(open(f).read().strip())
        except (OSError, ValueError):
            continue
        pids.add(pid)
        kids = subprocess.run(["pgrep", "-P", str(pid)],
                              capture_output=True, text=True).stdout
        pids.update(int(k) for k in kids.split())
    out = subprocess.run(["ss", "-ltnpH"], capture_output=True,
                         text=True).stdout
    seen = []
    for line in out.splitlines():
        m = re.search(r"pid=(\d+),", line)
        if not m or int(m.group(1)) not in pids:
            continue
        local = line.split()[3]
        seen.append(local)
        assert local.startswith("127.0.0.1:"), line
    assert len(seen) >= 7, seen
