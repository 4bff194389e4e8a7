"""Helpers for Hunar's integration tests: the live stack, nothing faked.

HTTP against Kore, SQL through psql, Redis through redis-cli, SMS through
Kannel's fakesmsc connected to bearerbox's fake SMSC.
"""
import http.client as httpclient
import json as jsonlib
import os
import re
import signal
import subprocess
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"


def _load_env():
    out = subprocess.run(
        ["bash", "-c", "[ -f infra/hunar.env.local ] && "
         ". infra/hunar.env.local; . infra/hunar.env; set | grep ^HUNAR_"],
        cwd=ROOT, capture_output=True, text=True).stdout
    env = {}
    for line in out.splitlines():
        k, _, v = line.partition("=")
        env[k] = v.strip("'")
    return env


ENV = _load_env()
HTTP_PORT = int(ENV["HUNAR_HTTP_PORT"])
# psql and redis-cli (here and in every program a test starts) read the
# stack's passwords from the environment, never from a command line.
os.environ.setdefault("PGPASSWORD", ENV.get("HUNAR_PG_PASSWORD", ""))
os.environ.setdefault("REDISCLI_AUTH", ENV.get("HUNAR_REDIS_PASSWORD", ""))
os.environ.setdefault("HUNAR_PG_PASSWORD", ENV.get("HUNAR_PG_PASSWORD", ""))
os.environ.setdefault("HUNAR_REDIS_PASSWORD",
                      ENV.get("HUNAR_REDIS_PASSWORD", ""))
SHORTCODE = ENV["HUNAR_SHORTCODE"]
VAR = os.environ.get("HUNAR_VAR", os.path.join(ROOT, "var"))


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return jsonlib.loads(self.body)

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def cookies(self):
        out = {}
        for k, v in self.headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                out[name] = rest.split(";")[0]
        return out


def http(method, path, body=None, headers=None, form=None, json=None,
         cookies=None, timeout=10, source=None):
    """One request to Kore; body may be bytes/str, form a dict, json a value;
    source: the local address to send from (127.0.0.9 is the development
    stack's trusted proxy, HUNAR_TRUSTED_PROXY)."""
    h = dict(headers or {})
    if form is not None:
        body = urllib.parse.urlencode(form)
        h.setdefault("Content-Type", "application/x-www-form-urlencoded")
    if json is not None:
        body = jsonlib.dumps(json)
        h.setdefault("Content-Type", "application/json")
    if isinstance(body, str):
        body = body.encode()
    if cookies:
        h["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
    c = http_client(timeout, source)
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    resp = Response(r.status, r.getheaders(), r.read())
    c.close()
    return resp


def http_client(timeout=10, source=None):
    return httpclient.HTTPConnection(
        "127.0.0.1", HTTP_PORT, timeout=timeout,
        source_address=(source, 0) if source else None)


def get(path, **kw):
    return http("GET", path, **kw)


def post(path, **kw):
    return http("POST", path, **kw)


def sql(query, *params):
    """Runs one statement with psql; params are passed as psql variables
    (:'p1', :'p2', ...) so test data is quoted by psql, not by us."""
    args = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
            "-h", "127.0.0.1", "-p", ENV["HUNAR_PG_PORT"], "-U", "hunar",
            "-d", "hunar", "-F", "\t"]
    for i, p in enumerate(params, 1):
        args += ["-v", "p%d=%s" % (i, p)]
    r = subprocess.run(args, input=query, capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("psql: " + r.stderr)
    return [line.split("\t") for line in r.stdout.splitlines() if line != ""]


def sql1(query, *params):
    rows = sql(query, *params)
    return rows[0][0] if rows else None


def redis(*args):
    r = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p",
                        ENV["HUNAR_REDIS_PORT"], "--no-raw"] + list(args),
                       capture_output=True, text=True)
    return r.stdout.strip()


def redis_raw(*args):
    r = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p",
                        ENV["HUNAR_REDIS_PORT"], "--raw"] + list(args),
                       capture_output=True)
    return r.stdout


