#!/usr/bin/env python3
"""bench/web_bench.sh's queries: 1,000 distinct gig searches, one URL path a
line, most popular first (the wrk script draws line r with weight 1/r, Zipf
s=1).  Words come from the database the bench searches: skill names in
English, Roman Urdu and Urdu script, the clients, districts by English and
Urdu name, prefixes and one-letter typos of skills ("wordpres"), skill +
district pairs, and filters (skill, province, district, remote, budget,
sort) alone or with words.  Deterministic: seed 11.
Usage: web_search_queries.py psql ARGS... > file"""
import random
import subprocess
import sys
import urllib.parse


def rows(psql, sql):
    out = subprocess.run(psql + ["-X", "-At", "-F", "\t", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [l.split("\t") for l in out.splitlines() if l]


def main():
    psql = sys.argv[1:]
    rnd = random.Random(11)
    skills = rows(psql, "SELECT slug, lower(name_en), lower(name_ru), "
                  "name_ur FROM skills ORDER BY id")
    dists = rows(psql, "SELECT id, name_en, name_ur FROM districts "
                 "ORDER BY id")
    provs = [r[0] for r in rows(psql, "SELECT code FROM provinces")]
    clients = ["bakery", "school", "clinic", "restaurant", "pharmacy",
               "dukaan", "hotel", "dawakhana", "shaadi hall", "NGO",
               "بیکری", "اسکول", "کلینک", "دکان", "ہوٹل", "دواخانہ"]
    words = set()
    for slug, en, ru, ur in skills:
        words.update([en, ru, ur, en.split()[0]])
        if len(slug) > 5:
            words.add(slug[:5])
        w = en.split()[0]
        if len(w) > 5:
            i = rnd.randrange(1, len(w) - 1)
            words.add(w[:i] + w[i + 1:])
    words.update(clients)
    for _, en, ur in dists:
        words.update([en.lower(), ur])
    words = sorted(w for w in words if 2 <= len(w) <= 40)
    q = set()
    for w in words:
        q.add((("q", w),))
    for _ in range(300):
        s = rnd.choice(skills)
        d = rnd.choice(dists)
        q.add((("q", s[1].split()[0] + " " + d[1].lower()),))
    for s in skills:
        q.add((("skill", s[0]),))
        q.add((("skill", s[0]), ("sort", "budget")))
        q.add((("skill", s[0]), ("remote", "1")))
    for p in provs:
        q.add((("province", p),))
        q.add((("province", p), ("sort", "deadline")))
    for _ in range(200):
        w = rnd.choice(words)
        f = rnd.choice([("province", rnd.choice(provs)), ("remote", "1"),
                        ("min", str(rnd.choice([5000, 10000, 50000]))),
                        ("sort", "relevance"), ("sort", "budget"),
                        ("district", rnd.choice(dists)[0])])
        q.add((("q", w), f))
    q = sorted(q)
    rnd.shuffle(q)
    if len(q) < 1000:
        sys.exit("web_search_queries: only %d distinct queries" % len(q))
    for one in q[:1000]:
        print("/api/v1/gigs?" + urllib.parse.urlencode(one))


main()
