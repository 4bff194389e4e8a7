-- Provinces and districts of Pakistan, and the digital-skills taxonomy.
INSERT INTO provinces (code, name_en, name_ur) VALUES
 ('PB', 'Punjab', 'پنجاب'),
 ('SD', 'Sindh', 'سندھ'),
 ('KP', 'Khyber Pakhtunkhwa', 'خیبر پختونخوا'),
 ('BA', 'Balochistan', 'بلوچستان'),
 ('IS', 'Islamabad Capital Territory', 'اسلام آباد'),
 ('GB', 'Gilgit-Baltistan', 'گلگت بلتستان'),
 ('AJ', 'Azad Jammu & Kashmir', 'آزاد جموں و کشمیر')
ON CONFLICT (code) DO NOTHING;

INSERT INTO districts (province_id, name_en, name_ur)
SELECT p.id, d.name_en, d.name_ur FROM (VALUES
 ('PB', 'Lahore', 'لاہور'), ('PB', 'Faisalabad', 'فیصل آباد'),
 ('PB', 'Rawalpindi', 'راولپنڈی'), ('PB', 'Multan', 'ملتان'),
 ('PB', 'Gujranwala', 'گوجرانوالہ'), ('PB', 'Sialkot', 'سیالکوٹ'),
 ('PB', 'Bahawalpur', 'بہاولپور'), ('PB', 'Sargodha', 'سرگودھا'),
 ('PB', 'Dera Ghazi Khan', 'ڈیرہ غازی خان'), ('PB', 'Rahim Yar Khan', 'رحیم یار خان'),
 ('PB', 'Sahiwal', 'ساہیوال'), ('PB', 'Jhang', 'جھنگ'),
 ('SD', 'Karachi East', 'کراچی شرقی'), ('SD', 'Karachi South', 'کراچی جنوبی'),
 ('SD', 'Hyderabad', 'حیدرآباد'), ('SD', 'Sukkur', 'سکھر'),
 ('SD', 'Larkana', 'لاڑکانہ'), ('SD', 'Mirpur Khas', 'میرپور خاص'),
 ('SD', 'Tharparkar', 'تھرپارکر'), ('SD', 'Nawabshah', 'نوابشاہ'),
 ('KP', 'Peshawar', 'پشاور'), ('KP', 'Swat', 'سوات'),
 ('KP', 'Mardan', 'مردان'), ('KP', 'Abbottabad', 'ایبٹ آباد'),
 ('KP', 'Dera Ismail Khan', 'ڈیرہ اسماعیل خان'), ('KP', 'Kohat', 'کوہاٹ'),
 ('KP', 'Mansehra', 'مانسہرہ'), ('KP', 'Chitral', 'چترال'),
 ('BA', 'Quetta', 'کوئٹہ'), ('BA', 'Gwadar', 'گوادر'),
 ('BA', 'Turbat', 'تربت'), ('BA', 'Khuzdar', 'خضدار'),
 ('BA', 'Sibi', 'سبی'), ('BA', 'Zhob', 'ژوب'),
 ('IS', 'Islamabad', 'اسلام آباد'),
 ('GB', 'Gilgit', 'گلگت'), ('GB', 'Skardu', 'سکردو'), ('GB', 'Hunza', 'ہنزہ'),
 ('AJ', 'Muzaffarabad', 'مظفر آباد'), ('AJ', 'Mirpur', 'میرپور'),
 ('AJ', 'Kotli', 'کوٹلی')
) AS d(prov, name_en, name_ur)
JOIN provinces p ON p.code = d.prov
ON CONFLICT (name_en) DO NOTHING;

INSERT INTO skill_categories (name_en, name_ur) VALUES
 ('Design', 'ڈیزائن'), ('Web & software', 'ویب اور سافٹ ویئر'),
 ('Marketing', 'مارکیٹنگ'), ('Writing & language', 'تحریر اور زبان'),
 ('Office & data', 'دفتر اور ڈیٹا'), ('Media', 'میڈیا'),
 ('Freelancing', 'فری لانسنگ'), ('Commerce', 'تجارت')
ON CONFLICT (name_en) DO NOTHING;

