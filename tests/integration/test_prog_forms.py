"""Issue 14: programmes and hubs created and edited on the web -- by a
programme officer for their own province only (403 on every other
province's, a forged POST included), by an admin for all and for
national programmes; CSRF; every field checked, its error beside it in
the reader's language."""
import re
import uuid

from hunar_test import sql, sql1
from test_web__lib import Browser, intl, redis

KP_OFFICER = "03000001403"
ADMIN = "03000000001"
ERR = re.compile(r'<span class="err" id="e-([a-z_]+)">(.*?)</span>', re.S)


def _login(phone, lang="en"):
    redis("DEL", "rl:login:" + intl(phone))
    b = Browser()
    b.login(phone, "hunar-demo")
    b.get("/lang?l=%s&next=/" % lang)
    return b


def _programme(**over):
    f = {"province": "KP", "name_en": "KP Girls Code Clubs",
         "name_ru": "KP Larkiyon ke Code Club", "name_ur": "کے پی گرلز کوڈ کلب",
         "budget_line": "ADP 2026-27 #412", "budget_pkr": "Rs 2,500,000",
         "target_enrol": "1200", "target_complete": "800",
         "target_placed": "150", "target_women_pct": "90"}
    f.update(over)
    return f


def _hub(prog, district, **over):
    f = {"programme": prog, "district": str(district),
         "name": "Charsadda Girls Code Club", "name_ur": "چارسدہ کوڈ کلب",
         "address": "Girls High School No. 1, Charsadda",
         "hours": "Mon-Thu 14-17", "phone": "091-5550199",
         "svc_training": "1", "svc_internet": "1", "women_only": "1",
         "active": "1"}
    f.update(over)
    return {k: v for k, v in f.items() if v is not None}


def _district(name):
    return sql1("SELECT id FROM districts WHERE name_en = :'p1'", name)


def test_prog_forms_programme_own_province_only():
    kp = _login(KP_OFFICER)
    new = "/officer/programmes/new"
    page = kp.get(new)
    assert page.status == 200, page.status
    assert 'value="KP"' in page.text and 'value="PB"' not in page.text
    assert 'name="csrf"' in page.text
    # Every bad field says what to fix, beside it.
    r = kp.post(new, _programme(name_en="x", name_ur="", budget_pkr="lots",
                                target_women_pct="140"), csrf_from=new)
    assert r.status == 400, r.status
    errs = dict(ERR.findall(r.text))
    assert set(errs) == {"name_en", "name_ur", "budget_pkr",
                         "target_women_pct"}, errs
    assert "0" in errs["target_women_pct"] and "100" in errs[
        "target_women_pct"], errs
    assert 'value="KP Girls' not in r.text and 'value="x"' in r.text
    # ... in Urdu script and Roman Urdu for those who read them.
    for lang, word in (("ur", "لکھیں"), ("ru", "likhein")):
        b = _login(KP_OFFICER, lang)
        r = b.post(new, _programme(budget_pkr="lots"), csrf_from=new)
        assert r.status == 400 and word in dict(ERR.findall(r.text))[
            "budget_pkr"], (lang, dict(ERR.findall(r.text)))
    # Another province, a forged POST: 403, nothing written.
    n0 = sql1("SELECT count(*) FROM prog_programmes")
    r = kp.post(new, _programme(province="PB"), csrf_from=new)
    assert r.status in (400, 403), r.status
    assert sql1("SELECT count(*) FROM prog_programmes") == n0
    # No CSRF token: refused.
    r = kp.post(new, dict(_programme(), csrf="0" * 10))
    assert r.status == 403, r.status

    r = kp.post(new, _programme(), csrf_from=new)
    assert r.status == 303, (r.status, r.text[:300])
    code = r.header("location").rsplit("/", 1)[1]
    row = sql("SELECT pr.code, p.name_ur, p.budget_pkr, p.target_women_pct "
              "FROM prog_programmes p JOIN provinces pr ON pr.id = "
              "p.province_id WHERE p.code = :'p1'", code)
    assert row == [["KP", "کے پی گرلز کوڈ کلب", "2500000", "90"]], row
    try:
        edit = "/officer/programmes/%s/edit" % code
        page = kp.get(edit).text
        assert 'value="KP Girls Code Clubs"' in page
        r = kp.post(edit, _programme(name_en="KP Girls Code Clubs II"),
                    csrf_from=edit)
        assert r.status == 303, r.status
        # (The Urdu and Roman Urdu log-ins above set the account's
        # language; this page is read in English again.)
        kp.get("/lang?l=en&next=/")
        assert "KP Girls Code Clubs II" in kp.get(
            "/officer/programmes/" + code).text
        # Punjab's programme: 403 to see the form and to post it.
        assert kp.get("/officer/programmes/P01/edit").status == 403
        r = kp.post("/officer/programmes/P01/edit",
                    _programme(province="KP"), csrf_from=edit)
        assert r.status == 403, r.status
        assert sql1("SELECT pr.code FROM prog_programmes p JOIN provinces "
                    "pr ON pr.id = p.province_id WHERE p.code = 'P01'") == \
            "PB"
        # An admin edits any, and makes national ones.
        admin = _login(ADMIN)
        assert admin.get("/officer/programmes/P01/edit").status == 200
        r = admin.post(new, _programme(province="", name_en="National "
                                       "Freelance Clinics"), csrf_from=new)
        assert r.status == 303, (r.status, r.text[:300])
        nat = r.header("location").rsplit("/", 1)[1]
        assert sql1("SELECT province_id IS NULL FROM prog_programmes "
                    "WHERE code = :'p1'", nat) == "t"
        assert kp.get("/officer/programmes/%s/edit" % nat).status == 403
        sql("DELETE FROM prog_programmes WHERE code = :'p1'", nat)
    finally:
        sql("DELETE FROM prog_programmes WHERE code = :'p1'", code)


