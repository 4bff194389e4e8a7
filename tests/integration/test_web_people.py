"""Issue 11: pages people trust -- profiles with skills, levels and
languages by name (all the languages Pakistanis write in), reviews as text
under their stars with every byte kept, gig cards with the employer's
standing, friendly 404s and an icon."""
import random
import re
import urllib.parse
import uuid

from hunar_test import ENV, get, post, sms, sql, sql1
from test_web__lib import Browser, api, error_of, new_gig, signup


def test_profile_languages_and_skills_by_name():
    tok, user, _ = signup("trainee")
    r = api("PUT", "/api/v1/me/profile", tok, {
        "name": "Naming Person", "availability": "part_time",
        "languages": "Balochi, urdu، Saraiki / Brahui, Shina, Balti, "
        "Hindko, Punjabi, Sindhi, Pashto, English",
        "skills": "Canva: intermediate, WordPress: expert, seo:1"})
    assert r.status == 200, r.text
    p = api("GET", "/api/v1/users/%d" % user["id"]).json()
    assert set(p["languages"]) == {
        "bal", "ur", "skr", "brh", "scl", "bft", "hno", "pa", "sd", "ps",
        "en"}, p["languages"]
    levels = {s["skill"]: s["level"] for s in p["skills"]}
    assert levels == {"canva": 2, "wordpress": 3, "seo": 1}, levels
    page = get("/users/%d" % user["id"]).text
    for name in ("Balochi", "Saraiki", "Brahui", "Shina", "Balti",
                 "Hindko", "Urdu"):
        assert name in page, name
    assert "bal," not in page and "en,ur" not in page
    assert re.search(r"<bdi>WordPress</bdi> &mdash; expert", page), page
    assert "canva:2" not in page
    ur = get("/users/%d" % user["id"], headers={"Cookie": "lang=ur"}).text
    assert "بلوچی" in ur and "ماہر" in ur


def test_unknown_language_is_refused_not_dropped():
    tok, user, _ = signup("trainee")
    r = api("PUT", "/api/v1/me/profile", tok, {
        "name": "Lang Person", "languages": "Urdu, Klingon"})
    assert r.status == 422, r.text
    assert "Klingon" in r.json()["error"]["fields"]["languages"]


def test_profile_editor_shows_names_levels_in_words_and_districts():
    tok, user, phone = signup("trainee", password="pass-word-1")
    api("PUT", "/api/v1/me/profile", tok, {
        "name": "Editor Person", "languages": "ur,bal",
        "skills": "canva:2, wordpress:3"})
    b = Browser()
    b.login(phone, "pass-word-1")
    page = b.get("/me/profile").text
    assert 'value="Balochi, Urdu"' in page, page
    assert "Canva: intermediate" in page and "WordPress: expert" in page
    assert "canva:2" not in page
    assert re.search(r'<select id="f-district_id"[^>]*>.*<optgroup '
                     r'label="Punjab">.*Lahore', page, re.S)
    r = b.post("/me/profile", {"name": "Editor Person",
                               "languages": "Urdu, Balochi",
                               "skills": "Canva: expert",
                               "availability": "weekends",
                               "district_id": sql1(
                                   "SELECT id FROM districts WHERE "
                                   "name_en = 'Quetta'")},
               csrf_from="/me/profile")
    assert r.status == 303, r.text[:500]
    p = api("GET", "/api/v1/users/%d" % user["id"]).json()
    assert p["district"] == "Quetta" and p["languages"] == ["bal", "ur"]
    assert p["skills"] == [{"skill": "canva", "level": 3,
                            "certified": False}]


def test_reviews_read_as_text_with_stars_and_keep_the_bar():
    tok, emp, _ = signup("employer")
    ftok, fr, _ = signup("trainee")
    code = new_gig(tok)
    gid = sql1("SELECT id FROM gigs WHERE code = :'p1'", code)
    body = "Captions on time | clean files, 5|5 again"
    sql("INSERT INTO reviews (gig_id, author_id, subject_id, rating, body) "
        "VALUES (:'p1', :'p2', :'p3', 4, :'p4')", gid, emp["id"], fr["id"],
        body)
    page = get("/users/%d" % fr["id"]).text
    assert "Captions on time | clean files, 5|5 again" in page
    assert "4|" not in page
    assert 'aria-label="4 of 5 stars">&#9733;&#9733;&#9733;&#9733;&#9734;' \
        in page


