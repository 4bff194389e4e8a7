-- Demo people, courses and gigs.  Every demo login uses the password
-- "hunar-demo" (its argon2id hash below); see README.md.
SELECT setseed(0.42);

INSERT INTO users (phone, name, role, lang, district_id, gender, org_name,
    password_hash, channel, phone_public)
SELECT u.phone, u.name, u.role::user_role, u.lang,
    (SELECT id FROM districts WHERE name_en = u.district), u.gender, u.org,
    '$argon2id$v=19$m=65536,t=2,p=1$C69jzmJJ5ED0LwlxBsVhPw$OKNMP2snfUSKyaSWnVvfTh2b6bp17WT8Hlt7Wk1I6Cw',
    'seed', u.pub
FROM (VALUES
 ('923000000001', 'Hunar Admin', 'admin', 'en', 'Islamabad', 'x', NULL, false),
 ('923000000002', 'Ayesha Khan', 'trainer', 'en', 'Lahore', 'f', 'Punjab Skills Centre', true),
 ('923000000003', 'Bilal Ahmed', 'employer', 'en', 'Karachi East', 'm', 'Indus Digital', true),
 ('923000000004', 'Sana Baloch', 'trainee', 'ru', 'Quetta', 'f', NULL, false),
 ('923000000005', 'Farhan Yousafzai', 'trainer', 'ur', 'Peshawar', 'm', 'KP Youth Skills', true),
 ('923000000006', 'Mehwish Shah', 'employer', 'en', 'Lahore', 'f', 'Lahore Web Works', true)
) AS u(phone, name, role, lang, district, gender, org, pub)
ON CONFLICT (phone) DO NOTHING;

-- An SMS-only trainee: no password, no web login yet.
INSERT INTO users (phone, name, role, lang, district_id, gender, channel)
VALUES ('923001111111', 'Ali Raza', 'trainee', 'ru',
    (SELECT id FROM districts WHERE name_en = 'Swat'), 'm', 'sms')
ON CONFLICT (phone) DO NOTHING;

-- 300 trainees spread over every district, with 3-6 skills each.
INSERT INTO users (phone, name, role, lang, district_id, gender, channel,
    last_active)
SELECT '92311' || lpad(g::text, 7, '0'),
    (ARRAY['Ahmed','Fatima','Usman','Zainab','Hamza','Ayesha','Bilal','Hira',
      'Imran','Sadia','Kashif','Nimra','Waqas','Iqra','Tariq','Rabia'])[1 + g % 16]
    || ' ' ||
    (ARRAY['Khan','Baloch','Shah','Malik','Qureshi','Butt','Chaudhry','Memon',
      'Jatoi','Yousafzai','Afridi','Abbasi','Siddiqui','Raza'])[1 + (g * 7) % 14],
    'trainee', (ARRAY['en','ru','ur'])[1 + g % 3],
    1 + (g * 13) % (SELECT count(*) FROM districts),
    (ARRAY['f','m'])[1 + g % 2], 'seed',
    now() - ((g % 60) || ' days')::interval
FROM generate_series(1, 300) g
ON CONFLICT (phone) DO NOTHING;

INSERT INTO user_skills (user_id, skill_id, level)
SELECT u.id, 1 + ((u.id * 31 + k * 17) % (SELECT count(*) FROM skills)),
    1 + ((u.id + k) % 3)
FROM users u, generate_series(0, 5) k
WHERE u.phone LIKE '92311%' AND k < 3 + u.id % 4
ON CONFLICT DO NOTHING;

INSERT INTO user_skills (user_id, skill_id, level)
SELECT u.id, s.id, 2 FROM users u, skills s
WHERE u.phone = '923000000004'
    AND s.slug IN ('graphic-design', 'canva', 'english-freelancing')
ON CONFLICT DO NOTHING;

INSERT INTO profiles (user_id, bio, availability)
SELECT id, 'Learning digital skills with Hunar.',
    (ARRAY['full_time','part_time','weekends'])[1 + id % 3]
FROM users WHERE role = 'trainee'
ON CONFLICT DO NOTHING;

-- Courses: C101.. from the two demo trainers.
INSERT INTO courses (code, trainer_id, title_en, title_ur, desc_en, desc_ur,
    mode, district_id, lang, capacity, cadence_hours)
SELECT c.code, (SELECT id FROM users WHERE phone = c.trainer), c.title_en,
    c.title_ur, c.desc_en, c.desc_ur, c.mode::course_mode,
    (SELECT id FROM districts WHERE name_en = c.district), c.lang, c.cap, 24