# The matcher's Redis layout (matching/matching.h): a trainee's profile
# blob is field <id & 127> of the hash match:pb:<id >> 7>; the first byte
# of a blob is its version.
MATCH_BLOB_VERSION = 2


def match_blob_key(uid):
    return "match:pb:%d" % (int(uid) >> 7), str(int(uid) & 127)


def match_blob(uid):
    """The cached blob of a trainee, raw bytes (b"" when there is none)."""
    key, field = match_blob_key(uid)
    r = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p",
                        ENV["HUNAR_REDIS_PORT"], "--raw", "HGET", key,
                        field], capture_output=True)
    return r.stdout[:-1] if r.stdout.endswith(b"\n") else r.stdout


def match_blob_set(uid, data):
    key, field = match_blob_key(uid)
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p",
                    ENV["HUNAR_REDIS_PORT"], "-x", "HSET", key, field],
                   input=data, check=True, capture_output=True)


_GOT = re.compile(r"Got message \d+: <(\S+) (\S+) (text|data|ucs2|ucs-2|udh) (.*)>\s*$")


def _decode_payload(kind, payload):
    """One fakesmsc line's payload (single part) as text."""
    if kind == "text":
        return urllib.parse.unquote_plus(payload)
    raw = urllib.parse.unquote_to_bytes(payload.split(" ")[-1])
    if kind in ("ucs2", "ucs-2"):
        return raw.decode("utf-16-be", "replace")
    return raw.decode("utf-8", "replace")


def sms(sender, text, expect=1, timeout=15):
    """Sends one MO message through fakesmsc -> bearerbox -> smsbox -> Kore
    and returns the whole replies that reach `sender` (concatenated parts
    reassembled, UCS-2 decoded), each a dict {from, kind, text, parts};
    waits until `expect` of them arrived or the timeout.  Urdu script goes
    as UCS-2, as a phone sends it.  The fakesmsc driver itself lives in
    test_ussd__lib.py."""
    from test_ussd__lib import mo
    return mo(sender, text, expect=expect, timeout=timeout)


def wait_for(fn, timeout=10, interval=0.1):
    """Polls fn() until it returns something true; returns it (or the
    last value when the time ran out)."""
    deadline = time.time() + timeout
    v = fn()
    while not v and time.time() < deadline:
        time.sleep(interval)
        v = fn()
    return v



_FAKE_LINE = re.compile(r"^\s*fake\[fake\]\s.*\((\w[\w-]*)(?: (\d+)s)?,")


def fake_smsc_since(t0, timeout=10):
    """Waits until bearerbox's fake SMSC holds a connection made at or
    after t0 (time.time() before fakesmsc started) and says whether it
    does.  bearerbox serves one fakesmsc at a time and notices a closed
    one late: a message it routes before the new connection is accepted
    is written to the old, dead one and lost (STACK.md).  fakesmsc's
    "starting" line comes before its connect, so only bearerbox's own
    status (online Ns, whole seconds) can tell the two apart."""
    url = "http://127.0.0.1:%s/status.txt?password=%s" % (
        ENV["HUNAR_KANNEL_ADMIN_PORT"], ENV["HUNAR_KANNEL_ADMIN_PASSWORD"])
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=2).read().decode()
        except OSError:
            body = ""
        now = time.time()
        for line in body.splitlines():
            m = _FAKE_LINE.match(line)
            if m and m.group(1) == "online" and \
                    int(m.group(2)) <= int(now) - int(t0):
                return True
        time.sleep(0.05)
    return False


