-- Demo programmes (issue 14): one per province, its officer (password
-- "hunar-demo", see README.md), hubs, mentors and their slots, the
-- programmes' own courses, and learners in them so that the dashboards
-- have something to show.  Names are made up; no real programme's logo.
SELECT setseed(0.14);

INSERT INTO users (phone, name, role, lang, district_id, gender,
    org_name, password_hash, channel)
SELECT u.phone, u.name, u.role::user_role, u.lang,
    (SELECT id FROM districts WHERE name_en = u.district), u.gender, u.org,
    '$argon2id$v=19$m=65536,t=2,p=1$C69jzmJJ5ED0LwlxBsVhPw$OKNMP2snfUSKyaSWnVvfTh2b6bp17WT8Hlt7Wk1I6Cw',
    'seed'
FROM (VALUES
 ('923000001401', 'Nadia Chaudhry', 'officer', 'en', 'Lahore', 'f', 'Punjab programme office'),
 ('923000001402', 'Asad Memon', 'officer', 'en', 'Karachi South', 'm', 'Sindh programme office'),
 ('923000001403', 'Gul Bibi Khattak', 'officer', 'ru', 'Peshawar', 'f', 'KP programme office'),
 ('923000001404', 'Jamal Bugti', 'officer', 'en', 'Quetta', 'm', 'Balochistan programme office'),
 ('923000001405', 'Saima Abbasi', 'officer', 'en', 'Islamabad', 'f', 'ICT programme office'),
 ('923000001406', 'Karim Hunzai', 'officer', 'en', 'Gilgit', 'm', 'GB programme office'),
 ('923000001407', 'Rukhsana Mir', 'officer', 'ur', 'Muzaffarabad', 'f', 'AJK programme office'),
 ('923000001421', 'Sadia Afridi', 'trainer', 'ru', 'Peshawar', 'f', 'Peshawar Digital Hub'),
 ('923000001422', 'Usman Tariq', 'trainer', 'en', 'Lahore', 'm', 'Lahore Digital Hub'),
 ('923000001423', 'Mahnoor Rind', 'trainer', 'en', 'Quetta', 'f', 'Quetta Learning Hub')
) AS u(phone, name, role, lang, district, gender, org)
ON CONFLICT (phone) DO NOTHING;

INSERT INTO prog_officers (user_id, province_id)
SELECT u.id, p.id FROM (VALUES
 ('923000001401', 'PB'), ('923000001402', 'SD'), ('923000001403', 'KP'),
 ('923000001404', 'BA'), ('923000001405', 'IS'), ('923000001406', 'GB'),
 ('923000001407', 'AJ')) AS o(phone, prov)
JOIN users u ON u.phone = o.phone JOIN provinces p ON p.code = o.prov
ON CONFLICT (user_id) DO NOTHING;

INSERT INTO prog_programmes (code, province_id, name_en, name_ru, name_ur,
    budget_line, budget_pkr, target_enrol, target_complete, target_placed,
    target_women_pct)
