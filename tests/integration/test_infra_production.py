"""Issue 13, deliverable 6: HUNAR_ENV=production refuses to start on a
development secret (the defaults in infra/hunar.env are public): the
stack script, Kore itself and hunar_spool."""
import os
import re
import socket
import subprocess
import tempfile

from hunar_test import ROOT, VAR

BUILD = os.environ.get("HUNAR_BUILD", "build")


def _env(**kw):
    e = dict(os.environ, HUNAR_ENV="production")
    e.update(kw)
    return e


def test_stack_up_refuses_dev_secrets_and_starts_nothing():
    r = subprocess.run(["bash", "infra/stack", "up"], cwd=ROOT,
                       env=_env(), capture_output=True, text=True,
                       timeout=60)
    assert r.returncode != 0, r.stdout
    assert "HUNAR_ENV=production" in r.stdout, r.stdout
    assert "postgresql" not in r.stdout, r.stdout


def _kore(**kw):
    """Kore on a copy of the stack's kore.conf (free ports) in
    production with kw in its environment: its exit and output."""
    conf = open(os.path.join(VAR, "kore.conf")).read()
    tmp = tempfile.mkdtemp()
    def free_port(m):      # each bind (the HTTP and callback listeners)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        return "%s%d" % (m.group(1), port)
    conf = re.sub(r"(bind\s+127\.0\.0\.1\s+)\d+", free_port, conf)
    conf = re.sub(r"pidfile\s+\S+", "pidfile %s/kore.pid" % tmp, conf)
    conf = re.sub(r"accesslog\s+\S+", "accesslog %s/a.log" % tmp, conf)
    path = os.path.join(tmp, "kore.conf")
    open(path, "w").write(conf)
    pre = ""
    if os.environ.get("HUNAR_SAN") == "1":
        pre = " ".join(subprocess.run(
            ["gcc", "-print-file-name=" + lib], capture_output=True,
            text=True).stdout.strip() for lib in ("libasan.so",
                                                  "libubsan.so"))
    e = _env(LD_PRELOAD=pre, ASAN_OPTIONS="detect_leaks=0", **kw)
    try:
        r = subprocess.run(["kore", "-fnr", "-c", path], env=e,
                           capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        raise AssertionError("Kore started in production")
    return r, r.stdout + r.stderr


def test_kore_refuses_dev_secrets():
    r, out = _kore(HUNAR_SMS_SECRET="a-real-secret-of-some-length")
    assert r.returncode != 0, out[-400:]
    assert "HUNAR_ENV=production" in out and "HUNAR_SECRET" in out, \
        out[-400:]


def test_spool_refuses_dev_secrets():
    r = subprocess.run([os.path.join(ROOT, BUILD, "bin", "hunar_spool"),
                        "-d", tempfile.mkdtemp()], env=_env(),
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 1 and "HUNAR_ENV=production" in r.stderr, \
        r.stderr


_FIT = dict((n, "a-real-secret-of-some-length-" + n) for n in (
    "HUNAR_SMS_SECRET", "HUNAR_SECRET", "HUNAR_KANNEL_ADMIN_PASSWORD",
    "HUNAR_SENDSMS_PASSWORD", "HUNAR_METRICS_TOKEN", "HUNAR_PG_PASSWORD",
    "HUNAR_REDIS_PASSWORD"))


def test_kore_refuses_the_development_trusted_proxy():
    # Every secret fit: only the dev stack's proxy 127.0.0.9 is left
    # (before the check, Kore started and the run timed out).
    r, out = _kore(HUNAR_TRUSTED_PROXY="127.0.0.9", **_FIT)
    assert r.returncode != 0, out[-400:]
    assert "HUNAR_ENV=production" in out and \
        "HUNAR_TRUSTED_PROXY" in out, out[-400:]


def test_spool_refuses_the_development_trusted_proxy():
    # Every secret fit: only the dev stack's proxy 127.0.0.9 is left
    # (before the check, the spool started and the run timed out).
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    e = _env(HUNAR_TRUSTED_PROXY="127.0.0.9", HUNAR_SPOOL_PORT=str(port),
             **_FIT)
    try:
        r = subprocess.run([os.path.join(ROOT, BUILD, "bin", "hunar_spool"),
                            "-d", tempfile.mkdtemp()], env=e,
                           capture_output=True, text=True, timeout=5)
    except subprocess.TimeoutExpired:
        raise AssertionError("hunar_spool started with the dev proxy")
    assert r.returncode == 1 and "HUNAR_TRUSTED_PROXY" in r.stderr, \
        r.stderr
