-- bench/prog_dash_bench.sh's population: 1M learners (phones 929...) and
-- 10M event rows -- 3M enrolments, 1M certificates, 1M applications, 1M
-- certified skills, 4M hub check-ins -- spread over every district,
-- gender, channel and two years.  Triggers are off while loading (the
-- matching cache's NOTIFY per row, foreign-key checks): the rows are
-- made consistent by construction.  :'n' learners (default 1000000).
SET session_replication_role = replica;
SET synchronous_commit = off;
SELECT setseed(0.5);

INSERT INTO users (phone, name, role, lang, district_id, gender, channel,
    created_at, last_active)
SELECT '929' || lpad(g::text, 9, '0'), 'Bench ' || g, 'trainee',
    (ARRAY['en','ru','ur'])[1 + g % 3],
    (SELECT min(id) FROM districts) + (g * 7919) % (SELECT count(*) FROM districts),
    (ARRAY['f','m','f','m','x',NULL])[1 + g % 6],
    (ARRAY['sms','ussd','web','sms'])[1 + (g / 7) % 4],
    now() - ((g % 730) || ' days')::interval, now()
FROM generate_series(1::bigint, :n) g;

CREATE TEMP TABLE bu AS SELECT id, row_number() OVER (ORDER BY id) AS k
    FROM users WHERE phone LIKE '929%';
CREATE TEMP TABLE bc AS SELECT id, row_number() OVER (ORDER BY id) AS k,
    count(*) OVER () AS n FROM courses WHERE code IN ('C101','C102','C103',
    'C104','C105','C106','C1401','C1403');

INSERT INTO enrolments (user_id, course_id, status, channel, lessons_done,
    created_at, completed_at)
SELECT bu.id, bc.id, CASE WHEN (bu.k + j) % 3 = 0 THEN 'completed'
    ELSE 'active' END, 'sms', 1, now(), CASE WHEN (bu.k + j) % 3 = 0
    THEN now() END
FROM bu, generate_series(0, 2) j, bc
WHERE bc.k = 1 + (bu.k * 3 + j) % bc.n;

INSERT INTO certificates (code, user_id, course_id, score)
SELECT 'B' || lpad(e.id::text, 9, '0'), e.user_id, e.course_id, 80
FROM enrolments e JOIN bu ON bu.id = e.user_id
WHERE e.status = 'completed' AND (bu.k % 3) <> 2;

INSERT INTO applications (gig_id, user_id, status, channel)
SELECT g.id, bu.id, (ARRAY['applied','applied','shortlisted','hired',
    'rejected'])[1 + bu.k % 5], 'sms'
FROM bu JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k,
    count(*) OVER () AS n FROM gigs) g ON g.k = 1 + bu.k % g.n;

INSERT INTO user_skills (user_id, skill_id, level, certified, certified_at)
SELECT bu.id, (SELECT min(id) FROM skills) + (bu.k * 13) % 40, 2, true, now()
FROM bu ON CONFLICT DO NOTHING;

INSERT INTO prog_sessions (hub_id, course_id, lesson_pos, code, opens_at,
    closes_at)
SELECT (SELECT min(id) FROM prog_hubs) + s % (SELECT count(*) FROM prog_hubs),
    (SELECT id FROM courses WHERE code = 'C1403'), 1,
    lpad((1000 + s % 9000)::text, 4, '0'), now() - interval '400 days',
    now() - interval '399 days'
FROM generate_series(1, 1000) s;
CREATE TEMP TABLE bs AS SELECT id, row_number() OVER (ORDER BY id) AS k
    FROM prog_sessions ORDER BY id DESC LIMIT 1000;
INSERT INTO prog_attendance (session_id, user_id, channel, at)
SELECT bs.id, bu.id, 'sms', now() - interval '399 days'
FROM bu, generate_series(0, 3) j, bs
WHERE bs.k = 1 + (bu.k * 4 + j) % 1000
ON CONFLICT DO NOTHING;

SET session_replication_role = origin;
ANALYZE users; ANALYZE enrolments; ANALYZE certificates;
ANALYZE applications; ANALYZE user_skills; ANALYZE prog_attendance;