def test_gig_cards_show_budget_place_deadline_standing_and_skill_names():
    tok, emp, _ = signup("employer")
    word = "zc%06d" % random.randint(0, 999999)
    code = new_gig(tok, title="Card check " + word, deadline="2031-01-15",
                   skills_required="logo-design, canva")
    page = get("/gigs?q=" + word).text
    card = page[page.index('href="/gigs/' + code):]
    card = card[:card.index("</article>")]
    assert "Rs 12,000" in card and "Remote" in card
    assert "2031-01-15" in card
    assert "New employer, no reviews yet" in card
    assert "<li>Logo design</li>" in card and "<li>Canva</li>" in card
    ftok, fr, _ = signup("trainee")
    gid = sql1("SELECT id FROM gigs WHERE code = :'p1'", code)
    sql("INSERT INTO reviews (gig_id, author_id, subject_id, rating, body) "
        "VALUES (:'p1', :'p2', :'p3', 5, 'Paid on time')", gid, fr["id"],
        emp["id"])
    sql("UPDATE gigs SET status = 'done' WHERE employer_id = :'p1' AND "
        "code <> :'p2'", emp["id"], code)
    new_gig(tok, title="Second " + word)
    sql("UPDATE gigs SET status = 'done' WHERE employer_id = :'p1' AND "
        "title = :'p2'", emp["id"], "Second " + word)
    page = get("/gigs?q=" + word).text
    card = page[page.index('href="/gigs/' + code):]
    card = card[:card.index("</article>")]
    assert "Employer rated 5.0 of 5 (1 reviews)" in card, card
    assert "1 gigs completed" in card, card


def test_friendly_404s_and_an_icon():
    r = get("/nope")
    assert r.status == 404 and "Page not found." in r.text
    assert 'href="/"' in r.text and "<nav>" in r.text
    r = get("/api/v1/nope")
    assert r.status == 404 and error_of(r)["code"] == "not_found"
    r = get("/favicon.ico")
    assert r.status == 200 and r.header("content-type") == "image/svg+xml"
    r = get("/fonts/urdu.ttf")
    assert r.status == 200 and r.header("content-type") == "font/ttf"
    assert "max-age=31536000" in r.header("cache-control")


def test_gig_code_works_wherever_an_id_does_and_drafts_by_default():
    from test_web__lib import demo_login
    tok = demo_login("03000000003")
    gid = sql1("SELECT id FROM gigs WHERE code = 'G1001'")
    by_code = api("GET", "/api/v1/gigs/G1001/matches", tok)
    by_id = api("GET", "/api/v1/gigs/%s/matches" % gid, tok)
    assert by_code.status == 200, by_code.text[:300]
    assert by_code.json()["gig"]["code"] == "G1001"
    assert by_code.json() == by_id.json()
    ttok = demo_login("03000000002")
    page = http_get_with(ttok, "/trainer/courses/new")
    m = re.search(r'<input type="checkbox" id="f-published"[^>]*>', page)
    assert m and "checked" not in m.group(0), m
    page = http_get_with(ttok, "/courses")
    assert page.index('href="/trainer/courses"') < page.index(
        '<form method="get" action="/courses"')


def http_get_with(tok, path):
    return api("GET", path, tok).text


def test_hire_and_reject_ask_first_and_look_different():
    etok, emp, ephone = signup("employer", password="pass-word-1")
    code = new_gig(etok)
    ftok, fr, _ = signup("trainee")
    app = api("POST", "/api/v1/gigs/%s/applications" % code, ftok,
              {"proposal": "I can do this well and on time."}
              ).json()["application_id"]
    b = Browser()
    b.login(ephone, "pass-word-1")
    page = b.get("/workspace/gigs/" + code).text
    assert '<span class="danger"><form method="post" action="/applications/' \
        '%d/reject"' % app in page
    r = b.post("/applications/%d/reject" % app, {},
               csrf_from="/workspace/gigs/" + code)
    assert r.status == 200 and "Reject this applicant?" in r.text
    assert sql1("SELECT status FROM applications WHERE id = :'p1'",
                app) == "applied"
    r = b.post("/applications/%d/reject" % app, {"confirm": "1"},
               csrf_from="/workspace/gigs/" + code)
    assert r.status == 303
    assert sql1("SELECT status FROM applications WHERE id = :'p1'",
                app) == "rejected"


