"""Bad input gets a clear 4xx in the one error shape and changes nothing:
oversized fields, wrong types, broken JSON, SQL and HTML injection."""
from hunar_test import get, http, sql1
from test_web__lib import Browser, api, error_of, new_gig, signup


def _gigs_count():
    return int(sql1("SELECT count(*) FROM gigs"))


def test_oversized_and_wrong_types_change_nothing():
    tok, emp, _ = signup("employer")
    before = _gigs_count()
    base = {"title": "Valid title", "description": "A valid description.",
            "budget_pkr": 1000, "remote": True}
    cases = [
        ({"title": "x" * 10000}, "title", "too_long"),
        ({"description": "y" * 6000}, "description", "too_long"),
        ({"title": ["a", 1]}, "title", "bad_text"),
        ({"title": {"nested": "object"}}, "title", "bad_text"),
        ({"budget_pkr": "lots"}, "budget_pkr", "budget"),
        ({"budget_pkr": -5}, "budget_pkr", "budget"),
        ({"budget_pkr": 10**12}, "budget_pkr", "budget"),
        ({"budget_pkr": {"a": 1}}, "budget_pkr", "budget"),
        ({"deadline": "2020-01-01"}, "deadline", "date"),
        ({"deadline": "31/12/2027"}, "deadline", "date"),
        ({"remote": False}, "district_id", "required"),
        ({"district_id": "Lahore"}, "district_id", "choice"),
    ]
    for over, field, code in cases:
        body = dict(base)
        body.update(over)
        r = api("POST", "/api/v1/gigs", tok, body)
        assert r.status == 422, (over, r.status, r.text)
        e = error_of(r)
        assert field in e["fields"], (over, e)
        assert e["code"] in (code, "invalid"), (over, e)
    # A control character: Kore's JSON parser refuses the body itself.
    body = dict(base, title="bad\u0001control")
    r = api("POST", "/api/v1/gigs", tok, body)
    assert r.status in (400, 422), r.text
    assert _gigs_count() == before


def test_broken_json_is_400():
    tok, emp, _ = signup("employer")
    for raw in (b"{not json", b"[1, 2]", b"\"string\"", b"\xff\xfe"):
        r = api("POST", "/api/v1/gigs", tok, raw=raw)
        assert r.status == 400, (raw, r.status, r.text)
        assert error_of(r)["code"] == "body_invalid"
    r = api("POST", "/api/v1/session", raw=b"{oops")
    assert r.status == 400


def test_sql_injection_is_just_text():
    before = _gigs_count()
    for q in ("'; DROP TABLE gigs; --", "1' OR '1'='1", "\\x00 & | !"):
        r = http("GET", "/api/v1/gigs?q=" + __import__("urllib.parse").parse
                 .quote(q))
        assert r.status == 200, (q, r.text)
        assert isinstance(r.json()["gigs"], list)
    r = api("POST", "/api/v1/session", body={
        "phone": "03000000003' OR 1=1 --", "password": "x"})
    assert r.status in (401, 422)
    assert _gigs_count() == before
    r = get("/api/v1/gigs?district=1;DROP")
    assert r.status == 400 and error_of(r)["code"] == "choice"
    r = get("/api/v1/gigs?sort=budget;DROP")
    assert r.status == 400
    r = get("/api/v1/gigs?page=0")
    assert r.status == 400


def test_html_injection_is_escaped():
    tok, emp, _ = signup("employer", name="<b>Emp</b>")
    code = new_gig(tok, title="<script>alert(1)</script>",
                   description="<img src=x onerror=alert(1)> and \"quotes\"")
    page = get("/gigs/" + code).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "<b>Emp</b>" not in page
    j = api("GET", "/api/v1/gigs/" + code).text
    assert "<script>" not in j and "\\u003cscript\\u003e" in j


def test_bad_paths_and_methods():
    for p in ("/gigs/G1", "/gigs/X1001", "/gigs/G1001/nothing",
              "/users/abc", "/api/v1/gigs/G12345678901"):
        r = get(p)
        assert r.status == 404, (p, r.status)
    r = api("GET", "/api/v1/gigs/G9999999")
    assert r.status == 404 and error_of(r)["code"] == "not_found"
    r = api("DELETE", "/api/v1/gigs/G1001")
    assert r.status == 405
    tok, emp, _ = signup("employer")
    r = api("POST", "/api/v1/applications/99999999999/status", tok,
            {"status": "hired"})
    assert r.status == 404
    r = api("POST", "/api/v1/applications/1/status", tok,
            {"status": "emperor"})
    assert r.status in (403, 404, 409)


def test_form_errors_keep_what_was_typed():
    tok, emp, phone = signup("employer")
    b = Browser()
    b.login(phone, "pass-word-1")
    r = b.post("/gigs/new", {"title": "<ok> title", "description": "short",
                             "budget_pkr": "abc"}, csrf_from="/gigs/new")
    assert r.status == 422
    t = r.text
    assert 'value="&lt;ok&gt; title"' in t
    assert "Enter rupees in digits only, for example 25000." in t
    assert "Use at least 10 characters." in t
    assert t.count('aria-invalid="true"') >= 2
