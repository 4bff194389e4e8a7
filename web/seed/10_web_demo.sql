-- web (issue 5) demo data: the demo freelancer (Sana, 03000000004) has
-- applied for two gigs and the demo employer (Bilal, 03000000003) has a
-- finished gig with reviews both ways, so every page has something to
-- show after `make run`.  Idempotent: each row is inserted once.

INSERT INTO applications (gig_id, user_id, proposal, status, channel)
SELECT g.id, u.id, p.proposal, p.status, p.channel
FROM (VALUES
 ('G1001', '923000000004', 'I design posts in Canva every week for two '
  'shops in Quetta; I can send samples today.', 'shortlisted', 'web'),
 ('G1002', '923000000004', 'Fast and careful with Excel; 2,000 listings '
  'in four days.', 'applied', 'web'),
 ('G1002', '923110000007', 'APPLY by SMS', 'applied', 'sms'),
 ('G1001', '923110000011', 'Mujhe Canva aata hai, sample bhej sakti hoon.',
  'applied', 'web')
) AS p(code, phone, proposal, status, channel)
JOIN gigs g ON g.code = p.code JOIN users u ON u.phone = p.phone
ON CONFLICT (gig_id, user_id) DO NOTHING;

-- A finished gig of Bilal's, hired and reviewed.
INSERT INTO gigs (code, employer_id, title, description, budget_pkr, remote,
    status, created_at, closed_at)
SELECT 'G1900', u.id, 'Urdu captions for 12 short videos',
    'Add Urdu and English captions to twelve one-minute product videos.',
    9000, true, 'done', now() - interval '20 days', now() - interval '5 days'
FROM users u WHERE u.phone = '923000000003'
ON CONFLICT (code) DO NOTHING;

INSERT INTO gig_skills (gig_id, skill_id, required)
SELECT g.id, s.id, s.slug = 'video-editing'
FROM gigs g, skills s
WHERE g.code = 'G1900' AND s.slug IN ('video-editing', 'translation')
ON CONFLICT DO NOTHING;

INSERT INTO applications (gig_id, user_id, proposal, status, channel)
SELECT g.id, u.id, 'I edit videos on my phone and write Urdu captions.',
    'done', 'web'
FROM gigs g, users u WHERE g.code = 'G1900' AND u.phone = '923000000004'
ON CONFLICT (gig_id, user_id) DO NOTHING;

INSERT INTO reviews (gig_id, author_id, subject_id, rating, body)
SELECT g.id, r.author, r.subject, r.rating, r.body
FROM gigs g,
 (SELECT e.id AS author, f.id AS subject, 5 AS rating,
   'Captions on time and without mistakes.' AS body
  FROM users e, users f
  WHERE e.phone = '923000000003' AND f.phone = '923000000004'
  UNION ALL
  SELECT f.id, e.id, 5, 'Clear instructions, paid the same day.'
  FROM users e, users f
  WHERE e.phone = '923000000003' AND f.phone = '923000000004') r
WHERE g.code = 'G1900'
ON CONFLICT (gig_id, author_id) DO NOTHING;

UPDATE profiles SET bio = 'Freelancer from Quetta: social media posts, '
    'data entry and Urdu captions. Available on weekends.',
    links = 'https://example.org/sana-portfolio', availability = 'weekends'
WHERE user_id = (SELECT id FROM users WHERE phone = '923000000004')
  AND links = '';