def test_one_language_per_person_web_and_sms():
    tok, user, phone = signup("trainee", password="pass-word-1",
                              read_sms=True)
    b = Browser()
    b.login(phone, "pass-word-1")
    assert b.cookies.get("lang") == "en"
    r = b.get("/lang?l=ur&next=/gigs")
    assert r.status == 303
    assert sql1("SELECT lang FROM users WHERE id = :'p1'", user["id"]) == "ur"
    assert 'lang="ur"' in b.get("/gigs").text
    # The SMS side answers in it too.
    got = sms("92" + phone[1:], "HELP")
    assert got and any("\u0600" <= ch <= "\u06ff" for ch in got[0]["text"]), \
        got
    # A language chosen by SMS is the web's at the very next request of
    # the same signed-in browser (not only at the next log-in): before
    # issue 11's fix the page stayed Urdu until the person logged in again.
    got = sms("92" + phone[1:], "LANG EN")
    assert got and "English" in got[0]["text"], got
    assert sql1("SELECT lang FROM users WHERE id = :'p1'", user["id"]) == "en"
    page = b.get("/gigs")
    assert re.search(r'<html[^>]* lang="en"', page.text), page.text[:300]
    assert b.cookies.get("lang") == "en", b.cookies
    # The API answers follow too (its errors are in the person's language).
    r = api("GET", "/api/v1/me", tok)
    assert r.json()["user"]["lang"] == "en", r.text
    # And back from the web: the same browser chooses Roman Urdu, SMS
    # answers in it at once.
    assert b.get("/lang?l=ru&next=/gigs").status == 303
    assert re.search(r'<html[^>]* lang="ur-Latn"', b.get("/gigs").text)
    got = sms("92" + phone[1:], "HELP")
    assert got and "sabaq" in got[0]["text"].lower(), got
    # A language set behind Kore's back (SQL) is the web's at the next
    # log-in.
    sql("UPDATE users SET lang = 'ru' WHERE id = :'p1'", user["id"])
    b2 = Browser()
    b2.login(phone, "pass-word-1")
    assert b2.cookies.get("lang") == "ru"
    assert 'lang="ur-Latn"' in b2.get("/gigs").text


def test_a_language_chosen_in_the_ussd_menu_is_the_webs_at_once():
    """USSD's Language screen changes users.lang; a signed-in browser and
    API client read the new language at their very next request.  Before
    the fix the pages stayed English until the next log-in."""
    tok, user, phone = signup("trainee", password="pass-word-1",
                              read_sms=True)
    b = Browser()
    b.login(phone, "pass-word-1")
    assert re.search(r'<html[^>]* lang="en"', b.get("/gigs").text)
    sid = "ATUid_" + uuid.uuid4().hex
    inputs = []
    for x in ("", "5", "3"):		# dial, Language, اردو
        if x:
            inputs.append(x)
        r = post("/ussd?key=" + urllib.parse.quote(ENV["HUNAR_SMS_SECRET"]),
                 form={"sessionId": sid, "serviceCode": "*123#",
                       "phoneNumber": "+92" + phone[1:],
                       "networkCode": "41001", "text": "*".join(inputs)})
        assert r.status == 200 and r.text.startswith("CON "), r.text
    assert r.text.startswith("CON زبان: اردو۔"), r.text
    assert sql1("SELECT lang FROM users WHERE id = :'p1'", user["id"]) == "ur"
    page = b.get("/gigs")
    assert re.search(r'<html[^>]* lang="ur"', page.text), page.text[:300]
    assert b.cookies.get("lang") == "ur", b.cookies
    r = api("GET", "/api/v1/me", tok)
    assert r.json()["user"]["lang"] == "ur", r.text
    # And back to English from the menu: the next page is English again.
    sid = "ATUid_" + uuid.uuid4().hex
    inputs = []
    for x in ("", "5", "1"):
        if x:
            inputs.append(x)
        r = post("/ussd?key=" + urllib.parse.quote(ENV["HUNAR_SMS_SECRET"]),
                 form={"sessionId": sid, "serviceCode": "*123#",
                       "phoneNumber": "+92" + phone[1:],
                       "networkCode": "41001", "text": "*".join(inputs)})
    assert r.text.startswith("CON Language: English."), r.text
    assert re.search(r'<html[^>]* lang="en"', b.get("/gigs").text)


def test_search_forgives_prefixes_typos_and_reads_urdu():
    tok, emp, _ = signup("employer")
    w = "%05d" % random.randint(0, 99999)
    wp = new_gig(tok, title="WordPress shop site " + w)
    gr = new_gig(tok, title="Graphic banners for a bakery " + w)
    urdu = new_gig(tok, title="دکان کا لوگو ڈیزائن " + w)
    for q, want in (("wordpres " + w, [wp]),	# a prefix
                    ("grafic " + w, [gr]),	# a typo, and ph as f
                    ("لوگو " + w, [urdu]),	# Urdu script
                    ("wordpress " + w, [wp])):	# whole words: no noise
        r = api("GET", "/api/v1/gigs?per_page=50&q=" +
                urllib.parse.quote(q))
        got = [x["code"] for x in r.json()["gigs"]]
        assert got == want, (q, got)
    page = get("/gigs?q=" + urllib.parse.quote("grafic " + w)).text
    assert gr in page