SELECT x.code, p.id, x.en, x.ru, x.ur, x.line, x.pkr, x.te, x.tc, x.tp, x.tw
FROM (VALUES
 ('P01', 'PB', 'Punjab Digital Skills for Youth',
  'Punjab Digital Hunar barae Naujawan', 'پنجاب ڈیجیٹل ہنر برائے نوجوان',
  'ADP 2026-27, IT & Youth, scheme PB-1412', 450000000, 20000, 12000, 5000, 50),
 ('P02', 'SD', 'Sindh Freelance Pathways',
  'Sindh Freelance Raaste', 'سندھ فری لانس راستے',
  'ADP 2026-27, Labour & HR, scheme SD-0877', 260000000, 12000, 7000, 3000, 45),
 ('P03', 'KP', 'KP Youth and Women Digital Hubs',
  'KP Naujawan aur Khawateen Digital Markaz',
  'خیبر پختونخوا نوجوان اور خواتین ڈیجیٹل مراکز',
  'ADP 2026-27, Science & IT, scheme KP-2231', 380000000, 15000, 9000, 4000, 55),
 ('P04', 'BA', 'Balochistan Connect and Learn',
  'Balochistan Rabta aur Seekho', 'بلوچستان رابطہ اور سیکھو',
  'PSDP 2026-27, Balochistan share, scheme BA-0319', 150000000, 5000, 2500, 900, 40),
 ('P05', 'IS', 'Islamabad Digital Jobs Initiative',
  'Islamabad Digital Rozgar', 'اسلام آباد ڈیجیٹل روزگار',
  'ICT administration 2026-27, scheme IS-0051', 60000000, 3000, 2000, 1000, 50),
 ('P06', 'GB', 'Gilgit-Baltistan Remote Work Programme',
  'GB Remote Kaam Programme', 'گلگت بلتستان ریموٹ کام پروگرام',
  'GB ADP 2026-27, scheme GB-0112', 45000000, 1500, 900, 400, 45),
 ('P07', 'AJ', 'AJK Skills for Livelihoods',
  'AJK Hunar barae Rozgar', 'آزاد کشمیر ہنر برائے روزگار',
  'AJK ADP 2026-27, scheme AJ-0208', 40000000, 1500, 900, 350, 50)
) AS x(code, prov, en, ru, ur, line, pkr, te, tc, tp, tw)
JOIN provinces p ON p.code = x.prov
ON CONFLICT (code) DO NOTHING;

