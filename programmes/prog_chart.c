/*
 * The dashboards' pieces that are plain computation: a horizontal bar
 * chart as SVG (server-rendered, no JavaScript, a few KB), CSV fields,
 * and the one way a suppressed cell is shown.  Suppression itself is a
 * rule in SQL (prog_safe(): a count of 1-4 people comes back NULL), so
 * the page, its chart and its CSV can never disagree.
 */
#include <stdio.h>
#include <string.h>

#include "programmes/programmes.h"
#include "infra/page.h"

#define SVG_W		640
#define SVG_LABEL	170	/* labels end here, bars start */
#define SVG_BAR		400	/* the longest bar */
#define SVG_ROW		22

/* What a suppressed (NULL) cell shows. */
const char *
prog_cell(const char *v)
{
	return (v != NULL ? v : "<5");
}

static long
svg_scale(const struct prog_bar *bars, size_t n, int pct)
{
	long	max;
	size_t	i;

	if (pct)
		return (100);
	max = 1;
	for (i = 0; i < n; i++) {
		if (bars[i].value > max)
			max = bars[i].value;
		if (bars[i].mark > max)
			max = bars[i].mark;
	}
	return (max);
}

static void
svg_row(struct infra_buf *b, const struct prog_bar *bar, size_t i,
    long max, int pct)
{
	long	y, w, v;

	y = (long)i * SVG_ROW;
	(void)infra_buf_fmt(b, "<text x=\"%d\" y=\"%ld\" text-anchor=\"end\">",
	    SVG_LABEL - 6, y + 15);
	page_html_text(b, bar->label);
	page_html_s(b, "</text>");
	if (bar->value < 0) {
		(void)infra_buf_fmt(b, "<text x=\"%d\" y=\"%ld\" "
		    "fill=\"#555\">&lt;%d</text>", SVG_LABEL + 4, y + 15,
		    PROG_CELL_MIN);
	} else {
		v = bar->value > max ? max : bar->value;
		w = v * SVG_BAR / max;
		(void)infra_buf_fmt(b, "<rect x=\"%d\" y=\"%ld\" width=\"%ld\" "
		    "height=\"14\" fill=\"#1d6f42\"/><text x=\"%ld\" y=\"%ld\">"
		    "%ld%s</text>", SVG_LABEL, y + 4, w, SVG_LABEL + w + 4,
		    y + 15, bar->value, pct ? "%" : "");
	}
	if (bar->mark >= 0) {
		w = (bar->mark > max ? max : bar->mark) * SVG_BAR / max;
		(void)infra_buf_fmt(b, "<line x1=\"%ld\" x2=\"%ld\" y1=\"%ld\" "
		    "y2=\"%ld\" stroke=\"#b00020\" stroke-width=\"3\"/>",
		    SVG_LABEL + w, SVG_LABEL + w, y + 1, y + 21);
	}
}

/*
 * A horizontal bar chart: one row per bar, the value written after the
 * bar, a red tick at the bar's mark (a target) where it has one.  pct:
 * the values are percentages (scale 0-100).  The title is the chart's
 * accessible name; the table beside it carries the same numbers.
 */
void
prog_svg_bars(struct infra_buf *b, const char *title,
    const struct prog_bar *bars, size_t n, int pct)
{
	long	max;
	size_t	i;

	max = svg_scale(bars, n, pct);
	/*
	 * direction="ltr": the chart is laid out left to right on an Urdu
	 * page too.  It inherited rtl there, and "end" anchored each label
	 * to run right from x, under its bar (the words still read rtl).
	 */
	(void)infra_buf_fmt(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %zu\" width=\"100%%\" role=\"img\" "
	    "direction=\"ltr\" font-family=\"sans-serif\" font-size=\"12\">"
	    "<title>", SVG_W, n * SVG_ROW + 4);
	page_html_text(b, title);
	page_html_s(b, "</title>");
	for (i = 0; i < n; i++)
		svg_row(b, &bars[i], i, max, pct);
	page_html_s(b, "</svg>");
}

/* Whether s reads as a number ("-12", "3.5"): no formula guard then. */
static int
csv_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return (0);
	s += strspn(s, "0123456789");
	if (*s == '.')
		s += 1 + strspn(s + 1, "0123456789");
	return (*s == '\0');
}

/*
 * One CSV field (RFC 4180), preceded by a comma unless first.  Quoted
 * when it holds a comma, quote or line break; a text that a spreadsheet
 * would run as a formula (= + - @ first) gets a leading apostrophe.
 * NULL is a suppressed cell.
 */
void
prog_csv_field(struct infra_buf *b, const char *s, int first)
{
	const char	*p;
	int		 guard;

	if (!first)
		(void)infra_buf_add(b, ",", 1);
	s = prog_cell(s);
	guard = strchr("=+-@\t\r", *s) != NULL && *s != '\0' &&
	    !csv_number(s);
	if (!guard && strpbrk(s, ",\"\r\n") == NULL) {
		(void)infra_buf_add(b, s, strlen(s));
		return;
	}
	(void)infra_buf_add(b, "\"", 1);
	if (guard)
		(void)infra_buf_add(b, "'", 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			(void)infra_buf_add(b, "\"", 1);
		(void)infra_buf_add(b, p, 1);
	}
	(void)infra_buf_add(b, "\"", 1);
}