def test_prog_forms_hub_own_province_only():
    kp = _login(KP_OFFICER)
    new = "/officer/hubs/new?programme=P03"
    page = kp.get(new).text
    assert '<option value="P03" selected' in page or \
        'value="P03" selected' in page, page[:2000]
    assert ">Peshawar<" in page and ">Lahore<" not in page
    charsadda, lahore = _district("Charsadda"), _district("Lahore")
    # No service, a phone in words, Lahore (not offered): each said.
    r = kp.post("/officer/hubs/new", _hub("P03", lahore, svc_training=None,
                                          svc_internet=None, phone="call us"),
                csrf_from=new)
    assert r.status == 400, r.status
    errs = dict(ERR.findall(r.text))
    assert set(errs) == {"district", "phone", "svc_training"}, errs

    name = "Charsadda Girls Code Club " + uuid.uuid4().hex[:6]
    r = kp.post("/officer/hubs/new", _hub("P03", charsadda, name=name),
                csrf_from=new)
    assert r.status == 303, (r.status, r.text[:400])
    hub = r.header("location").rsplit("/", 1)[1]
    try:
        row = sql("SELECT d.name_en, h.women_only, h.services, p.code FROM "
                  "prog_hubs h JOIN districts d ON d.id = h.district_id "
                  "JOIN prog_programmes p ON p.id = h.programme_id "
                  "WHERE h.id = :'p1'", hub)
        assert row == [["Charsadda", "t", "{training,internet}", "P03"]], row
        assert name in kp.get("/hubs?province=KP").text
        edit = "/officer/hubs/%s/edit" % hub
        page = kp.get(edit).text
        assert 'value="091-5550199"' in page and "checked" in page
        r = kp.post(edit, _hub("P03", charsadda, name=name, women_only=None,
                               svc_mentorship="1", hours="Mon-Sat 09-17"),
                    csrf_from=edit)
        assert r.status == 303, (r.status, r.text[:400])
        assert sql("SELECT women_only, hours, services FROM prog_hubs WHERE "
                   "id = :'p1'", hub) == [
            ["f", "Mon-Sat 09-17", "{training,mentorship,internet}"]]
        # Punjab's hub and programme: 403, whatever is posted.
        lahore_hub = sql1("SELECT id FROM prog_hubs WHERE name = "
                          "'Lahore Digital Hub'")
        assert kp.get("/officer/hubs/%s/edit" % lahore_hub).status == 403
        r = kp.post("/officer/hubs/%s/edit" % lahore_hub,
                    _hub("P03", charsadda), csrf_from=edit)
        assert r.status == 403, r.status
        r = kp.post("/officer/hubs/new", _hub("P01", charsadda),
                    csrf_from=edit)
        assert r.status == 400 and "programme" in dict(
            ERR.findall(r.text)), r.status
        # An admin: a KP programme's hub in Lahore is outside its province.
        admin = _login(ADMIN)
        r = admin.post("/officer/hubs/new", _hub("P03", lahore),
                       csrf_from="/officer/hubs/new")
        assert r.status == 400, r.status
        assert "province" in dict(ERR.findall(r.text))["district"]
        assert admin.get("/officer/hubs/%s/edit" % lahore_hub).status == 200
    finally:
        sql("DELETE FROM prog_hubs WHERE id = :'p1'", hub)


