/* page_html.c: escaping, the layout, accessible fields; page_str.c,
 * web_str.c and the site's shell (web_shell.c). */
#include <string.h>

#include "web/web.h"
#include "tests/unit/unit.h"

static const char *
html_of(struct infra_buf *b)
{
	return (b->data != NULL ? (const char *)b->data : "");
}

UNIT_TEST(web_html_text_escapes_markup)
{
	struct infra_buf	b;

	infra_buf_init(&b);
	page_html_text(&b, "<script>alert('x')</script> & \"q\"");
	CHECK_STR(html_of(&b), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
	    " &amp; &quot;q&quot;");
	infra_buf_free(&b);

	infra_buf_init(&b);
	page_html_text(&b, "ہنر plain");
	CHECK_STR(html_of(&b), "ہنر plain");
	page_html_text(&b, NULL);
	CHECK_STR(html_of(&b), "ہنر plain");
	infra_buf_free(&b);
}

UNIT_TEST(web_html_attr_escapes_quotes_and_controls)
{
	struct infra_buf	b;

	infra_buf_init(&b);
	page_html_attr(&b, "\" onfocus=\"x\nline");
	CHECK_STR(html_of(&b), "&quot; onfocus=&quot;x line");
	infra_buf_free(&b);
}

UNIT_TEST(web_html_url_encodes_components)
{
	struct infra_buf	b;

	infra_buf_init(&b);
	page_html_url(&b, "/gigs?q=a b&x=\"");
	CHECK_STR(html_of(&b), "%2Fgigs%3Fq%3Da%20b%26x%3D%22");
	infra_buf_free(&b);
}

UNIT_TEST(web_layout_english_is_ltr_and_small)
{
	struct infra_buf	b;
	struct page_layout	l;

	memset(&l, 0, sizeof(l));
	l.shell = &page_shell;
	l.lang = HLANG_EN;
	l.title = "Find <gigs>";
	l.path = "/gigs?q=x";
	infra_buf_init(&b);
	page_layout_open(&b, &l);
	page_layout_close(&b, &l);
	CHECK(strstr(html_of(&b), "<html lang=\"en\" dir=\"ltr\">") != NULL);
	CHECK(strstr(html_of(&b), "<h1>Find &lt;gigs&gt;</h1>") != NULL);
	CHECK(strstr(html_of(&b), "href=\"/lang?l=ur&amp;next=%2Fgigs%3Fq%3Dx\"")
	    != NULL);
	CHECK(strstr(html_of(&b), "href=\"/login\"") != NULL);
	CHECK(strstr(html_of(&b), "/logout") == NULL);
	CHECK(strstr(html_of(&b), "<script") == NULL);
	CHECK(strstr(html_of(&b), "name=\"viewport\"") != NULL);
	CHECK(b.len < 8 * 1024);
	infra_buf_free(&b);
}

UNIT_TEST(web_layout_urdu_is_rtl_with_logout_form)
{
	struct infra_buf	b;
	struct page_layout	l;

	memset(&l, 0, sizeof(l));
	l.shell = &page_shell;
	l.lang = HLANG_UR;
	l.title = "کام";
	l.user_name = "Sana";
	l.role = PAGE_ROLE_TRAINEE;
	l.csrf = "abc";
	infra_buf_init(&b);
	page_layout_open(&b, &l);
	page_layout_close(&b, &l);
	CHECK(strstr(html_of(&b), "<html lang=\"ur\" dir=\"rtl\">") != NULL);
	CHECK(strstr(html_of(&b), "action=\"/logout\"") != NULL);
	CHECK(strstr(html_of(&b), "name=\"csrf\" value=\"abc\"") != NULL);
	CHECK(strstr(html_of(&b), "/me/applications") != NULL);
	CHECK(strstr(html_of(&b), "/workspace") == NULL);
	CHECK(strstr(html_of(&b), "لاگ آؤٹ") != NULL);
	infra_buf_free(&b);

	l.lang = HLANG_RU;
	infra_buf_init(&b);
	page_layout_open(&b, &l);
	CHECK(strstr(html_of(&b), "lang=\"ur-Latn\" dir=\"ltr\"") != NULL);
	infra_buf_free(&b);
}