def daemon_pid(name):
    """The pid infra/stack recorded for a process of the stack, or None."""
    try:
        with open(os.path.join(VAR, "run", name + ".pid")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def alive(pid):
    """Whether pid runs (a zombie does not)."""
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False

def stack(*args):
    env = dict(os.environ)
    return subprocess.run(["bash", "infra/stack"] + list(args), cwd=ROOT,
                          capture_output=True, text=True, env=env)


# The demo (what /courses, /gigs, SMS COURSES/GIGS and a seed gig's
# applicants show) is the seed's, and the tests run against the
# developer's own stack: every runner (integration/run.py,
# journeys/run.py, browser/run.mjs through catalogue.py) marks the newest
# course, gig, person, application, enrolment and mentor slot before it
# starts and
# removes what was made after the mark when it ends, whatever made it (a
# form, the API, an SMS, course_copy(), a fixture).  A test that empties
# the database (test_infra_resetdb) marks again.  People went too since a
# new user's walk found "Test Kumar" and "Robert'); DROP TABLE users;"
# among G1001's applicants after `make test`.
_CATALOGUE = {}
_MARK_SQL = ("SELECT (SELECT coalesce(max(id), 0) FROM courses), "
             "(SELECT coalesce(max(id), 0) FROM gigs), "
             "(SELECT coalesce(max(id), 0) FROM users), "
             "(SELECT coalesce(max(id), 0) FROM applications), "
             "(SELECT coalesce(max(id), 0) FROM enrolments), "
             "(SELECT coalesce(max(id), 0) FROM prog_slots)")


def catalogue_mark():
    """Remembers the newest course, gig, person, application, enrolment
    and mentor slot id; returns them."""
    _CATALOGUE["mark"] = tuple(int(x) for x in sql(_MARK_SQL)[0])
    return _CATALOGUE["mark"]


def catalogue_sweep(mark=None):
    """Removes the courses and gigs made since the mark (with their
    lessons, enrolments, applications ...: ON DELETE CASCADE; a
    certificate keeps its course, so it goes first), the applications,
    enrolments and mentor slots made on the seed's (a slot a swept
    person had booked would be free again, and MENTOR would list it
    before a test's own), and the people made since, each
    alone (one still named by a row that keeps it -- a review -- stays);
    returns how many courses, gigs and people went."""
    mark = mark or _CATALOGUE.get("mark")
    if mark is None:
        return (0, 0, 0)
    mark = tuple(mark) + (None,) * (6 - len(mark))
    row = sql("BEGIN;"
              " DELETE FROM certificates WHERE course_id > :'p1';"
              " WITH c AS (DELETE FROM courses WHERE id > :'p1' RETURNING 1),"
              " g AS (DELETE FROM gigs WHERE id > :'p2' RETURNING 1)"
              " SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM g);"
              " COMMIT;", str(mark[0]), str(mark[1]))
    people = 0
    # A mark made before slots were marked removes none of them.
    slots = mark[5] if mark[5] is not None else 2 ** 62
    if mark[2] is not None:
        people = int(sql(
            "SELECT set_config('hunar.sweep', :'p1' || ' ' || :'p2' || ' '"
            " || :'p3' || ' ' || :'p4', false) \\g /dev/null\n"
            "DELETE FROM prog_slots WHERE id > split_part("
            "current_setting('hunar.sweep'), ' ', 4)::bigint;\n"
            "DELETE FROM applications WHERE id > split_part("
            "current_setting('hunar.sweep'), ' ', 2)::bigint;\n"
            "DELETE FROM enrolments WHERE id > split_part("
            "current_setting('hunar.sweep'), ' ', 3)::bigint;\n"
            "CREATE TEMP TABLE swept (n int);\n"
            "DO $$\nDECLARE u bigint; n int := 0;\nBEGIN\n"
            "FOR u IN SELECT id FROM users WHERE id > split_part("
            "current_setting('hunar.sweep'), ' ', 1)::bigint LOOP\n"
            "BEGIN DELETE FROM users WHERE id = u; n := n + 1;\n"
            "EXCEPTION WHEN foreign_key_violation THEN NULL; END;\n"
            "END LOOP;\nINSERT INTO swept VALUES (n);\nEND $$;\n"
            "SELECT n FROM swept;", str(mark[2]), str(mark[3]),
            str(mark[4]), str(slots))[0][0])
    return (int(row[0][0]), int(row[0][1]), people)


def catalogue_swept(mark=None):
    """Sweeps (catalogue_sweep()) and says so in one line for a log."""
    return ("catalogue: %d course(s), %d gig(s), %d person(s) made by the "
            "run removed" % catalogue_sweep(mark))
