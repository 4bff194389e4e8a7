-- bench/web_bench.sh's gigs: :'n' open gigs (default 100000) posted by 500
-- bench employers (phones 928...), titles in English (50%), Roman Urdu
-- (30%) and Urdu script (20%), each built from a skill of the taxonomy
-- (popular skills more often), a client ("a bakery", "dukaan", "اسکول")
-- and one of the 170 districts of places/districts.tsv (or remote).
-- Budgets PKR 2,000-250,000, posted over 90 days.  Triggers are off while
-- loading (the matching cache's NOTIFY per row): the rows are consistent
-- by construction; gig_search_reload() at the end tells the workers'
-- search indexes.  Removed by `web_bench.sh --clean-only`.
SET session_replication_role = replica;
SET synchronous_commit = off;
SELECT setseed(0.11);

INSERT INTO users (phone, name, role, lang, org_name, channel)
SELECT '928' || lpad(g::text, 9, '0'), 'Bench employer ' || g, 'employer',
    (ARRAY['en','ru','ur'])[1 + g % 3], 'Bench Traders ' || g, 'web'
FROM generate_series(1, 500) g
ON CONFLICT (phone) DO NOTHING;

CREATE TEMP TABLE be AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
    FROM users WHERE phone LIKE '928%';
CREATE TEMP TABLE bs AS SELECT id, slug, name_en, name_ru, name_ur,
    row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n
    FROM skills;
CREATE TEMP TABLE bd AS SELECT id, name_en, name_ur,
    row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n
    FROM districts;
-- Clients: English, Roman Urdu, Urdu script.
CREATE TEMP TABLE bo (k int, en text, ru text, ur text);
INSERT INTO bo VALUES
    (0, 'bakery', 'bakery', 'بیکری'), (1, 'school', 'school', 'اسکول'),
    (2, 'clinic', 'clinic', 'کلینک'), (3, 'clothing shop', 'kapron ki dukaan',
    'کپڑوں کی دکان'), (4, 'restaurant', 'hotel', 'ہوٹل'),
    (5, 'pharmacy', 'dawakhana', 'دواخانہ'), (6, 'travel agency',
    'travel agency', 'ٹریول ایجنسی'), (7, 'NGO', 'NGO', 'این جی او'),
    (8, 'mobile shop', 'mobile ki dukaan', 'موبائل کی دکان'),
    (9, 'tuition centre', 'tuition centre', 'ٹیوشن سینٹر'),
    (10, 'wedding hall', 'shaadi hall', 'شادی ہال'),
    (11, 'furniture maker', 'furniture wala', 'فرنیچر ساز');

-- g -> skill by a skewed draw (k = n * u^2: the first skills of the
-- taxonomy are the popular ones), client, district, language.
CREATE TEMP TABLE bg AS
SELECT g, (floor(power(random(), 2) * 51))::int AS sk,
    (floor(random() * 12))::int AS ok, (floor(random() * 170))::int AS dk,
    (g % 10) AS lk, random() < 0.35 AS remote,
    (2000 + floor(power(random(), 2) * 248) * 1000)::int AS budget,
    (floor(random() * 500))::int AS ek, random() * 90 AS age
FROM generate_series(1, :n) g;

INSERT INTO gigs (employer_id, title, description, budget_pkr, remote,
    district_id, deadline, status, created_at)
SELECT be.id,
    CASE WHEN bg.lk < 5 THEN bs.name_en || ' for a ' || bo.en || ' in ' ||
        bd.name_en
    WHEN bg.lk < 8 THEN bo.ru || ' ke liye ' || bs.name_ru || ' chahiye, ' ||
        bd.name_en
    ELSE bd.name_ur || ' میں ' || bo.ur || ' کے لیے ' || bs.name_ur END,
    CASE WHEN bg.lk < 5 THEN 'We are a ' || bo.en || ' in ' || bd.name_en ||
        ' and need help with ' || lower(bs.name_en) || '. Send two samples ' ||
        'of earlier work and your price; payment by JazzCash or bank.'
    WHEN bg.lk < 8 THEN 'Hamein ' || bs.name_ru || ' ka kaam chahiye. ' ||
        'Pehle ke kaam ke do namoone aur apni qeemat bhejein; ' ||
        'adaigi JazzCash ya bank se.'
    ELSE 'ہمیں ' || bs.name_ur || ' کا کام چاہیے۔ پہلے کے کام کے دو نمونے ' ||
        'اور اپنی قیمت بھیجیں؛ ادائیگی جاز کیش یا بینک سے۔' END,
    bg.budget, bg.remote, CASE WHEN bg.remote THEN NULL ELSE bd.id END,
    CASE WHEN bg.g % 3 = 0 THEN (now() + (bg.g % 40 || ' days')::interval)::date
    END, 'open', now() - (bg.age || ' days')::interval
FROM bg JOIN be ON be.k = bg.ek JOIN bs ON bs.k = bg.sk
JOIN bd ON bd.k = bg.dk JOIN bo ON bo.k = bg.ok
ORDER BY bg.g;

-- The main skill required, a second one nice to have.
INSERT INTO gig_skills (gig_id, skill_id, required, min_level)
SELECT g.id, s.id, true, 1 + (g.id % 3)::int
FROM gigs g JOIN users u ON u.id = g.employer_id AND u.phone LIKE '928%'
JOIN bs s ON g.title LIKE '%' || s.name_en || '%'
    OR g.title LIKE '%' || s.name_ru || '%' OR g.title LIKE '%' || s.name_ur || '%'
ON CONFLICT DO NOTHING;
INSERT INTO gig_skills (gig_id, skill_id, required, min_level)
SELECT g.id, (SELECT id FROM bs WHERE k = (g.id * 7) % 51), false, 1
FROM gigs g JOIN users u ON u.id = g.employer_id AND u.phone LIKE '928%'
ON CONFLICT DO NOTHING;

RESET session_replication_role;
-- The workers' search indexes reload (the log saw none of it).
SELECT gig_search_reload();
ANALYZE gigs;
ANALYZE gig_skills;
ANALYZE users;
