/*
 * HTML for every page: escaping, the layout (one small inline stylesheet,
 * no JavaScript, mobile first) and accessible form fields.  Pure: it
 * writes into a struct infra_buf, the Kore glue copies that into the
 * response.  A failed allocation inside infra_buf_add() leaves the buffer
 * as it was, so at worst a page is cut short; it is never corrupt.
 */
#include <stdio.h>
#include <string.h>

#include "infra/page.h"

#define S(b, s)		page_html_s((b), (s))

/*
 * One stylesheet, inline so a page is one request on a 2G link.  Logical
 * properties (margin-inline, text-align:start) make it right for Urdu's
 * right-to-left without a second sheet.
 */
static const char page_css[] =
    "*{box-sizing:border-box}"
    "@font-face{font-family:'Hunar Urdu';src:url(/fonts/urdu.ttf) "
    "format('truetype');font-display:swap;unicode-range:U+0600-06FF,"
    "U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF}"
    "body{margin:0;font:16px/1.5 system-ui,'Hunar Urdu',sans-serif;"
    "color:#1b1b1b;background:#fafaf7;overflow-wrap:break-word}"
    "html[lang=ur] body{font-family:'Hunar Urdu',system-ui,serif;"
    "line-height:1.9}"
    "header,main,footer{max-width:46rem;margin:0 auto;padding:.75rem}"
    "header{background:#0b5d3b;color:#fff;max-width:none;padding:.5rem .75rem}"
    "header p{margin:.25rem 0}h1{font-size:1.5rem;margin:.5rem 0}"
    "header a{color:#fff}nav a,nav button{margin-inline-end:.75rem;"
    "white-space:nowrap}"
    "nav form{display:inline}"
    "a{color:#0b5d3b}"
    ".skip{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0)}.skip:focus{width:auto;height:auto;clip:auto;"
    "background:#fff;color:#000;padding:.5rem}"
    "label{display:block;font-weight:600;margin-top:.75rem}"
    "input,select,textarea{width:100%;font:inherit;padding:.5rem;"
    "border:1px solid #767676;border-radius:4px}"
    "input[type=checkbox],input[type=radio]{width:auto;margin:0}"
    /* A choice: the box beside its words, at the line's start (RTL too). */
    ".choice{display:flex;align-items:baseline;gap:.5rem;"
    "font-weight:400;margin-top:.5rem}"
    "[aria-invalid=true]{border:2px solid #b00020}"
    ".hint,.err{display:block}.hint{color:#555;font-size:.9rem}"
    ".err{color:#b00020;font-weight:600}"
    ".flash{background:#e6f4ea;border-inline-start:4px solid #0b5d3b;"
    "padding:.5rem}"
    ".alert{background:#fdecea;border-inline-start:4px solid #b00020;"
    "padding:.5rem}"
    "button{font:inherit;padding:.5rem 1rem;margin-top:.75rem;"
    "overflow-wrap:normal;white-space:nowrap;"
    "background:#0b5d3b;color:#fff;border:0;border-radius:4px}"
    "nav button{background:none;padding:0;margin:0;text-decoration:"
    "underline;color:#fff}"
    ".card{background:#fff;border:1px solid #ddd;border-radius:6px;"
    "padding:.75rem;margin:.75rem 0}"
    ".meta{color:#555;font-size:.9rem}"
    ".card h2{font-size:1.15rem;margin:0 0 .25rem}.card p{margin:.25rem 0}"
    ".qbox{display:flex;gap:.5rem}.qbox button{margin:0}"
    "summary{font-weight:600;padding:.25rem 0;cursor:pointer}"
    ".tags{list-style:none;padding:0;margin:.25rem 0;display:flex;"
    "flex-wrap:wrap;gap:.25rem}.tags li{background:#e6f0ea;"
    "border-radius:1rem;padding:0 .5rem;font-size:.85rem}"
    ".links{list-style:none;padding:0}.stars{color:#8a5a00;margin:0}"
    "table{border-collapse:collapse;width:100%}caption{text-align:start;"
    "font-weight:600}th,td{text-align:start;padding:.25rem;vertical-align:"
    "top}thead th{border-bottom:2px solid #767676}tr.sub td{border-bottom:"
    "1px solid #ddd;padding-top:0}.rank form,.rank button{display:inline;"
    "margin:0}.rank details ul{margin:0}.rank time,.rank .phone{"
    "white-space:nowrap}"
    ".num{text-align:end;white-space:nowrap;font-variant-numeric:"
    "tabular-nums}"
    ".danger button{background:#fff;color:#b00020;border:2px solid #b00020}"
    ".row{display:flex;flex-wrap:wrap;gap:.5rem}"
    ".row>*{flex:1 1 10rem}"
    "@media(min-width:40rem){body{font-size:17px}}";

