-- matching: shorter offer texts.  An offer with a 40-character employer
-- name took 3 UCS-2 parts in Urdu script (163 characters); now at most 2
-- in every language for gig codes up to G99999 (Urdu 131 of 134), and
-- one part for a usual name in English and Roman Urdu.
CREATE OR REPLACE FUNCTION match_text(p_lang text, p_key text, a text, b text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p_key || ':' || p_lang
	WHEN 'offer:en' THEN 'Hunar: ' || a || ' offers you gig ' || b ||
	    '. Reply YES ' || b || ' or NO ' || b ||
	    '. Your number is shared only after YES.'
	WHEN 'offer:ru' THEN 'Hunar: ' || a || ' ki gig ' || b ||
	    ' ki offer. Qubool: YES ' || b || ', inkaar: NO ' || b ||
	    '. Number sirf YES ke baad diya jaye ga.'
	WHEN 'offer:ur' THEN 'ہنر: ' || a || ' کی پیشکش، گِگ ' || b ||
	    '۔ قبول: YES ' || b || '، انکار: NO ' || b ||
	    '۔ نمبر صرف YES کے بعد ملے گا۔'
	WHEN 'yes:en' THEN 'Hunar: you accepted gig ' || b || '. ' || a ||
	    ' can now see your number and will contact you.'
	WHEN 'yes:ru' THEN 'Hunar: aap ne gig ' || b || ' qubool kar liya. ' ||
	    a || ' ab aap ka number dekh sakta hai aur rabta kare ga.'
	WHEN 'yes:ur' THEN 'ہنر: آپ نے گِگ ' || b || ' قبول کر لیا۔ ' || a ||
	    ' اب آپ کا نمبر دیکھ سکتا ہے اور رابطہ کرے گا۔'
	WHEN 'no:en' THEN 'Hunar: you declined gig ' || b ||
	    '. Your number stays private.'
	WHEN 'no:ru' THEN 'Hunar: aap ne gig ' || b ||
	    ' se inkaar kar diya. Aap ka number raaz rahe ga.'
	WHEN 'no:ur' THEN 'ہنر: آپ نے گِگ ' || b ||
	    ' سے انکار کر دیا۔ آپ کا نمبر پوشیدہ رہے گا۔'
	WHEN 'none:en' THEN 'Hunar: you have no open offer' ||
	    coalesce(' for ' || b, '') || '.'
	WHEN 'none:ru' THEN 'Hunar: aap ke liye koi khuli offer nahi' ||
	    coalesce(' (' || b || ')', '') || '.'
	WHEN 'none:ur' THEN 'ہنر: آپ کے لیے کوئی کھلی پیشکش نہیں' ||
	    coalesce(' (' || b || ')', '') || '۔'
	WHEN 'gap:en' THEN 'Hunar: learn ' || a || ' to rise most' ||
	    coalesce(' for ' || b, '') || '.'
	WHEN 'gap:ru' THEN 'Hunar: ' || a || ' seekhein, is se' ||
	    coalesce(' ' || b || ' ke liye', '') || ' sab se zyada faida.'
	WHEN 'gap:ur' THEN 'ہنر: ' || a || ' سیکھیں، اس سے' ||
	    coalesce(' ' || b || ' کے لیے', '') || ' سب سے زیادہ فائدہ۔'
	WHEN 'nogap:en' THEN 'Hunar: you already have every skill asked' ||
	    coalesce(' for ' || b, '') || '.'
	WHEN 'nogap:ru' THEN 'Hunar: aap ke paas' ||
	    coalesce(' ' || b || ' ki', '') || ' har maangi gayi skill hai.'
	WHEN 'nogap:ur' THEN 'ہنر: آپ کے پاس' ||
	    coalesce(' ' || b || ' کی', '') || ' ہر مطلوبہ مہارت موجود ہے۔'
	END
$$;

