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
