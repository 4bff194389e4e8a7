"""The authorisation matrix: every role against every state-changing
endpoint (and the private reads).  Nobody edits another's gig or
profile, decides on another's applicants, or sees a masked number."""
from hunar_test import http, sql1
from test_web__lib import api, demo_login, new_gig, signup

ROLES = ("anon", "trainee", "trainer", "employer", "other_employer", "admin")


def _setup():
    t = {"anon": None}
    t["trainee"], trainee, tphone = signup("trainee")
    t["trainer"], trainer, _ = signup("trainer")
    t["employer"], emp, _ = signup("employer")
    t["other_employer"], other, _ = signup("employer")
    t["admin"] = demo_login("03000000001")
    code = new_gig(t["employer"])
    # A second freelancer applies, so decisions have a target.
    atok, applicant, aphone = signup("trainee")
    r = api("POST", "/api/v1/gigs/%s/applications" % code, atok,
            {"proposal": "Applicant for the authorisation matrix."})
    app = r.json()["application_id"]
    return t, code, app, trainee, aphone


def _gig_body():
    return {"title": "Changed by someone", "description":
            "Somebody tried to change this gig.", "budget_pkr": 1,
            "remote": True}


def test_authorisation_matrix():
    t, code, app, trainee, aphone = _setup()
    ok_apply = {"proposal": "Matrix proposal that is long enough."}
    # endpoint -> (method, path, body, {role: expected status})
    deny = {"anon": 401, "trainee": 403, "trainer": 403,
            "other_employer": 403}
    cases = [
        ("POST", "/api/v1/gigs", lambda: {
            "title": "Matrix gig", "description": "Posted in the matrix.",
            "budget_pkr": 100, "remote": True},
         {"anon": 401, "trainee": 403, "trainer": 403, "employer": 201,
          "other_employer": 201, "admin": 201}),
        ("PUT", "/api/v1/gigs/" + code, _gig_body,
         dict(deny, employer=200, admin=200)),
        ("GET", "/api/v1/gigs/%s/applications" % code, None,
         dict(deny, employer=200, admin=200)),
        ("POST", "/api/v1/applications/%d/status" % app,
         lambda: {"status": "shortlisted"},
         dict(deny, employer=200, admin=200)),
        ("POST", "/api/v1/gigs/%s/applications" % code, lambda: ok_apply,
         {"anon": 401, "trainee": 201, "trainer": 403, "employer": 403,
          "other_employer": 403, "admin": 403}),
        ("POST", "/api/v1/gigs/%s/reviews" % code,
         lambda: {"subject_id": trainee["id"], "rating": 1},
         {"anon": 401, "trainee": 403, "trainer": 403, "employer": 403,
          "other_employer": 403, "admin": 403}),
        ("PUT", "/api/v1/me/profile", lambda: {"name": "Own Name"},
         {"anon": 401, "trainee": 200, "trainer": 200, "employer": 200,
          "other_employer": 200, "admin": 200}),
        ("GET", "/api/v1/me/applications", None,
         {"anon": 401, "trainee": 200, "trainer": 403, "employer": 403,
          "other_employer": 403, "admin": 403}),
        ("GET", "/api/v1/workspace/gigs", None,
         {"anon": 401, "trainee": 403, "trainer": 403, "employer": 200,
          "other_employer": 200, "admin": 200}),
        ("POST", "/api/v1/gigs/%s/close" % code, None,
         dict(deny, employer=200, admin=409)),
        ("POST", "/api/v1/gigs/%s/done" % code, None,
         dict(deny, employer=200, admin=409)),
    ]
    bad = []
    for method, path, body, want in cases:
        for role in ROLES:
            r = api(method, path, t[role], body() if body else None)
            if r.status != want[role]:
                bad.append("%s %s as %s: %d, want %d (%s)" % (
                    method, path, role, r.status, want[role], r.text[:120]))
            if r.status >= 400:
                assert set(r.json()) == {"error"}, r.text
    assert not bad, "\n".join(bad)
    # Nobody but the employer changed the gig.
    assert sql1("SELECT title FROM gigs WHERE code = :'p1'",
                code) == "Changed by someone"
    assert sql1("SELECT employer_id FROM gigs WHERE code = :'p1'", code) != \
        sql1("SELECT id FROM users WHERE role = 'admin' LIMIT 1")


def test_cookie_sessions_need_the_csrf_header():
    tok, user, phone = signup("employer")
    r = http("POST", "/api/v1/gigs", json={"title": "Cookie gig",
             "description": "Posted with a cookie.", "budget_pkr": 5,
             "remote": True}, cookies={"hunar_sid": tok})
    assert r.status == 403 and r.json()["error"]["code"] == "csrf"
    me = http("GET", "/api/v1/me", cookies={"hunar_sid": tok}).json()
    r = http("POST", "/api/v1/gigs", json={"title": "Cookie gig",
             "description": "Posted with a cookie.", "budget_pkr": 5,
             "remote": True}, cookies={"hunar_sid": tok},
             headers={"X-CSRF-Token": me["csrf"]})
    assert r.status == 201


def test_pages_refuse_other_roles():
    t, code, app, trainee, aphone = _setup()
    # A page for employers, asked by a trainee: 403; anonymous: to log in.
    r = http("GET", "/workspace", cookies={"hunar_sid": t["trainee"]})
    assert r.status == 403
    r = http("GET", "/workspace")
    assert r.status == 303 and r.header("location") == "/login?next=/workspace"
    r = http("GET", "/workspace/gigs/" + code,
             cookies={"hunar_sid": t["other_employer"]})
    assert r.status == 403
    assert aphone[-7:] not in r.text
    r = http("GET", "/gigs/%s/edit" % code,
             cookies={"hunar_sid": t["other_employer"]})
    assert r.status == 403


def test_masked_numbers_stay_masked():
    t, code, app, trainee, aphone = _setup()
    applicant = sql1("SELECT id FROM users WHERE phone = :'p1'",
                     "92" + aphone[1:])
    for role in ("anon", "trainee", "employer", "other_employer"):
        r = api("GET", "/api/v1/users/%s" % applicant, t[role])
        assert r.status == 200
        assert aphone[-7:] not in r.text, role
        assert "****" in r.json()["phone"]
        r = http("GET", "/users/%s" % applicant)
        assert aphone[-7:] not in r.text
    apps = api("GET", "/api/v1/gigs/%s/applications" % code,
               t["employer"]).text
    assert aphone[-7:] not in apps