void
page_html_textn(struct infra_buf *b, const char *s, size_t len)
{
	size_t		i, run;
	const char	*rep;

	run = 0;
	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '\0':
			rep = "";
			break;
		default:
			continue;
		}
		(void)infra_buf_add(b, s + run, i - run);
		(void)infra_buf_add(b, rep, strlen(rep));
		run = i + 1;
	}
	(void)infra_buf_add(b, s + run, len - run);
}

/* Text content: <, >, & and both quotes, so it is also safe in attributes. */
void
page_html_text(struct infra_buf *b, const char *s)
{
	if (s != NULL)
		page_html_textn(b, s, strlen(s));
}

/*
 * An attribute value, always written quoted by the caller.  Beyond the
 * text escapes, control characters become spaces so a value never
 * breaks the line structure of a header-like attribute.
 */
void
page_html_attr(struct infra_buf *b, const char *s)
{
	size_t		i, run, len;
	char		sp = ' ';

	if (s == NULL)
		return;
	len = strlen(s);
	run = 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			page_html_textn(b, s + run, i - run);
			(void)infra_buf_add(b, &sp, 1);
			run = i + 1;
		}
	}
	page_html_textn(b, s + run, len - run);
}

/* Markup we wrote ourselves: copied as it is. */
void
page_html_s(struct infra_buf *b, const char *s)
{
	(void)infra_buf_add(b, s, strlen(s));
}

/* A query-string component: unreserved bytes stay, the rest is %XX. */
void
page_html_url(struct infra_buf *b, const char *s)
{
	static const char	hex[] = "0123456789ABCDEF";
	unsigned char		c;
	char			e[3];

	for (; s != NULL && *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~') {
			(void)infra_buf_add(b, s, 1);
			continue;
		}
		e[0] = '%';
		e[1] = hex[c >> 4];
		e[2] = hex[c & 0xf];
		(void)infra_buf_add(b, e, 3);
	}
}

void
page_html_str(struct infra_buf *b, enum page_str id, enum hlang lang)
{
	page_html_text(b, page_str(id, lang));
}

/* The language switch: plain links, so it works without JavaScript. */
static void
page_layout_langs(struct infra_buf *b, const struct page_layout *l)
{
	static const char *const	code[HLANG_COUNT] =
	    { "en", "ru", "ur" };
	static const char *const	name[HLANG_COUNT] =
	    { "English", "Roman Urdu", "اردو" };
	static const char *const	tag[HLANG_COUNT] =
	    { "en", "ur-Latn", "ur" };
	int				i;

	S(b, "<p aria-label=\"");
	page_html_str(b, PS_LANG, l->lang);
	S(b, "\">");
	for (i = 0; i < HLANG_COUNT; i++) {
		if (i > 0)
			S(b, " | ");
		if ((int)l->lang == i) {
			(void)infra_buf_fmt(b,
			    "<strong lang=\"%s\">%s</strong>", tag[i], name[i]);
			continue;
		}
		(void)infra_buf_fmt(b, "<a lang=\"%s\" hreflang=\"%s\" "
		    "href=\"/lang?l=%s&amp;next=", tag[i], tag[i], code[i]);
		page_html_url(b, l->path != NULL ? l->path : "/");
		(void)infra_buf_fmt(b, "\">%s</a>", name[i]);
	}
	S(b, "</p>");
}

/*
 * A table's opening in a box a phone scrolls sideways (the page itself
 * keeps its width), with its caption and, unless NULL, the table's id.
 * The box is a named region a keyboard can reach (axe-core's
 * scrollable-region-focusable, found by issue 11's page sweep).  The
 * caller closes "</table></div>".
 */
void
page_html_table(struct infra_buf *b, const char *caption, const char *id)
{
	S(b, "<div class=\"tw\" style=\"overflow-x:auto\" tabindex=\"0\" "
	    "role=\"region\" aria-label=\"");
	page_html_attr(b, caption);
	S(b, "\"><table style=\"border-collapse:collapse\"");
	if (id != NULL) {
		S(b, " id=\"");
		page_html_attr(b, id);
		S(b, "\"");
	}
	S(b, "><caption>");
	page_html_text(b, caption);
	S(b, "</caption>");
}