INSERT INTO skills (slug, category_id, name_en, name_ru, name_ur)
SELECT s.slug, c.id, s.name_en, s.name_ru, s.name_ur FROM (VALUES
 ('graphic-design', 'Design', 'Graphic design', 'Graphic design', 'گرافک ڈیزائن'),
 ('logo-design', 'Design', 'Logo design', 'Logo design', 'لوگو ڈیزائن'),
 ('ui-ux', 'Design', 'UI/UX design', 'UI/UX design', 'یو آئی ڈیزائن'),
 ('photoshop', 'Design', 'Adobe Photoshop', 'Photoshop', 'فوٹوشاپ'),
 ('illustrator', 'Design', 'Adobe Illustrator', 'Illustrator', 'السٹریٹر'),
 ('canva', 'Design', 'Canva', 'Canva', 'کینوا'),
 ('figma', 'Design', 'Figma', 'Figma', 'فگما'),
 ('wordpress', 'Web & software', 'WordPress', 'WordPress', 'ورڈپریس'),
 ('html-css', 'Web & software', 'HTML & CSS', 'HTML aur CSS', 'ایچ ٹی ایم ایل'),
 ('javascript', 'Web & software', 'JavaScript', 'JavaScript', 'جاوا اسکرپٹ'),
 ('python', 'Web & software', 'Python', 'Python', 'پائتھن'),
 ('php', 'Web & software', 'PHP', 'PHP', 'پی ایچ پی'),
 ('react', 'Web & software', 'React', 'React', 'ری ایکٹ'),
 ('android', 'Web & software', 'Android apps', 'Android apps', 'اینڈرائیڈ ایپس'),
 ('flutter', 'Web & software', 'Flutter', 'Flutter', 'فلٹر'),
 ('sql', 'Web & software', 'SQL databases', 'SQL database', 'ایس کیو ایل'),
 ('shopify', 'Web & software', 'Shopify stores', 'Shopify store', 'شاپیفائی'),
 ('qa-testing', 'Web & software', 'Software testing', 'Software testing', 'سافٹ ویئر ٹیسٹنگ'),
 ('cybersecurity', 'Web & software', 'Cyber security basics', 'Cyber security', 'سائبر سیکیورٹی'),
 ('cloud', 'Web & software', 'Cloud computing', 'Cloud computing', 'کلاؤڈ کمپیوٹنگ'),
 ('digital-marketing', 'Marketing', 'Digital marketing', 'Digital marketing', 'ڈیجیٹل مارکیٹنگ'),
 ('seo', 'Marketing', 'SEO', 'SEO', 'ایس ای او'),
 ('social-media', 'Marketing', 'Social media management', 'Social media', 'سوشل میڈیا'),
 ('facebook-ads', 'Marketing', 'Facebook ads', 'Facebook ads', 'فیس بک اشتہارات'),
 ('google-ads', 'Marketing', 'Google ads', 'Google ads', 'گوگل اشتہارات'),
 ('email-marketing', 'Marketing', 'Email marketing', 'Email marketing', 'ای میل مارکیٹنگ'),
 ('content-writing', 'Writing & language', 'Content writing', 'Content likhna', 'مواد نویسی'),
 ('copywriting', 'Writing & language', 'Copywriting', 'Copywriting', 'کاپی رائٹنگ'),
 ('english-freelancing', 'Writing & language', 'English for freelancing', 'Freelancing ki English', 'فری لانسنگ کے لیے انگریزی'),
 ('urdu-typing', 'Writing & language', 'Urdu typing (InPage)', 'Urdu typing', 'اردو ٹائپنگ'),
 ('translation', 'Writing & language', 'Urdu-English translation', 'Tarjuma', 'ترجمہ'),
 ('proofreading', 'Writing & language', 'Proofreading', 'Proofreading', 'پروف ریڈنگ'),
 ('data-entry', 'Office & data', 'Data entry', 'Data entry', 'ڈیٹا انٹری'),
 ('ms-excel', 'Office & data', 'MS Excel', 'Excel', 'ایکسل'),
 ('ms-word', 'Office & data', 'MS Word', 'Word', 'ورڈ'),
 ('bookkeeping', 'Office & data', 'Bookkeeping', 'Hisab kitab', 'حساب کتاب'),
 ('virtual-assistant', 'Office & data', 'Virtual assistant', 'Virtual assistant', 'ورچوئل اسسٹنٹ'),
 ('data-analysis', 'Office & data', 'Data analysis', 'Data analysis', 'ڈیٹا تجزیہ'),
 ('customer-support', 'Office & data', 'Customer support', 'Customer support', 'کسٹمر سپورٹ'),
 ('transcription', 'Office & data', 'Transcription', 'Transcription', 'ٹرانسکرپشن'),
 ('video-editing', 'Media', 'Video editing', 'Video editing', 'ویڈیو ایڈیٹنگ'),
 ('photography', 'Media', 'Mobile photography', 'Mobile photography', 'موبائل فوٹوگرافی'),
 ('animation', 'Media', '2D animation', 'Animation', 'اینیمیشن'),
 ('voice-over', 'Media', 'Voice-over', 'Voice over', 'صداکاری'),
 ('youtube', 'Media', 'YouTube channel growth', 'YouTube channel', 'یوٹیوب چینل'),
 ('freelancing-basics', 'Freelancing', 'Freelancing basics', 'Freelancing ki bunyaad', 'فری لانسنگ کی بنیاد'),
 ('upwork-profile', 'Freelancing', 'Upwork and Fiverr profiles', 'Upwork Fiverr profile', 'اپ ورک پروفائل'),
 ('client-communication', 'Freelancing', 'Client communication', 'Client se baat', 'کلائنٹ سے رابطہ'),
 ('ecommerce', 'Commerce', 'E-commerce selling', 'Online karobar', 'ای کامرس'),
 ('amazon-va', 'Commerce', 'Amazon seller support', 'Amazon seller', 'ایمیزون سیلر'),
 ('digital-payments', 'Commerce', 'Digital payments and banking', 'Digital payments', 'ڈیجیٹل ادائیگیاں')
) AS s(slug, cat, name_en, name_ru, name_ur)
JOIN skill_categories c ON c.name_en = s.cat
ON CONFLICT (slug) DO NOTHING;