UNIT_TEST(web_form_field_ties_label_hint_and_error)
{
	struct infra_buf	b;
	struct page_field	f;

	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_TEL;
	f.name = "phone";
	f.label = "Mobile number";
	f.hint = "For example 0300 1234567";
	f.error = "Enter a Pakistani mobile number like 03001234567.";
	f.value = "\"><script>";
	f.required = 1;
	f.maxlength = 20;
	infra_buf_init(&b);
	page_form_field(&b, &f);
	CHECK(strstr(html_of(&b), "<label for=\"f-phone\">Mobile number</label>")
	    != NULL);
	CHECK(strstr(html_of(&b), "id=\"f-phone\" name=\"phone\" required "
	    "maxlength=\"20\" aria-describedby=\"e-phone h-phone\" "
	    "aria-invalid=\"true\"") != NULL);
	CHECK(strstr(html_of(&b), "<span class=\"err\" id=\"e-phone\">") != NULL);
	CHECK(strstr(html_of(&b), "value=\"&quot;&gt;&lt;script&gt;\"") != NULL);
	CHECK(strstr(html_of(&b), "<script>") == NULL);
	infra_buf_free(&b);

	/* A password is never echoed back. */
	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_PASSWORD;
	f.name = "password";
	f.label = "Password";
	f.value = "secret";
	infra_buf_init(&b);
	page_form_field(&b, &f);
	CHECK(strstr(html_of(&b), "secret") == NULL);
	CHECK(strstr(html_of(&b), "aria-describedby") == NULL);
	infra_buf_free(&b);
}

UNIT_TEST(web_form_select_marks_the_current_value)
{
	static const struct page_option	opts[] = {
		{ "trainee", "Freelancer", NULL },
		{ "employer", "Employer", NULL } };
	struct infra_buf		b;
	struct page_field		f;

	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_SELECT;
	f.name = "role";
	f.label = "Role";
	f.value = "employer";
	f.options = opts;
	f.noptions = 2;
	infra_buf_init(&b);
	page_form_field(&b, &f);
	CHECK(strstr(html_of(&b), "<option value=\"employer\" selected>") != NULL);
	CHECK(strstr(html_of(&b), "<option value=\"trainee\">") != NULL);
	infra_buf_free(&b);
}

UNIT_TEST(web_str_every_string_in_every_language)
{
	int	id, l, missing;

	missing = 0;
	for (id = 1; id < WS_COUNT; id++) {
		for (l = 0; l < HLANG_COUNT; l++) {
			if (web_str(id, l)[0] == '\0') {
				printf("  missing string %d lang %d\n", id, l);
				missing++;
			}
		}
	}
	CHECK_INT(missing, 0);
	CHECK_STR(web_str(WS_NAV_LOGOUT, HLANG_UR), "لاگ آؤٹ");
	CHECK_STR(web_str(WS_COUNT, HLANG_EN), "");
}

UNIT_TEST(web_str_urdu_has_urdu_letters)
{
	int		id, bad;
	const char	*s;

	/* Urdu script strings hold Arabic-block letters (0xD8-0xDB lead). */
	bad = 0;
	for (id = 1; id < WS_COUNT; id++) {
		s = web_str(id, HLANG_UR);
		if (strpbrk(s, "\xd8\xd9\xda\xdb") == NULL) {
			printf("  no Urdu letters in string %d\n", id);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
}

UNIT_TEST(page_str_every_string_in_every_language_with_urdu_letters)
{
	int		id, l, bad;
	const char	*s;

	bad = 0;
	for (id = 1; id < PS_COUNT; id++) {
		for (l = 0; l < HLANG_COUNT; l++) {
			if (page_str(id, l)[0] == '\0') {
				printf("  missing kit string %d lang %d\n", id, l);
				bad++;
			}
		}
		s = page_str(id, HLANG_UR);
		if (strpbrk(s, "\xd8\xd9\xda\xdb") == NULL) {
			printf("  no Urdu letters in kit string %d\n", id);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
	CHECK_STR(page_str(PS_NOT_FOUND, HLANG_UR), "صفحہ نہیں ملا۔");
	CHECK_STR(page_str(PS_COUNT, HLANG_EN), "");
}

UNIT_TEST(page_form_select_groups_options)
{
	static const struct page_option	opts[] = {
		{ "1", "Lahore", "Punjab" }, { "2", "Multan", "Punjab" },
		{ "3", "Quetta", "Balochistan" } };
	struct infra_buf		b;
	struct page_field		f;

	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_SELECT;
	f.name = "district";
	f.label = "District";
	f.value = "3";
	f.options = opts;
	f.noptions = 3;
	infra_buf_init(&b);
	page_form_field(&b, &f);
	CHECK(strstr(html_of(&b), "<optgroup label=\"Punjab\"><option "
	    "value=\"1\">Lahore</option><option value=\"2\">Multan</option>"
	    "</optgroup><optgroup label=\"Balochistan\"><option value=\"3\" "
	    "selected>Quetta</option></optgroup></select>") != NULL);
	infra_buf_free(&b);
}
