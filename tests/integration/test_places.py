"""places: the districts of Pakistan in the database, as the data file
places/districts.tsv has them, and the one matcher (places/sql/R__places.sql)
called in PostgreSQL: names, cities, tehsils, spellings, typos, Urdu
script, and the ambiguous names that must ask which."""
import collections
import os
import subprocess

from hunar_test import ENV, ROOT, sql, sql1

DATA = os.path.join(ROOT, "places", "districts.tsv")


def _file_rows():
    rows = []
    with open(DATA, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def _load():
    """Loads the data file again, as infra/migrate does."""
    env = dict(os.environ, PGHOST="127.0.0.1", PGPORT=ENV["HUNAR_PG_PORT"],
               PGUSER="hunar", PGDATABASE="hunar")
    r = subprocess.run(
        "grep -v '^#' places/districts.tsv | psql -X -q -v ON_ERROR_STOP=1"
        " -1 -f places/load.sql", shell=True, cwd=ROOT, env=env,
        capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_places_districts_per_province_in_db():
    want = collections.Counter(r[1] for r in _file_rows())
    assert want == {"PB": 41, "SD": 30, "KP": 37, "BA": 37, "IS": 1,
                    "GB": 14, "AJ": 10}, want
    got = dict(sql("SELECT p.code, count(*) FROM districts d"
                   " JOIN provinces p ON p.id = d.province_id"
                   " GROUP BY p.code"))
    assert {k: int(v) for k, v in got.items()} == dict(want), got
    # Every row of the file is in the table under its name, in its
    # province, with its Urdu name.
    db = {r[0]: r[1:] for r in sql(
        "SELECT d.name_en, p.code, d.name_ur FROM districts d"
        " JOIN provinces p ON p.id = d.province_id")}
    for r in _file_rows():
        assert db.get(r[2]) == [r[1], r[3]], (r, db.get(r[2]))


def test_places_reload_keeps_ids():
    before = sql("SELECT id, name_en FROM districts ORDER BY id")
    users = sql1("SELECT count(*) FROM users WHERE district_id IS NOT NULL")
    _load()
    _load()
    assert sql("SELECT id, name_en FROM districts ORDER BY id") == before
    assert sql1("SELECT count(*) FROM users"
                " WHERE district_id IS NOT NULL") == users
    # The first seed's 41 districts keep their ids (the file's 1..41).
    ids = dict((r[2], r[0]) for r in _file_rows())
    for i, name in before:
        if name in ids:
            assert ids[name] == i, (name, i, ids[name])


def test_places_loader_renames_a_former_name():
    """A row under an old name (Turbat) becomes its district (Kech) and
    keeps its id: what an old database holds after the first load."""
    kech = sql1("SELECT id FROM districts WHERE name_en = 'Kech'")
    sql("UPDATE districts SET name_en = 'Turbat' WHERE id = :'p1'", kech)
    _load()
    assert sql1("SELECT name_en FROM districts WHERE id = :'p1'",
                kech) == "Kech"
    assert sql1("SELECT count(*) FROM districts WHERE name_en IN"
                " ('Turbat', 'Kech')") == "1"


def _split(text):
    """place_split(): (name, the districts found by English name)."""
    r = sql("SELECT s.name, coalesce((SELECT string_agg(d.name_en, '|'"
            " ORDER BY d.name_en) FROM districts d"
            " WHERE d.id = ANY (s.districts)), '')"
            " FROM place_split(:'p1') s", text)
    name, found = r[0] if r else ("", "")
    return name, found.split("|") if found else []


CASES = [
    # as typed after JOIN          name            districts
    ("Gul Buner", "Gul", ["Buner"]),
    ("Gul Kasur", "Gul", ["Kasur"]),
    ("Ali Raza Mingora", "Ali Raza", ["Swat"]),
    ("ali raza d.i.khan", "ali raza", ["Dera Ismail Khan"]),
    ("Ali Raza DI Khan", "Ali Raza", ["Dera Ismail Khan"]),
    ("Ali Raza D. I. Khan", "Ali Raza", ["Dera Ismail Khan"]),
    ("Sana Turbat", "Sana", ["Kech"]),
    ("Sana Mirpur Khas", "Sana", ["Mirpur Khas"]),
    ("Sana mirpurkhas", "Sana", ["Mirpur Khas"]),
    ("Sana Mirpur", "Sana", ["Mirpur"]),
    ("Sana Kohaat", "Sana", ["Kohat"]),
    ("Sana Muzafargarh", "Sana", ["Muzaffargarh"]),
    ("Sana Jacababad", "Sana", ["Jacobabad"]),
    ("Sana LAHORE", "Sana", ["Lahore"]),
    ("Sana Lahoree", "Sana", ["Lahore"]),           # a typo
    ("Sana Rawalpndi", "Sana", ["Rawalpindi"]),     # a letter missing
    ("Sana Dera Ismial Khan", "Sana", ["Dera Ismail Khan"]),  # two
    ("Sana Sheikupura", "Sana", ["Sheikhupura"]),
    ("Sana Qila Abdulla", "Sana", ["Killa Abdullah"]),
    ("Sana Nawabshah", "Sana", ["Shaheed Benazirabad"]),
    ("Sana Rawalakot", "Sana", ["Poonch"]),
    ("Sana Karachi East", "Sana", ["Karachi East"]),
    ("Sana Swat District", "Sana", ["Swat"]),
    # A cantonment is in its city's district (a new user's walk, Dec 2026).
    ("Nadia Lahore cantt", "Nadia", ["Lahore"]),
    ("Nadia Peshawar Cantonment", "Nadia", ["Peshawar"]),
    ("Nadia Rawalpindi Cant", "Nadia", ["Rawalpindi"]),
    ("Nadia Wah Cantt", "Nadia", ["Rawalpindi"]),
    ("ندا لاہور کینٹ", "ندا", ["Lahore"]),
    ("Ali Raza, Swat", "Ali Raza", ["Swat"]),
    ("Ali Raza Khan, Dera Ghazi Khan", "Ali Raza Khan", ["Dera Ghazi Khan"]),
    ("Gul Islamabad", "Gul", ["Islamabad"]),
    ("Gul Skardu", "Gul", ["Skardu"]),
    ("Gul Chilas", "Gul", ["Diamer"]),
    ("علی رضا مینگورہ", "علی رضا", ["Swat"]),
    ("گل جھنگ", "گل", ["Jhang"]),
    ("گل جهنگ", "گل", ["Jhang"]),                   # Arabic heh
    ("گل ڈی آئی خان", "گل", ["Dera Ismail Khan"]),
    ("گل موسی خیل", "گل", ["Musakhel"]),              # no alef maqsura mark
    # Ambiguous: the question lists them all.
    ("Gul Karachi", "Gul", ["Karachi Central", "Karachi East",
                            "Karachi South", "Karachi West", "Keamari",
                            "Korangi", "Malir"]),
    ("گل کراچی", "گل", ["Karachi Central", "Karachi East",
                         "Karachi South", "Karachi West", "Keamari",
                         "Korangi", "Malir"]),
    ("Gul Kohistan", "Gul", ["Kolai-Palas", "Lower Kohistan",
                             "Upper Kohistan"]),
    ("Gul Dir", "Gul", ["Central Dir", "Lower Dir", "Upper Dir"]),
    ("Gul Chitral", "Gul", ["Lower Chitral", "Upper Chitral"]),
    # No place: a name alone, a surname that is one letter off a district.
    ("Ali Raza", "Ali Raza", []),
    ("Ayesha Malik", "Ayesha Malik", []),
    ("Nobody Atlantis", "Nobody Atlantis", []),
    ("Swat", "Swat", []),                           # a name is needed
]


def test_places_split_finds_the_district():
    bad = []
    for text, name, want in CASES:
        got = _split(text)
        if got != (name, want):
            bad.append((text, got, (name, want)))
    assert not bad, bad


def test_places_pick_answers_the_question():
    karachi = "place_match('Karachi', true)"
    cases = [("1", "Karachi Central"), ("2", "Karachi East"),
             ("7", "Malir"), ("۲", "Karachi East"), ("East", "Karachi East"),
             ("karachi west", "Karachi West"), ("Keamari", "Keamari"),
             ("Kemari", "Keamari"), ("لیاری", "Karachi South"),
             ("8", ""), ("0", ""), ("Lahore", ""), ("", "")]
    for answer, want in cases:
        got = sql1("SELECT coalesce((SELECT name_en FROM districts WHERE"
                   " id = place_pick(%s, :'p1')), '')" % karachi, answer)
        assert (got or "") == want, (answer, got, want)
    assert sql1("SELECT place_choices_text(%s, 'en')" % karachi) == (
        "1 Karachi Central, 2 Karachi East, 3 Karachi South, "
        "4 Karachi West, 5 Keamari, 6 Korangi, 7 Malir")
    assert sql1("SELECT place_choices_text(%s, 'ur')" % karachi).startswith(
        "1 کراچی وسطی، 2 کراچی شرقی")


def test_places_key_folds_what_people_vary():
    same = [("D.I. Khan", "di khan"), ("Kohaat", "Kohat"),
            ("Muzaffargarh", "Muzafargarh"), ("Vehari", "Wehari"),
            ("Qasur", "Kasur"), ("Layyah", "Laiah"),
            ("Sheikhupura District", "sheikhupura"),
            ("جهنگ", "جھنگ"), ("كراچي", "کراچی"), ("موسیٰ خیل", "موسی خیل")]
    for a, b in same:
        ka = sql1("SELECT place_key(:'p1')", a)
        kb = sql1("SELECT place_key(:'p1')", b)
        assert ka == kb and ka, (a, b, ka, kb)
    assert sql1("SELECT place_key('Lahore')") != \
        sql1("SELECT place_key('Larkana')")
