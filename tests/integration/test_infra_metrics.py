"""Issue 13: GET /metrics in Prometheus' text format, protected like the
admin pages (an admin session, or the scraper's token), checked by
promtool; requests counted by route and status with their latency, the
SMS channel's figures from PostgreSQL."""
import re
import subprocess

from hunar_test import ENV, get, http
from test_ussd__lib import mo

TOKEN = ENV.get("HUNAR_METRICS_TOKEN", "")


def _metrics():
    r = get("/metrics", headers={"Authorization": "Bearer " + TOKEN})
    assert r.status == 200, (r.status, r.text[:200])
    return r.text


def _value(text, series):
    m = re.search(r"^%s (\S+)$" % re.escape(series), text, re.M)
    return float(m.group(1)) if m else 0.0


def test_metrics_need_an_admin_or_the_token():
    """Like the admin pages: a visitor is sent to log in (303), a wrong
    token gets nothing either."""
    for h in ({}, {"Authorization": "Bearer wrong"},
              {"Authorization": "Bearer " + TOKEN + "x"}):
        r = get("/metrics", headers=h)
        assert r.status in (303, 401, 403), (h, r.status)
        assert "hunar_http_requests_total" not in r.text


def test_metrics_parse_with_promtool_and_count_requests():
    series = 'hunar_http_requests_total{route="/healthz",status="200"}'
    before = _value(_metrics(), series)
    for _ in range(3):
        assert get("/healthz").status == 200
    mo("923007%06d" % 424242, "HELP")
    text = _metrics()
    assert _value(text, series) >= before + 3, (before, text[:500])
    assert ('hunar_http_request_duration_seconds_bucket{route="/healthz",'
            'le="+Inf"}') in text
    for name in ("hunar_sms_mo_last_minute", "hunar_sms_outbox_queued",
                 "hunar_sms_outbox_oldest_seconds",
                 "hunar_sms_dlr_unapplied",
                 "hunar_metrics_database_up 1"):
        assert name in text, name
    assert _value(text, "hunar_sms_mo_last_minute") >= 1, text
    r = subprocess.run(["promtool", "check", "metrics"], input=text,
                       capture_output=True, text=True)
    assert r.returncode == 0, (r.stdout, r.stderr)
