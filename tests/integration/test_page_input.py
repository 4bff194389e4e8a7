"""Issue 12: one body reader (infra/page_input.c) for every handler.
Each JSON type reads the same in the courses' editor and in the
marketplace: numbers as their text, true/false as 1/0, null as absent,
arrays of strings joined by commas (and item by item where an item may
hold a comma), \\u escapes decoded, anything else the wrong type."""
import uuid

from hunar_test import sql1
from test_course_flow import _login, _trainer
from test_web__lib import api, error_of, signup


def _course(body):
    # Drafts: a published SMS course with a demo skill would show in every
    # later COURSES reply by that skill (it pushed C102 out of the Urdu
    # one in test_ussd_sms_keywords).
    base = {"title_en": "Reader %s" % uuid.uuid4().hex[:6], "mode": "sms",
            "lang": "en", "capacity": 10, "published": False}
    base.update(body)
    return api("POST", "/api/v1/courses", None, base,
               headers=_login(_trainer()))


def _stored(code, col):
    return sql1("SELECT %s FROM courses WHERE code = :'p1'" % col, code)


def test_reader_numbers_as_text_decimals_checked_by_the_field():
    r = _course({"capacity": 12})
    assert r.status == 201, r.text
    assert _stored(r.json()["code"], "capacity") == "12"
    r = _course({"capacity": "13"})
    assert r.status == 201, r.text
    assert _stored(r.json()["code"], "capacity") == "13"
    r = _course({"capacity": 12.5})
    assert r.status == 422 and "capacity" in error_of(r)["fields"], r.text
    r = _course({"cadence_hours": {"a": 1}})
    assert r.status == 422 and "cadence_hours" in error_of(r)["fields"], \
        r.text


def test_reader_booleans_and_null():
    r = _course({"published": False})
    assert r.status == 201, r.text
    code = r.json()["code"]
    assert _stored(code, "published") == "f"
    # null is absent: an edit without the field keeps what was stored.
    r = api("PUT", "/api/v1/courses/" + code, None,
            {"title_en": "Reader kept", "mode": "sms", "lang": "en",
             "capacity": 10, "published": None},
            headers=_login(_trainer()))
    assert r.status == 200, r.text
    assert _stored(code, "published") == "f"
    r = api("PUT", "/api/v1/courses/" + code, None,
            {"title_en": "Reader kept", "mode": "sms", "lang": "en",
             "capacity": 10, "published": True},
            headers=_login(_trainer()))
    assert r.status == 200, r.text
    assert _stored(code, "published") == "t"
    sql1("UPDATE courses SET published = false WHERE code = :'p1'"
         " RETURNING code", code)


def test_reader_arrays_joined_by_commas_items_kept_whole():
    r = _course({"skills": ["wordpress", "canva"]})
    assert r.status == 201, r.text
    code = r.json()["code"]
    assert sql1("SELECT string_agg(s.slug, ',' ORDER BY s.slug) FROM "
                "course_skills cs JOIN skills s ON s.id = cs.skill_id JOIN "
                "courses c ON c.id = cs.course_id WHERE c.code = :'p1'",
                code) == "canva,wordpress"
    r = _course({"skills": ["wordpress", 7]})
    assert r.status == 422 and "skills" in error_of(r)["fields"], r.text
    # A quiz option may hold a comma: the array is read item by item.
    r = api("POST", "/api/v1/courses/%s/lessons" % code, None,
            {"title": "Commas", "body_sms": "ok", "question": "Q?",
             "options": ["Yes, always", "No, never"], "correct": 1},
            headers=_login(_trainer()))
    assert r.status == 201, r.text
    assert sql1("SELECT array_to_string(q.options, '|') FROM quiz_questions "
                "q JOIN lessons l ON l.id = q.lesson_id JOIN courses c ON "
                "c.id = l.course_id WHERE c.code = :'p1'",
                code) == "Yes, always|No, never"
    r = api("POST", "/api/v1/courses/%s/lessons" % code, None,
            {"title": "Bad", "body_sms": "ok", "question": "Q?",
             "options": [1, 2], "correct": 1}, headers=_login(_trainer()))
    assert r.status == 422 and "options" in error_of(r)["fields"], r.text


def test_reader_decodes_u_escapes_and_refuses_a_non_object():
    # json.dumps writes \u0628: read as the letter, in courses as in web.
    r = _course({"title_en": "\u0628\u0627\u062a \u0686\u06cc\u062a"})
    assert r.status == 201, r.text
    assert _stored(r.json()["code"], "title_en") == "بات چیت"
    for raw in (b"[1, 2]", b"\"text\"", b"{not json"):
        r = api("POST", "/api/v1/courses", None, raw=raw,
                headers=_login(_trainer()))
        assert r.status == 400, (raw, r.text)
        assert error_of(r)["code"] == "body_invalid"


def test_reader_same_types_in_the_marketplace():
    tok, user, _ = signup("trainee")
    r = api("PUT", "/api/v1/me/profile", tok,
            {"name": "Reader Person", "phone_public": True,
             "languages": ["en", "ur"], "district_id": None})
    assert r.status == 200, r.text
    assert sql1("SELECT phone_public FROM users WHERE id = :'p1'",
                user["id"]) == "t"
    r = api("PUT", "/api/v1/me/profile", tok,
            {"name": "Reader Person", "phone_public": False})
    assert r.status == 200, r.text
    assert sql1("SELECT phone_public FROM users WHERE id = :'p1'",
                user["id"]) == "f"
    r = api("PUT", "/api/v1/me/profile", tok,
            {"name": "Reader Person", "district_id": 2.5})
    assert r.status == 422 and "district_id" in error_of(r)["fields"], r.text
    r = api("PUT", "/api/v1/me/profile", tok,
            {"name": ["Reader", 5]})
    assert r.status == 422 and "name" in error_of(r)["fields"], r.text
