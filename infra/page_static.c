/*
 * The few files every page refers to, and the answer to a path no route
 * takes: the Urdu webfont (GET /fonts/urdu.ttf), the icon (GET
 * /favicon.ico, /favicon.svg) and a friendly 404 (JSON under /api/, a
 * page elsewhere; kore.conf routes every other path here, last).
 *
 * The font is Debian's Noto Naskh Arabic (fonts-noto-core, 176 KB, OFL):
 * a stock Chromium without it draws ہ and ے as boxes.  It is read once per
 * worker and sent with a year's cache, so it never counts against a
 * page's 30 KB (HUNAR_URDU_FONT names another file).
 */
#include <sys/stat.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "infra/page_kore.h"

#define PAGE_FONT_MAX		(4 * 1024 * 1024)

int	page_font(struct http_request *);
int	page_favicon(struct http_request *);
int	page_not_found(struct http_request *);

static const char page_icon[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">"
    "<rect width=\"32\" height=\"32\" rx=\"6\" fill=\"#0b5d3b\"/>"
    "<text x=\"16\" y=\"23\" font-size=\"20\" text-anchor=\"middle\" "
    "fill=\"#fff\" font-family=\"sans-serif\">H</text></svg>";

static u_int8_t	*page_font_data;
static size_t	 page_font_len;

/* The font file, once per worker; 0 when it cannot be read. */
static int
page_font_load(void)
{
	struct stat	 st;
	const char	*path;
	ssize_t		 n;
	size_t		 off;
	int		 fd;

	if (page_font_data != NULL)
		return (1);
	path = infra_env("HUNAR_URDU_FONT",
	    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf");
	if ((fd = open(path, O_RDONLY)) == -1)
		return (0);
	if (fstat(fd, &st) == -1 || st.st_size <= 0 ||
	    st.st_size > PAGE_FONT_MAX) {
		(void)close(fd);
		return (0);
	}
	page_font_data = kore_malloc((size_t)st.st_size);
	for (off = 0; off < (size_t)st.st_size; off += (size_t)n) {
		n = read(fd, page_font_data + off, (size_t)st.st_size - off);
		if (n <= 0) {
			(void)close(fd);
			kore_free(page_font_data);
			page_font_data = NULL;
			return (0);
		}
	}
	(void)close(fd);
	page_font_len = off;
	return (1);
}

static void
page_static_headers(struct http_request *req, const char *type)
{
	http_response_header(req, "content-type", type);
	http_response_header(req, "cache-control",
	    "public, max-age=31536000, immutable");
	http_response_header(req, "x-content-type-options", "nosniff");
	http_response_header(req, "access-control-allow-origin", "*");
}

int
page_font(struct http_request *req)
{
	if (!page_font_load()) {
		kore_log(LOG_WARNING, "the Urdu font cannot be read "
		    "(HUNAR_URDU_FONT; Debian: fonts-noto-core)");
		http_response(req, 404, NULL, 0);
		return (KORE_RESULT_OK);
	}
	page_static_headers(req, "font/ttf");
	http_response(req, 200, page_font_data, page_font_len);
	return (KORE_RESULT_OK);
}

int
page_favicon(struct http_request *req)
{
	page_static_headers(req, "image/svg+xml");
	http_response(req, 200, page_icon, sizeof(page_icon) - 1);
	return (KORE_RESULT_OK);
}

int
page_not_found(struct http_request *req)
{
	struct page_user	u;

	page_session(req, &u);
	return (page_error(req, &u, 404, "not_found", PS_NOT_FOUND));
}