def test_prog_hub_address_in_the_readers_language():
    """A hub's address in Roman Urdu and Urdu script, given on the
    officer's form, is what SMS HUB, USSD "Hubs near me" and the web
    show in those languages (English where none was given), with the
    Urdu comma between the fields in Urdu.  Before: one English address
    for everyone."""
    from test_prog_journeys import _dial, _text
    kp = _login(KP_OFFICER)
    new = "/officer/hubs/new?programme=P03"
    addr_ru = "Girls High School No. 1 ke samne, Charsadda"
    addr_ur = "اسکول روڈ، چارسدہ"
    name = "Charsadda Code Club " + uuid.uuid4().hex[:6]
    page = kp.get(new).text
    assert 'name="address_ru"' in page and 'name="address_ur"' in page
    r = kp.post("/officer/hubs/new", _hub(
        "P03", _district("Charsadda"), name=name, women_only=None,
        address_ru=addr_ru, address_ur=addr_ur), csrf_from=new)
    assert r.status == 303, (r.status, r.text[:400])
    hub = r.header("location").rsplit("/", 1)[1]
    try:
        assert sql("SELECT address, address_ru, address_ur FROM prog_hubs "
                   "WHERE id = :'p1'", hub) == [
            ["Girls High School No. 1, Charsadda", addr_ru, addr_ur]]
        page = kp.get("/officer/hubs/%s/edit" % hub).text
        assert 'value="%s"' % addr_ur in page, page[:3000]
        # The web, in each language.
        for lang, want in (("en", "Girls High School No. 1, Charsadda"),
                           ("ru", addr_ru), ("ur", addr_ur)):
            kp.get("/lang?l=%s&next=/" % lang)
            text = kp.get("/hubs/%s" % hub).text
            assert want in text, (lang, text[:3000])
        kp.get("/lang?l=en&next=/")
        # SMS HUB and USSD menu 7, from Charsadda.
        ph = "92347%07d" % (uuid.uuid4().int % 10**7)
        _text(ph, "JOIN Noor Bibi Charsadda")
        sql("UPDATE users SET lang = 'ru' WHERE phone = :'p1'", ph)
        assert addr_ru in _text(ph, "HUB"), _text(ph, "HUB")
        sql("UPDATE users SET lang = 'ur' WHERE phone = :'p1'", ph)
        sms = _text(ph, "HUB")
        assert addr_ur in sms, sms
        line = sms[sms.index(addr_ur) - 40:]
        assert "، " + addr_ur + "، " in sms and ", " not in line, sms
        sid = "hub-" + uuid.uuid4().hex
        _dial(ph, "", sid)
        screen = _dial(ph, "7", sid)
        assert addr_ur in screen, screen
        assert "، " + addr_ur + "، " in screen, screen
    finally:
        sql("DELETE FROM prog_hubs WHERE id = :'p1'", hub)


def test_prog_hub_name_in_roman_urdu():
    """A hub's name in Roman Urdu, given on the officer's form, is what
    SMS HUB, USSD "Qareebi markaz", /hubs and a hub's page show a Roman
    Urdu reader (the English name where none was given).  Before: the
    new user's walk met "Mingora Youth Hub" on every Roman Urdu screen;
    the hub had English and Urdu-script names only."""
    from test_prog_journeys import _dial, _text
    kp = _login(KP_OFFICER)
    new = "/officer/hubs/new?programme=P03"
    tag = uuid.uuid4().hex[:6]
    name, name_ru = "Charsadda Code Club " + tag, "Charsadda Code Markaz " + tag
    page = kp.get(new).text
    assert 'name="name_ru"' in page, page[:3000]
    r = kp.post("/officer/hubs/new", _hub(
        "P03", _district("Charsadda"), name=name, name_ru=name_ru,
        women_only=None), csrf_from=new)
    assert r.status == 303, (r.status, r.text[:400])
    hub = r.header("location").rsplit("/", 1)[1]
    try:
        assert sql1("SELECT name_ru FROM prog_hubs WHERE id = :'p1'",
                    hub) == name_ru
        page = kp.get("/officer/hubs/%s/edit" % hub).text
        assert 'value="%s"' % name_ru in page, page[:3000]
        for lang, want in (("en", name), ("ru", name_ru),
                           ("ur", "چارسدہ کوڈ کلب")):
            kp.get("/lang?l=%s&next=/" % lang)
            assert want in kp.get("/hubs/%s" % hub).text, lang
            assert want in kp.get("/hubs").text, lang
        kp.get("/lang?l=en&next=/")
        ph = "92347%07d" % (uuid.uuid4().int % 10**7)
        _text(ph, "JOIN Noor Bibi Charsadda")
        sql("UPDATE users SET lang = 'ru' WHERE phone = :'p1'", ph)
        assert name_ru in _text(ph, "HUB"), _text(ph, "HUB")
        sid = "hubru-" + uuid.uuid4().hex
        _dial(ph, "", sid)
        screen = _dial(ph, "7", sid)
        assert name_ru in screen, screen
        # The seed's hubs have theirs.
        assert sql1("SELECT count(*) FROM prog_hubs WHERE name_ru = ''"
                    " AND id <> :'p1'", hub) == "0"
    finally:
        sql("DELETE FROM prog_hubs WHERE id = :'p1'", hub)