/* A card's opening: its heading is title, linked to prefix + code. */
void
page_html_card(struct infra_buf *b, const char *prefix, const char *code,
    const char *title)
{
	S(b, "<article class=\"card\"><h2 dir=\"auto\"><a href=\"");
	S(b, prefix);
	page_html_attr(b, code);
	S(b, "\">");
	page_html_text(b, title);
	S(b, "</a></h2>");
}

/* " &middot; Label<sep>value": one more fact on a line of them. */
void
page_html_meta(struct infra_buf *b, const char *label, const char *sep,
    const char *value)
{
	S(b, " &middot; ");
	page_html_text(b, label);
	S(b, sep);
	page_html_text(b, value);
}

void
page_layout_open(struct infra_buf *b, const struct page_layout *l)
{
	enum hlang	lang = l->lang;

	/* Roman Urdu is Urdu in Latin letters: left to right. */
	if (lang == HLANG_UR)
		S(b, "<!doctype html><html lang=\"ur\" dir=\"rtl\">");
	else if (lang == HLANG_RU)
		S(b, "<!doctype html><html lang=\"ur-Latn\" dir=\"ltr\">");
	else
		S(b, "<!doctype html><html lang=\"en\" dir=\"ltr\">");
	S(b, "<head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,"
	    "initial-scale=1\"><link rel=\"icon\" href=\"/favicon.svg\" "
	    "type=\"image/svg+xml\"><title>");
	if (l->title != NULL && l->title[0] != '\0') {
		page_html_text(b, l->title);
		S(b, " - ");
	}
	page_html_str(b, PS_SITE, lang);
	S(b, "</title><style>");
	S(b, page_css);
	S(b, "</style></head><body><a class=\"skip\" href=\"#main\">");
	page_html_str(b, PS_SKIP, lang);
	S(b, "</a><header><strong><a href=\"/\">");
	page_html_str(b, PS_SITE, lang);
	S(b, "</a></strong> ");
	if (l->shell != NULL && l->shell->header != NULL)
		l->shell->header(b, l);
	page_layout_langs(b, l);
	S(b, "</header><main id=\"main\">");
	if (l->flash != NULL && l->flash[0] != '\0') {
		S(b, "<p class=\"flash\" role=\"status\">");
		page_html_text(b, l->flash);
		S(b, "</p>");
	}
	if (l->title != NULL && l->title[0] != '\0') {
		S(b, "<h1>");
		page_html_text(b, l->title);
		S(b, "</h1>");
	}
}

void
page_layout_close(struct infra_buf *b, const struct page_layout *l)
{
	S(b, "</main><footer class=\"meta\">");
	if (l->shell != NULL && l->shell->footer != NULL)
		l->shell->footer(b, l);
	S(b, "</footer></body></html>\n");
}

