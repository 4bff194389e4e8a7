-- Demo lessons and quiz questions for the seeded courses (issue 4).
-- SMS bodies stay within two parts with their "C101 1/3: " prefix.
INSERT INTO lessons (course_id, position, title, body_web, body_sms)
SELECT co.id, x.pos, x.title, x.web, x.sms
FROM (VALUES
 ('C101', 1, 'What freelancing is',
  'Freelancing means selling a skill to clients, one job at a time. You set your hours and your price; clients pay for results, not for time in an office. Start with one skill you already have.',
  'Freelancing ka matlab hai apna hunar clients ko bechna, ek kaam ek waqt. Waqt aur qeemat aap tay karte hain. Jo hunar aap ke paas hai, usi se shuru karein.'),
 ('C101', 2, 'Finding clients',
  'Clients find freelancers on marketplaces such as Upwork and Fiverr, and through people they know. A clear profile with samples of your work wins the first jobs.',
  'Clients Upwork, Fiverr aur jaan pehchan se milte hain. Saaf profile aur apne kaam ke namoone pehla kaam dilwate hain.'),
 ('C101', 3, 'Getting paid safely',
  'Agree the price and the work in writing before you start. Use the marketplace''s payment protection, or ask for part of the fee in advance. Never share your bank PIN.',
  'Kaam shuru karne se pehle qeemat aur kaam likh kar tay karein. Marketplace ki payment protection istemal karein. Apna bank PIN kabhi kisi ko na batayein.'),
 ('C106', 1, 'Greeting a client',
  'Open with the client''s name and one line that shows you read their post: "Hi Sara, I can design the 10 posts you need for your clothing brand."',
  'Open with the client''s name and one line that shows you read their post, e.g. "Hi Sara, I can design the 10 posts for your brand."'),
 ('C106', 2, 'Writing a proposal',
  'A good proposal says what you will deliver, by when, and for how much. Keep it short: three to five sentences, then a question that invites a reply.',
  'A good proposal says what you deliver, by when and for how much. Keep it to 3-5 sentences and end with a question.'),
 ('C105', 1, 'Facebook page',
  'A Facebook page for your shop: a clear photo, opening hours, address and WhatsApp number.',
  'اپنی دکان کا فیس بک پیج بنائیں: صاف تصویر، اوقات، پتہ اور واٹس ایپ نمبر۔'),
 ('C105', 2, 'WhatsApp catalogue',
  'Put your products in a WhatsApp Business catalogue with prices, so customers can order by message.',
  'واٹس ایپ بزنس کیٹلاگ میں اپنی چیزیں قیمت کے ساتھ لگائیں۔'),
 ('C102', 1, 'Canva basics',
  'Create a free Canva account, pick a template for an Instagram post and change its text and colours.',
  'Canva: free account banayein, Instagram post ka template chunein, text aur rang badlein.'),
 ('C102', 2, 'Design for a brand',
  'Use the brand''s two or three colours and one font family everywhere. Consistency makes a brand look professional.',
  'Brand ke 2-3 rang aur ek font har jagah istemal karein.'),
 ('C104', 1, 'Installing WordPress',
  'Most hosts install WordPress in one click. Choose a theme, then add pages: Home, About, Services, Contact.',
  'WordPress one-click install, phir theme aur pages: Home, About, Services, Contact.')
) AS x(code, pos, title, web, sms)
JOIN courses co ON co.code = x.code
ON CONFLICT (course_id, position) DO NOTHING;

INSERT INTO quiz_questions (lesson_id, question, options, correct)
SELECT l.id, x.q, x.opts, x.correct
FROM (VALUES
 ('C101', 1, 'Freelancer kaun tay karta hai qeemat?', ARRAY['Client', 'Freelancer khud', 'Hukumat'], 2),
 ('C101', 2, 'Pehla kaam kis se milta hai?', ARRAY['Saaf profile aur namoone', 'Lambi CV', 'Sirf sasti qeemat'], 1),
 ('C101', 3, 'Bank PIN kis ko batana chahiye?', ARRAY['Client ko', 'Dost ko', 'Kisi ko nahin'], 3),
 ('C106', 1, 'How should you open a message to a client?', ARRAY['Dear Sir/Madam', 'With their name and their need', 'With your price'], 2),
 ('C106', 2, 'How long is a good proposal?', ARRAY['One word', '3-5 sentences', 'Two pages'], 2),
 ('C105', 1, 'فیس بک پیج پر کیا ضروری ہے؟', ARRAY['واٹس ایپ نمبر', 'لمبی کہانی', 'کچھ نہیں'], 1),
 ('C105', 2, 'کیٹلاگ میں کیا لگائیں؟', ARRAY['قیمت کے ساتھ چیزیں', 'صرف نام', 'کچھ نہیں'], 1),
 ('C102', 1, 'Where do you start a new Instagram post in Canva?', ARRAY['From a template', 'In Excel', 'On paper'], 1),
 ('C102', 2, 'What makes a brand look professional?', ARRAY['Many fonts', 'Consistent colours and font', 'Bright colours only'], 2),
 ('C104', 1, 'Which page is NOT one of the four basic pages?', ARRAY['Home', 'Contact', 'Checkout'], 3)
) AS x(code, pos, q, opts, correct)
JOIN courses co ON co.code = x.code
JOIN lessons l ON l.course_id = co.id AND l.position = x.pos
ON CONFLICT (lesson_id) DO NOTHING;