FROM (VALUES
 ('C101', '923000000002', 'Freelancing basics by SMS', 'ایس ایم ایس پر فری لانسنگ کی بنیاد',
  'Find clients, price your work, get paid safely.', 'کلائنٹ تلاش کریں، قیمت طے کریں، محفوظ ادائیگی لیں۔',
  'sms', NULL, 'ru', 500),
 ('C102', '923000000002', 'Graphic design with Canva', 'کینوا کے ساتھ گرافک ڈیزائن',
  'Posters, social posts and logos on a phone.', 'فون پر پوسٹر، سوشل پوسٹ اور لوگو۔',
  'online', NULL, 'en', 200),
 ('C103', '923000000005', 'Data entry and MS Excel', 'ڈیٹا انٹری اور ایکسل',
  'Typing speed, spreadsheets, accuracy.', 'ٹائپنگ، اسپریڈشیٹ، درستگی۔',
  'centre', 'Peshawar', 'ur', 2),
 ('C104', '923000000005', 'WordPress websites', 'ورڈپریس ویب سائٹس',
  'Build and sell small business websites.', 'چھوٹے کاروبار کی ویب سائٹ بنائیں۔',
  'online', NULL, 'en', 150),
 ('C105', '923000000002', 'Digital marketing for small shops', 'چھوٹی دکانوں کے لیے ڈیجیٹل مارکیٹنگ',
  'Facebook pages, WhatsApp catalogues, ads.', 'فیس بک پیج، واٹس ایپ کیٹلاگ، اشتہارات۔',
  'sms', NULL, 'ur', 300),
 ('C106', '923000000005', 'English for freelancing', 'فری لانسنگ کے لیے انگریزی',
  'Write proposals and talk to clients.', 'تجاویز لکھیں اور کلائنٹ سے بات کریں۔',
  'sms', NULL, 'en', 1000)
) AS c(code, trainer, title_en, title_ur, desc_en, desc_ur, mode, district, lang, cap)
ON CONFLICT (code) DO NOTHING;

INSERT INTO course_skills (course_id, skill_id)
SELECT co.id, s.id FROM (VALUES
 ('C101', 'freelancing-basics'), ('C101', 'upwork-profile'),
 ('C101', 'client-communication'), ('C102', 'graphic-design'),
 ('C102', 'canva'), ('C103', 'data-entry'), ('C103', 'ms-excel'),
 ('C104', 'wordpress'), ('C104', 'html-css'),
 ('C105', 'digital-marketing'), ('C105', 'social-media'),
 ('C105', 'facebook-ads'), ('C106', 'english-freelancing')
) AS x(code, slug)
JOIN courses co ON co.code = x.code JOIN skills s ON s.slug = x.slug
ON CONFLICT DO NOTHING;

-- Gigs G1001.. from the two demo employers.
INSERT INTO gigs (code, employer_id, title, description, budget_pkr, remote,
    district_id, deadline)
SELECT g.code, (SELECT id FROM users WHERE phone = g.emp), g.title, g.descr,
    g.budget, g.remote, (SELECT id FROM districts WHERE name_en = g.district),
    current_date + g.days
FROM (VALUES
 ('G1001', '923000000003', 'Design 10 social media posts', 'Canva or Photoshop posts for a clothing brand, Urdu and English text.', 8000, true, NULL, 14),
 ('G1002', '923000000003', 'Data entry: 2,000 product listings', 'Copy product details from PDF catalogues into Excel sheets accurately.', 15000, true, NULL, 21),
 ('G1003', '923000000006', 'WordPress site for a Lahore bakery', 'Five pages, menu, WhatsApp order button, Urdu page.', 45000, false, 'Lahore', 30),
 ('G1004', '923000000006', 'Urdu to English translation of a brochure', '12 pages of a school brochure.', 6000, true, NULL, 10),
 ('G1005', '923000000003', 'Facebook ads for a Karachi restaurant', 'Run and report a one month campaign.', 25000, false, 'Karachi East', 20),
 ('G1006', '923000000006', 'Logo for a Swat tourism startup', 'Three logo concepts and final files.', 10000, true, NULL, 12),
 ('G1007', '923000000003', 'Customer support agent (Urdu/English)', 'Evening shift chat support, from home.', 35000, true, NULL, 40),
 ('G1008', '923000000006', 'Python script to clean sales data', 'Merge monthly CSV files and produce a summary.', 20000, true, NULL, 15)
) AS g(code, emp, title, descr, budget, remote, district, days)
ON CONFLICT (code) DO NOTHING;

INSERT INTO gig_skills (gig_id, skill_id, required, min_level)
SELECT gi.id, s.id, x.req, x.lvl FROM (VALUES
 ('G1001', 'graphic-design', true, 2), ('G1001', 'canva', true, 1),
 ('G1001', 'photoshop', false, 1), ('G1002', 'data-entry', true, 1),
 ('G1002', 'ms-excel', true, 2), ('G1003', 'wordpress', true, 2),
 ('G1003', 'html-css', false, 1), ('G1004', 'translation', true, 2),
 ('G1004', 'english-freelancing', false, 1), ('G1005', 'facebook-ads', true, 2),
 ('G1005', 'digital-marketing', true, 1), ('G1005', 'social-media', false, 1),
 ('G1006', 'logo-design', true, 2), ('G1006', 'illustrator', false, 1),
 ('G1007', 'customer-support', true, 1), ('G1007', 'english-freelancing', true, 2),
 ('G1008', 'python', true, 2), ('G1008', 'data-analysis', false, 1)
) AS x(code, slug, req, lvl)
JOIN gigs gi ON gi.code = x.code JOIN skills s ON s.slug = x.slug
ON CONFLICT DO NOTHING;