void
page_form_csrf_input(struct infra_buf *b, const char *token)
{
	S(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	page_html_attr(b, token != NULL ? token : "");
	S(b, "\">");
}

/* The summary at the top of a form that failed: role=alert reads it out. */
void
page_form_errors(struct infra_buf *b, enum hlang lang, int n)
{
	char	msg[256];

	if (n <= 0)
		return;
	(void)page_err_fmt(msg, sizeof(msg), PS_ERR_SUMMARY, lang, n, 0);
	S(b, "<p class=\"alert\" role=\"alert\" id=\"form-errors\">");
	page_html_text(b, msg);
	S(b, "</p>");
}

void
page_form_submit(struct infra_buf *b, const char *label)
{
	S(b, "<button type=\"submit\">");
	page_html_text(b, label);
	S(b, "</button>");
}

static const char *
page_field_type(int type)
{
	switch (type) {
	case PAGE_FIELD_PASSWORD:
		return ("password");
	case PAGE_FIELD_TEL:
		return ("tel");
	case PAGE_FIELD_NUMBER:
		return ("number");
	case PAGE_FIELD_DATE:
		return ("date");
	case PAGE_FIELD_HIDDEN:
		return ("hidden");
	case PAGE_FIELD_CHECKBOX:
		return ("checkbox");
	default:
		return ("text");
	}
}

/* The label, then the hint and the error under it. */
static void
page_field_label(struct infra_buf *b, const struct page_field *f)
{
	S(b, "<p><label for=\"f-");
	page_html_attr(b, f->name);
	S(b, "\">");
	page_html_text(b, f->label);
	S(b, "</label>");
	if (f->hint != NULL) {
		S(b, "<span class=\"hint\" id=\"h-");
		page_html_attr(b, f->name);
		S(b, "\">");
		page_html_text(b, f->hint);
		S(b, "</span>");
	}
	if (f->error != NULL) {
		S(b, "<span class=\"err\" id=\"e-");
		page_html_attr(b, f->name);
		S(b, "\">");
		page_html_text(b, f->error);
		S(b, "</span>");
	}
}

/* aria-describedby: the error first, then the hint. */
static void
page_field_described(struct infra_buf *b, const struct page_field *f)
{
	int	described;

	described = 0;
	if (f->hint != NULL || f->error != NULL) {
		S(b, " aria-describedby=\"");
		if (f->error != NULL) {
			S(b, "e-");
			page_html_attr(b, f->name);
			described = 1;
		}
		if (f->hint != NULL) {
			if (described)
				S(b, " ");
			S(b, "h-");
			page_html_attr(b, f->name);
		}
		S(b, "\"");
	}
}

/* A select's options, in <optgroup>s where they name one. */
static void
page_field_options(struct infra_buf *b, const struct page_field *f)
{
	const char	*last;
	size_t		 i;

	last = NULL;
	for (i = 0; i < f->noptions; i++) {
		if (f->options[i].group != NULL && (last == NULL ||
		    strcmp(last, f->options[i].group) != 0)) {
			if (last != NULL)
				S(b, "</optgroup>");
			S(b, "<optgroup label=\"");
			page_html_attr(b, f->options[i].group);
			S(b, "\">");
			last = f->options[i].group;
		}
		S(b, "<option value=\"");
		page_html_attr(b, f->options[i].value);
		S(b, "\"");
		if (f->value != NULL &&
		    strcmp(f->value, f->options[i].value) == 0)
			S(b, " selected");
		S(b, ">");
		page_html_text(b, f->options[i].label);
		S(b, "</option>");
	}
	if (last != NULL)
		S(b, "</optgroup>");
}

/*
 * <label for> names the input; the hint and the error are tied to it with
 * aria-describedby, the error also with aria-invalid, so a screen reader
 * reads what to fix when the field takes focus.
 */
void
page_form_field(struct infra_buf *b, const struct page_field *f)
{

	if (f->type == PAGE_FIELD_HIDDEN) {
		S(b, "<input type=\"hidden\" name=\"");
		page_html_attr(b, f->name);
		S(b, "\" value=\"");
		page_html_attr(b, f->value);
		S(b, "\">");
		return;
	}
	page_field_label(b, f);
	if (f->type == PAGE_FIELD_TEXTAREA)
		S(b, "<textarea rows=\"6\"");
	else if (f->type == PAGE_FIELD_SELECT)
		S(b, "<select");
	else {
		S(b, "<input type=\"");
		S(b, page_field_type(f->type));
		S(b, "\"");
	}
	/* Typed text reads in its own direction (English in Urdu). */
	if (f->type == PAGE_FIELD_TEXT || f->type == PAGE_FIELD_TEXTAREA)
		S(b, " dir=\"auto\"");
	S(b, " id=\"f-");
	page_html_attr(b, f->name);
	S(b, "\" name=\"");
	page_html_attr(b, f->name);
	S(b, "\"");
	if (f->required)
		S(b, " required");
	if (f->maxlength > 0 && f->type != PAGE_FIELD_SELECT &&
	    f->type != PAGE_FIELD_CHECKBOX)
		(void)infra_buf_fmt(b, " maxlength=\"%d\"", f->maxlength);
	if (f->autocomplete != NULL) {
		S(b, " autocomplete=\"");
		page_html_attr(b, f->autocomplete);
		S(b, "\"");
	}
	page_field_described(b, f);
	if (f->error != NULL)
		S(b, " aria-invalid=\"true\"");

	if (f->type == PAGE_FIELD_TEXTAREA) {
		S(b, ">");
		page_html_text(b, f->value);
		S(b, "</textarea></p>");
		return;
	}
	if (f->type == PAGE_FIELD_SELECT) {
		S(b, ">");
		page_field_options(b, f);
		S(b, "</select></p>");
		return;
	}
	if (f->type == PAGE_FIELD_CHECKBOX) {
		S(b, " value=\"1\"");
		if (f->value != NULL && f->value[0] != '\0' &&
		    strcmp(f->value, "0") != 0)
			S(b, " checked");
		S(b, "></p>");
		return;
	}
	if (f->value != NULL && f->type != PAGE_FIELD_PASSWORD) {
		S(b, " value=\"");
		page_html_attr(b, f->value);
		S(b, "\"");
	}
	S(b, "></p>");
}