-- C101 is written in Roman Urdu; its lessons and questions in English and
-- Urdu script too, so that every learner reads it in their own language
-- (lesson_texts, V0032).  Options in the same order as the Roman Urdu
-- ones: the right answer is the same letter.  Urdu bodies stay within
-- two UCS-2 parts (134 characters) with the "C101 1/3: " prefix.  Each
-- was written for the lesson as the seed has it (written_*, V0045).
INSERT INTO lesson_texts (lesson_id, lang, body_sms, question, options,
    written_sms, written_question, written_options)
SELECT l.id, x.lang, x.sms, x.q, x.opts, l.body_sms, q.question, q.options
FROM (VALUES
 ('C101', 1, 'en',
  'Freelancing means selling your skill to clients, one job at a time. You set your hours and your price. Start with a skill you already have.',
  'Who sets a freelancer''s price?', ARRAY['The client', 'The freelancer', 'The government']),
 ('C101', 1, 'ur',
  'فری لانسنگ یعنی اپنا ہنر کلائنٹس کو بیچنا، ایک وقت میں ایک کام۔ وقت اور قیمت آپ طے کریں۔ اپنے ہنر سے شروع کریں۔',
  'فری لانسر کی قیمت کون طے کرتا ہے؟', ARRAY['کلائنٹ', 'فری لانسر خود', 'حکومت']),
 ('C101', 2, 'en',
  'Clients find freelancers on Upwork, Fiverr and through people they know. A clear profile with samples of your work wins the first job.',
  'What wins the first job?', ARRAY['A clear profile and samples', 'A long CV', 'Only a low price']),
 ('C101', 2, 'ur',
  'کلائنٹ اپ ورک، فائیور اور جان پہچان سے ملتے ہیں۔ صاف پروفائل اور اپنے کام کے نمونے پہلا کام دلواتے ہیں۔',
  'پہلا کام کس سے ملتا ہے؟', ARRAY['صاف پروفائل اور نمونے', 'لمبی سی وی', 'صرف سستی قیمت']),
 ('C101', 3, 'en',
  'Agree the price and the work in writing before you start. Use the marketplace''s payment protection. Never tell anyone your bank PIN.',
  'Who should know your bank PIN?', ARRAY['The client', 'A friend', 'No one']),
 ('C101', 3, 'ur',
  'کام سے پہلے قیمت اور کام لکھ کر طے کریں۔ مارکیٹ پلیس کی پیمنٹ پروٹیکشن استعمال کریں۔ اپنا بینک PIN کبھی کسی کو نہ بتائیں۔',
  'بینک PIN کس کو بتانا چاہیے؟', ARRAY['کلائنٹ کو', 'دوست کو', 'کسی کو نہیں']),
 -- C105 (Urdu) and C106 (English), the other SMS courses, in the other
 -- two languages each (a new user's walk found them in one language).
 ('C105', 1, 'en',
  'Make a Facebook page for your shop: a clear photo, opening hours, address and WhatsApp number.',
  'What must a Facebook page have?', ARRAY['A WhatsApp number', 'A long story', 'Nothing']),
 ('C105', 1, 'ru',
  'Apni dukaan ka Facebook page banayein: saaf tasveer, auqaat, pata aur WhatsApp number.',
  'Facebook page par kya zaroori hai?', ARRAY['WhatsApp number', 'Lambi kahani', 'Kuch nahin']),
 ('C105', 2, 'en',
  'Put your products in a WhatsApp Business catalogue with their prices, so customers can order by message.',
  'What goes in the catalogue?', ARRAY['Products with prices', 'Only names', 'Nothing']),
 ('C105', 2, 'ru',
  'WhatsApp Business catalogue mein apni cheezein qeemat ke saath lagayein, taake gahak message se order karein.',
  'Catalogue mein kya lagayein?', ARRAY['Qeemat ke saath cheezein', 'Sirf naam', 'Kuch nahin']),
 ('C106', 1, 'ru',
  'Client ke naam se shuru karein aur ek line likhein jo dikhaye ke aap ne un ki post parhi: "Hi Sara, main aap ke brand ki 10 posts bana sakti hoon."',
  'Client ko message kaise shuru karein?', ARRAY['Dear Sir/Madam', 'Un ke naam aur zaroorat se', 'Apni qeemat se']),
 ('C106', 1, 'ur',
  'کلائنٹ کے نام سے شروع کریں اور ایک لائن لکھیں جس سے لگے کہ آپ نے ان کی پوسٹ پڑھی ہے۔',
  'کلائنٹ کو پیغام کیسے شروع کریں؟', ARRAY['جناب/محترمہ', 'ان کے نام اور ضرورت سے', 'اپنی قیمت سے']),
 ('C106', 2, 'ru',
  'Achi proposal batati hai ke aap kya denge, kab tak aur kitne mein. 3-5 jumlay likhein aur aakhir mein ek sawal poochein.',
  'Achi proposal kitni lambi ho?', ARRAY['Ek lafz', '3-5 jumlay', 'Do safhay']),
 ('C106', 2, 'ur',
  'اچھی پروپوزل بتاتی ہے کہ آپ کیا دیں گے، کب تک اور کتنے میں۔ تین سے پانچ جملے لکھیں، آخر میں ایک سوال پوچھیں۔',
  'اچھی پروپوزل کتنی لمبی ہو؟', ARRAY['ایک لفظ', 'تین سے پانچ جملے', 'دو صفحے'])
) AS x(code, pos, lang, sms, q, opts)
JOIN courses co ON co.code = x.code
JOIN lessons l ON l.course_id = co.id AND l.position = x.pos
LEFT JOIN quiz_questions q ON q.lesson_id = l.id
ON CONFLICT (lesson_id, lang) DO NOTHING;
