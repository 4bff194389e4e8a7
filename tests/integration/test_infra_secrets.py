"""Issue 13, deliverable 6: no secret and no one-time code in any log of
the stack, Kannel's status pages behind the admin password, every
listener on 127.0.0.1.  Before: the callback key in smsbox-core.log,
login codes in clear in Kannel's access logs and smsbox-core.log,
status.txt open, bearerbox on 0.0.0.0, PostgreSQL trusting every local
user and Redis without a password."""
import glob
import os
import re
import subprocess
import urllib.request

import http.client
import sys
import time

from hunar_test import ENV, ROOT, VAR, sql, sql1, stack, wait_for
from test_ussd__lib import fakesmsc, mo
from test_web__lib import api, fresh_phone, intl, last_code


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
    # The sender hands it to Kannel, Kannel to the phone.
    code = last_code(phone)
    assert code, "the code never reached the phone"
    assert wait_for(lambda: sql1(
        "SELECT status FROM sms_outbox WHERE phone = :'p1' AND kind = "
        "'otp' ORDER BY id DESC LIMIT 1", intl(phone)) in
        ("sent", "delivered"), timeout=20)
    # An MO through smsbox and the spool, answered.
    assert mo("923001230077", "HELP")
    secrets = [ENV[k] for k in ("HUNAR_SMS_SECRET", "HUNAR_SECRET",
                                "HUNAR_SENDSMS_PASSWORD",
                                "HUNAR_KANNEL_ADMIN_PASSWORD",
                                "HUNAR_PG_PASSWORD",
                                "HUNAR_REDIS_PASSWORD")]
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


def _psql(password):
    env = dict(os.environ, PGPASSWORD=password)
    return subprocess.run(["psql", "-X", "-At", "-w", "-h", "127.0.0.1",
                           "-p", ENV["HUNAR_PG_PORT"], "-U", "hunar", "-d",
                           "hunar", "-c", "SELECT 1"], env=env,
                          capture_output=True, text=True, timeout=10)


def test_postgresql_wants_the_scram_password():
    assert len(ENV["HUNAR_PG_PASSWORD"]) >= 16
    assert _psql(ENV["HUNAR_PG_PASSWORD"]).stdout.strip() == "1"
    for wrong in ("", "hunar", ENV["HUNAR_PG_PASSWORD"][:-1]):
        r = _psql(wrong)
        assert r.returncode != 0 and "password" in r.stderr, r.stderr
    # Every rule of pg_hba.conf asks for scram (no trust, no md5), and the
    # stored password is a SCRAM verifier.
    assert sql1("SELECT count(*) FROM pg_hba_file_rules WHERE "
                "auth_method <> 'scram-sha-256'") == "0"
    assert sql1("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid "
                "WHERE rolname = 'hunar'") == "t"


def _redis_ping(password):
    env = dict(os.environ, REDISCLI_AUTH=password)
    return subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p",
                           ENV["HUNAR_REDIS_PORT"], "PING"], env=env,
                          capture_output=True, text=True, timeout=10)


def test_redis_wants_its_password():
    assert len(ENV["HUNAR_REDIS_PASSWORD"]) >= 16
    assert _redis_ping(ENV["HUNAR_REDIS_PASSWORD"]).stdout.strip() == "PONG"
    for wrong in ("", "hunar"):
        r = _redis_ping(wrong)
        assert "PONG" not in r.stdout and "NOAUTH" in r.stdout, r.stdout


def test_no_password_on_any_command_line():
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True,
                         text=True).stdout
    for k in ("HUNAR_PG_PASSWORD", "HUNAR_REDIS_PASSWORD",
              "HUNAR_SMS_SECRET", "HUNAR_SENDSMS_PASSWORD"):
        assert ENV[k] not in out, k


def _get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    c.request("GET", path)
    r = c.getresponse()
    r.read()
    c.close()
    return r.status


def test_kannel_callbacks_need_the_callback_listener_or_the_key():
    """Kannel's URLs carry no key: Kore takes a keyless callback only on
    its callback listener, which no front proxy forwards."""
    path = "/sms/dlr?id=1&status=8"
    assert _get(ENV["HUNAR_HTTP_PORT"], path) == 403
    # Taken (200, or 404 when no outbox row 1 exists), not refused.
    assert _get(ENV["HUNAR_CALLBACK_PORT"], path) in (200, 404)
    assert _get(ENV["HUNAR_HTTP_PORT"], path + "&key=" +
                ENV["HUNAR_SMS_SECRET"]) in (200, 404)
    assert _get(ENV["HUNAR_HTTP_PORT"], "/ussd/smpp?id=1&from=923001112233"
                "&to=123&text=1") == 403
    conf = open(os.path.join(VAR, "kannel.conf")).read()
    assert ENV["HUNAR_SMS_SECRET"] not in conf


def test_failed_ussd_and_dlr_callbacks_log_no_key():
    """Before: smsbox wrote 'Couldn't fetch <URL with key=...>' for every
    failed USSD hop and delivery report while Kore was down."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import smpp_sim
    before = _log_sizes()
    phone = "9230%08d" % (int(time.time() * 1000) % 10**8)
    sim = smpp_sim.SmppSim(int(ENV["HUNAR_SMPP_PORT"])).start()
    try:
        assert sim.wait_bound(30), "kannel did not bind to smpp_sim"
        stack("stop", "kore")
        sim.deliver(phone, "*123#", "*123#", op=smpp_sim.OP_PSSR_IND,
                    session=bytes([7, 0]))
        # An MT reaches the phone while Kore is down: its delivery
        # reports cannot be handed over.
        assert fakesmsc(phone, None, expect=1, timeout=30, during=lambda:
                        sql("INSERT INTO sms_outbox (phone, body, kind, "
                            "urgent) VALUES (:'p1', 'Hunar: dlr while Kore "
                            "is down', 'notice', true)", phone))
        smsbox = os.path.join(VAR, "log", "smsbox-core.log")
        assert wait_for(lambda: "/sms/dlr" in _new_log_text(before).get(
            smsbox, "") and "/ussd/smpp" in _new_log_text(before).get(
            smsbox, ""), timeout=40), "smsbox logged no failed callback"
    finally:
        stack("up")
        sim.stop()
    for p, text in _new_log_text(before).items():
        assert ENV["HUNAR_SMS_SECRET"] not in text, "the key in %s" % p
        assert "key=" not in text, "a key= in %s" % p