def test_prog_hub_page_leads_its_mentor_to_codes_and_slots():
    """Found on a new user's walk: the README's hub mentor (Sadia Afridi,
    03000001421) logs in and reaches her hub's public page, which offered
    her a "Book" button on each of her own slots and no way to the page
    where she opens session codes and marks meetings held (/officer
    answers her 403).  Now the hub page links its mentor, its province's
    officer and an admin to /officer/hubs/<id>, in each language, and
    books no one onto their own slot; a learner, another province's
    officer and a visitor see no such link."""
    hub = sql1("SELECT id FROM prog_hubs WHERE name = :'p1'",
               "Peshawar Women's Digital Centre")
    link = 'href="/officer/hubs/%s"' % hub
    words = {"en": "Session codes and mentor slots of this hub",
             "ru": "Is markaz ke session code aur rahnuma slots",
             "ur": "اس مرکز کے سیشن کوڈ اور رہنما سلاٹس"}
    for lang, want in words.items():
        mentor = _login("03000001421", lang)
        page = mentor.get("/hubs/%s" % hub).text
        assert link in page and want in page, (lang, page[:3000])
        assert 'id="slot-' in page, page[:3000]
        assert 'action="/hubs/%s/book"' % hub not in page, page[:3000]
        mentor.get("/lang?l=en&next=/")
    assert mentor.get("/officer/hubs/%s" % hub).status == 200
    for phone in (KP_OFFICER, ADMIN):
        assert link in _login(phone).get("/hubs/%s" % hub).text, phone
    for phone in ("03000000004", "03000001401"):
        page = _login(phone).get("/hubs/%s" % hub).text
        assert link not in page, phone
        assert 'action="/hubs/%s/book"' % hub in page, (phone, page[:3000])
    assert link not in Browser().get("/hubs/%s" % hub).text


def test_prog_list_counts_read_in_every_language():
    """/officer's cards: "Courses: 1 · Hubs: 1" as labels, which read
    whatever the count, where "1 Courses · 1 Hubs" did not (found walking
    the README, Dec 2026)."""
    # The page's own rows (code, name, ..., courses, hubs): Islamabad's
    # programme has one course and one hub in the seed.
    row = [r for r in sql("SELECT * FROM prog_list((SELECT id FROM users "
                          "WHERE phone = '92' || substr(:'p1', 2)), 'en')",
                          ADMIN) if r[0] == "P05"][0]
    counts = (row[0], row[4], row[5])
    words = {"en": ("Courses", "Hubs"), "ru": ("Courses", "Markaz"),
             "ur": ("کورس", "مراکز")}
    for lang, (courses, hubs) in words.items():
        page = _login(ADMIN, lang).get("/officer").text
        want = "%s: %s &middot; %s: %s" % (courses, counts[1], hubs,
                                           counts[2])
        assert want in page, (lang, want, page[-2500:])
        assert " Courses &middot;" not in page, lang
    _login(ADMIN, "en")


def test_prog_page_budget_and_hubs_in_the_readers_words():
    """A programme's page: the budget's label in the reader's language
    (it was a bare "PKR" on Urdu pages too) and the hub list's comma
    the language's own ("مردان ڈیجیٹل مرکز, مردان" had a Latin one);
    found walking the README, Dec 2026."""
    words = {"en": ("Budget (PKR)", ", "), "ru": ("Budget (rupay)", ", "),
             "ur": ("بجٹ (روپے)", "، ")}
    for lang, (label, comma) in words.items():
        page = _login(ADMIN, lang).get("/officer/programmes/P03").text
        assert "<dt>%s</dt>" % label in page, (lang, page[-3000:])
        assert "<dt>PKR</dt>" not in page, lang
        hubs = page[page.index('<section id="hubs">'):]
        assert re.search(r'href="/officer/hubs/\d+">[^<]+</a>%s' % comma,
                         hubs), (lang, hubs[:800])
    _login(ADMIN, "en")