-- The programmes' own courses: C1401 (Punjab, online, proven) and C1403
-- (KP, at the hubs: each check-in counts as the session's lesson).  Not
-- by SMS: the lesson daemon would drip lessons to the seeded learners.
INSERT INTO courses (code, trainer_id, title_en, title_ur, desc_en, desc_ur,
    mode, district_id, lang, capacity, cadence_hours)
SELECT c.code, (SELECT id FROM users WHERE phone = c.trainer), c.title_en,
    c.title_ur, c.desc_en, c.desc_ur, c.mode::course_mode,
    (SELECT id FROM districts WHERE name_en = c.district), c.lang, 2000, 24
FROM (VALUES
 ('C1401', '923000000002', 'First online gig', 'پہلا آن لائن کام',
  'Pick a skill, make a profile, send a proposal that wins.',
  'ہنر چنیں، پروفائل بنائیں، جیتنے والی تجویز بھیجیں۔', 'online', NULL, 'ru'),
 ('C1403', '923000000005', 'Computer basics', 'کمپیوٹر کی بنیادی باتیں',
  'Two sessions at a hub: files, email and safe internet.',
  'مرکز میں دو نشستیں: فائلیں، ای میل اور محفوظ انٹرنیٹ۔', 'centre', 'Peshawar', 'ur')
) AS c(code, trainer, title_en, title_ur, desc_en, desc_ur, mode, district, lang)
ON CONFLICT (code) DO NOTHING;

-- Codes the trainers' editor never hands out: its sequence (courses)
-- starts at 201 and is moved past these.
SELECT setval('course_code_seq', 1500) WHERE (SELECT last_value
    FROM course_code_seq) < 1500;

INSERT INTO course_skills (course_id, skill_id)
SELECT co.id, s.id FROM (VALUES ('C1401', 'freelancing-basics'),
 ('C1401', 'upwork-profile'), ('C1403', 'data-entry')) AS x(code, slug)
JOIN courses co ON co.code = x.code JOIN skills s ON s.slug = x.slug
ON CONFLICT DO NOTHING;

INSERT INTO lessons (course_id, position, title, body_web, body_sms)
SELECT co.id, x.pos, x.title, x.web, x.sms FROM (VALUES
 ('C1401', 1, 'Choose one skill',
  'Start with one skill you can show today: typing, design, translation. One clear skill sells better than five vague ones.',
  'Aik hunar chunein jo aap aaj dikha sakein: typing, design, tarjuma.'),
 ('C1401', 2, 'A proposal that wins',
  'Say what you will deliver, by when and for how much, in three to five sentences, and end with a question.',
  'Kya denge, kab tak aur kitne mein: 3-5 jumle, aakhir mein aik sawal.'),
 ('C1403', 1, 'Files and folders',
  'At the hub: save, find and share a file; keep your work in folders.',
  'Markaz mein: file save karna, dhoondna aur bhejna.'),
 ('C1403', 2, 'Email and safe internet',
  'At the hub: send an email with an attachment; spot a fake message.',
  'Markaz mein: email bhejna aur jaali paigham pehchanna.')
) AS x(code, pos, title, web, sms)
JOIN courses co ON co.code = x.code
ON CONFLICT (course_id, position) DO NOTHING;

INSERT INTO quiz_questions (lesson_id, question, options, correct)
SELECT l.id, 'What does a good proposal end with?',
    ARRAY['A question', 'Your CNIC', 'Nothing'], 1
FROM lessons l JOIN courses co ON co.id = l.course_id
WHERE co.code = 'C1401' AND l.position = 2
ON CONFLICT (lesson_id) DO NOTHING;

INSERT INTO prog_courses (programme_id, course_id, attendance_counts)
SELECT p.id, co.id, x.att FROM (VALUES
 ('P01', 'C101', false), ('P01', 'C102', false), ('P01', 'C105', false),
 ('P01', 'C1401', false), ('P03', 'C103', true), ('P03', 'C104', false),
 ('P03', 'C1403', true), ('P05', 'C106', false)) AS x(prog, code, att)
JOIN prog_programmes p ON p.code = x.prog JOIN courses co ON co.code = x.code
ON CONFLICT DO NOTHING;

INSERT INTO prog_hubs (programme_id, district_id, name, name_ur, address,
    hours, phone, services, women_only, women_hours)
SELECT p.id, d.id, x.name, x.name_ur, x.addr, x.hours, x.phone,
    x.services::text[], x.wo, x.wh
FROM (VALUES
 ('P03', 'Peshawar', 'Peshawar Digital Hub', 'پشاور ڈیجیٹل مرکز',
  'University Road, near the BRT stop', 'Mon-Sat 09-17', '091-5550101',
  '{training,mentorship,internet,government}', false, 'Tue,Thu 09-13'),
 ('P03', 'Peshawar', 'Peshawar Women''s Digital Centre', 'پشاور خواتین ڈیجیٹل مرکز',
  'Hayatabad Phase 3, Street 7', 'Mon-Fri 10-16', '091-5550102',
  '{training,mentorship,internet}', true, NULL),
 ('P03', 'Swat', 'Mingora Youth Hub', 'مینگورہ یوتھ مرکز',
  'Grassy Ground Road, Mingora', 'Mon-Sat 10-18', '0946-550103',
  '{training,internet}', false, 'Wed 10-14'),
 ('P03', 'Mardan', 'Mardan Digital Hub', 'مردان ڈیجیٹل مرکز',
  'Bank Road, Mardan', 'Mon-Sat 09-17', '0937-550104',
  '{training,mentorship,internet}', false, NULL),
 ('P01', 'Lahore', 'Lahore Digital Hub', 'لاہور ڈیجیٹل مرکز',
  'Ferozepur Road, Arfa Tower block B', 'Mon-Sat 09-18', '042-5550201',
  '{training,mentorship,internet,government}', false, 'Sat 09-13'),
 ('P01', 'Multan', 'Multan Skills Centre', 'ملتان ہنر مرکز',
  'Bosan Road, Multan', 'Mon-Fri 09-17', '061-5550202',
  '{training,internet}', false, NULL),
 ('P02', 'Karachi East', 'Karachi East Freelance Hub', 'کراچی شرقی فری لانس مرکز',
  'Gulshan-e-Iqbal Block 13', 'Mon-Sat 10-19', '021-5550301',
  '{training,mentorship,internet}', false, 'Mon,Wed 10-14'),
 ('P04', 'Quetta', 'Quetta Learning Hub', 'کوئٹہ لرننگ مرکز',
  'Jinnah Road, Quetta', 'Mon-Sat 09-16', '081-5550401',
  '{training,mentorship,internet,government}', false, 'Tue 09-13'),
 ('P04', 'Gwadar', 'Gwadar Connect Point', 'گوادر کنیکٹ پوائنٹ',
  'Marine Drive, Gwadar', 'Mon-Fri 10-16', '086-5550402',
  '{internet,government}', false, NULL),
 ('P05', 'Islamabad', 'Islamabad Digital Hub', 'اسلام آباد ڈیجیٹل مرکز',
  'G-9 Markaz', 'Mon-Sat 09-18', '051-5550501',
  '{training,mentorship,internet}', false, NULL),
 ('P06', 'Gilgit', 'Gilgit Remote Work Hub', 'گلگت ریموٹ ورک مرکز',
  'Shahrah-e-Quaid-e-Azam', 'Mon-Sat 10-17', '05811-550601',
  '{training,internet}', false, NULL),
 ('P07', 'Muzaffarabad', 'Muzaffarabad Skills Hub', 'مظفر آباد ہنر مرکز',
  'Upper Chattar', 'Mon-Fri 09-16', '05822-550701',
  '{training,internet}', false, NULL)
) AS x(prog, district, name, name_ur, addr, hours, phone, services, wo, wh)
JOIN prog_programmes p ON p.code = x.prog
JOIN districts d ON d.name_en = x.district
WHERE NOT EXISTS (SELECT 1 FROM prog_hubs h WHERE h.name = x.name);

-- Each demo hub's address in Roman Urdu and Urdu script (V0024); a hub
-- whose officer already gave them keeps theirs.
UPDATE prog_hubs h SET address_ru = x.ru, address_ur = x.ur
FROM (VALUES
 ('Peshawar Digital Hub', 'University Road, BRT stop ke qareeb',
  'یونیورسٹی روڈ، بی آر ٹی اسٹاپ کے قریب'),
 ('Peshawar Women''s Digital Centre', 'Hayatabad Phase 3, Gali 7',
  'حیات آباد فیز 3، گلی 7'),
 ('Mingora Youth Hub', 'Grassy Ground Road, Mingora',
  'گراسی گراؤنڈ روڈ، مینگورہ'),
 ('Mardan Digital Hub', 'Bank Road, Mardan', 'بینک روڈ، مردان'),
 ('Lahore Digital Hub', 'Ferozepur Road, Arfa Tower block B',
  'فیروز پور روڈ، ارفع ٹاور بلاک بی'),
 ('Multan Skills Centre', 'Bosan Road, Multan', 'بوسن روڈ، ملتان'),
 ('Karachi East Freelance Hub', 'Gulshan-e-Iqbal Block 13',
  'گلشن اقبال بلاک 13'),
 ('Quetta Learning Hub', 'Jinnah Road, Quetta', 'جناح روڈ، کوئٹہ'),
 ('Gwadar Connect Point', 'Marine Drive, Gwadar', 'میرین ڈرائیو، گوادر'),
 ('Islamabad Digital Hub', 'G-9 Markaz', 'جی نائن مرکز'),
 ('Gilgit Remote Work Hub', 'Shahrah-e-Quaid-e-Azam', 'شاہراہ قائداعظم'),
 ('Muzaffarabad Skills Hub', 'Upper Chattar', 'اپر چھتر')
) AS x(name, ru, ur)
WHERE h.name = x.name AND h.address_ru = '' AND h.address_ur = '';

-- Each demo hub's name in Roman Urdu (V0037); a hub whose officer already
-- gave one keeps it.
UPDATE prog_hubs h SET name_ru = x.ru
FROM (VALUES
 ('Peshawar Digital Hub', 'Peshawar Digital Markaz'),
 ('Peshawar Women''s Digital Centre', 'Peshawar Khawateen Digital Markaz'),
 ('Mingora Youth Hub', 'Mingora Naujawan Markaz'),
 ('Mardan Digital Hub', 'Mardan Digital Markaz'),
 ('Lahore Digital Hub', 'Lahore Digital Markaz'),
 ('Multan Skills Centre', 'Multan Hunar Markaz'),
 ('Karachi East Freelance Hub', 'Karachi East Freelance Markaz'),
 ('Quetta Learning Hub', 'Quetta Taleemi Markaz'),
 ('Gwadar Connect Point', 'Gwadar Connect Point'),
 ('Islamabad Digital Hub', 'Islamabad Digital Markaz'),
 ('Gilgit Remote Work Hub', 'Gilgit Remote Kaam Markaz'),
 ('Muzaffarabad Skills Hub', 'Muzaffarabad Hunar Markaz')
) AS x(name, ru)
WHERE h.name = x.name AND h.name_ru = '';

INSERT INTO prog_mentors (hub_id, user_id)
SELECT h.id, u.id FROM (VALUES
 ('Peshawar Digital Hub', '923000001421'),
 ('Peshawar Women''s Digital Centre', '923000001421'),
 ('Lahore Digital Hub', '923000001422'),
 ('Quetta Learning Hub', '923000001423')) AS x(hub, phone)
JOIN prog_hubs h ON h.name = x.hub JOIN users u ON u.phone = x.phone
ON CONFLICT DO NOTHING;

-- Each mentor's slots for the coming week: 11:00 and 15:00 in Pakistan,
-- at the first hub they mentor at.
INSERT INTO prog_slots (hub_id, mentor_id, starts_at)
SELECT (SELECT min(m2.hub_id) FROM prog_mentors m2
    WHERE m2.user_id = m.user_id), m.user_id,
    (date_trunc('day', now() AT TIME ZONE 'Asia/Karachi') +
    (dd || ' days')::interval + (hh || ' hours')::interval)
    AT TIME ZONE 'Asia/Karachi'
FROM (SELECT DISTINCT user_id FROM prog_mentors) m,
    generate_series(1, 7) dd, (VALUES (11), (15)) AS t(hh)
ON CONFLICT (mentor_id, starts_at) DO NOTHING;

-- Learners in the programmes' courses: the seeded trainees of Punjab in
-- C1401 and of KP in C1403, some completed and certified, some applying
-- to a finished gig.
INSERT INTO enrolments (user_id, course_id, status, channel, lessons_done,
    created_at, completed_at)
SELECT u.id, co.id, CASE WHEN u.id % 3 = 0 THEN 'completed' ELSE 'active'
    END, (ARRAY['sms', 'web', 'sms'])[1 + u.id % 3],
    CASE WHEN u.id % 3 = 0 THEN 2 ELSE u.id % 2 END,
    now() - ((u.id % 90) || ' days')::interval,
    CASE WHEN u.id % 3 = 0 THEN now() - ((u.id % 30) || ' days')::interval
    END
FROM users u JOIN districts d ON d.id = u.district_id
JOIN provinces p ON p.id = d.province_id
JOIN courses co ON co.code = CASE p.code WHEN 'PB' THEN 'C1401' ELSE 'C1403' END
WHERE u.phone LIKE '92311%' AND p.code IN ('PB', 'KP') AND u.id % 5 <> 1
ON CONFLICT (user_id, course_id) DO NOTHING;

INSERT INTO certificates (code, user_id, course_id, score)
SELECT 'D' || lpad(e.id::text, 8, '0') || 'Q', e.user_id, e.course_id,
    70 + e.user_id % 30
FROM enrolments e JOIN courses co ON co.id = e.course_id
JOIN users u ON u.id = e.user_id
WHERE co.code IN ('C1401', 'C1403') AND e.status = 'completed'
    AND u.phone LIKE '92311%'
ON CONFLICT DO NOTHING;

INSERT INTO gigs (code, employer_id, title, description, budget_pkr, remote,
    status, created_at, closed_at)
SELECT 'G1914', u.id, 'Data entry for a survey (finished)',
    'Enter 5,000 survey forms into a sheet; done by programme graduates.',
    40000, true, 'done', now() - interval '40 days', now() - interval '10 days'
FROM users u WHERE u.phone = '923000000003'
ON CONFLICT (code) DO NOTHING;

INSERT INTO applications (gig_id, user_id, proposal, status, channel)
SELECT g.id, e.user_id, 'Programme graduate.',
    (ARRAY['applied', 'shortlisted', 'hired', 'rejected'])[1 + e.user_id % 4],
    'sms'
FROM enrolments e JOIN courses co ON co.id = e.course_id
JOIN users u ON u.id = e.user_id, gigs g
WHERE g.code = 'G1914' AND co.code IN ('C1401', 'C1403')
    AND e.status = 'completed' AND u.phone LIKE '92311%'
ON CONFLICT (gig_id, user_id) DO NOTHING;
