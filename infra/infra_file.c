/*
 * A whole file in and out, for the daemons (pure: no Kore).
 *
 * infra_file_replace() never leaves a half-written file under the name:
 * it writes <path>.<pid>.tmp beside it, syncs it, renames it over the
 * old one and syncs the folder, so that after a crash (or a kill -9 in
 * the middle) the name holds the old file or the new one, whole.
 * infra_file_put() is the same step for a caller that names its own
 * temporary file (a spool's tmp/ folder) and writes in pieces.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>
#include <sys/uio.h>

#include "infra/infra.h"

/* All of len bytes to fd (a file or a blocking socket): 0, or -1. */
int
infra_write_all(int fd, const void *data, size_t len)
{
	const uint8_t	*p = data;
	ssize_t		 w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return (-1);
		p += w;
		len -= (size_t)w;
	}
	return (0);
}

/* All of len bytes from fd: 0, or -1 at an end or an error before. */
int
infra_read_all(int fd, void *data, size_t len)
{
	uint8_t		*p = data;
	ssize_t		 r;

	while (len > 0) {
		r = read(fd, p, len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return (-1);
		p += r;
		len -= (size_t)r;
	}
	return (0);
}

/* The folder of path synced, so that the rename itself is on disk. */
static void
infra_file_sync_dir(const char *path)
{
	char		 dir[PATH_MAX];
	const char	*slash;
	int		 fd;

	if ((slash = strrchr(path, '/')) == NULL)
		(void)snprintf(dir, sizeof(dir), ".");
	else
		(void)snprintf(dir, sizeof(dir), "%.*s",
		    (int)(slash - path), path);
	if ((fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY)) == -1)
		return;
	(void)fsync(fd);
	(void)close(fd);
}

/*
 * The n pieces of iov written to tmp, synced when sync (the folder too
 * when sync is INFRA_FILE_SYNC_DIR) and renamed to path: 0, or -1 with
 * errno set, tmp removed and path holding what it held.
 */
int
infra_file_put(const char *tmp, const char *path, const struct iovec *iov,
    int n, int sync)
{
	int	fd, i, rc, saved;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		return (-1);
	for (rc = 0, i = 0; rc == 0 && i < n; i++)
		rc = infra_write_all(fd, iov[i].iov_base, iov[i].iov_len);
	if (rc == 0 && sync)
		rc = fdatasync(fd);
	saved = errno;
	if (close(fd) == -1 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && (rc = rename(tmp, path)) == -1)
		saved = errno;
	if (rc == -1) {
		(void)unlink(tmp);
		errno = saved;
		return (-1);
	}
	if (sync == INFRA_FILE_SYNC_DIR)
		infra_file_sync_dir(path);
	return (0);
}

/* 0, or -1 with errno set (path then still holds what it held). */
int
infra_file_replace(const char *path, const void *data, size_t len)
{
	struct iovec	iov;
	char		tmp[PATH_MAX];

	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path,
	    (long)getpid()) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	iov.iov_base = (void *)(uintptr_t)data;
	iov.iov_len = len;
	return (infra_file_put(tmp, path, &iov, 1, INFRA_FILE_SYNC_DIR));
}

/*
 * The whole file into b (appended); -1 with errno set, ENOENT for no
 * file, EFBIG for one over max bytes.
 */
int
infra_file_read(const char *path, struct infra_buf *b, size_t max)
{
	struct stat	 st;
	int		 fd, saved = 0;

	if ((fd = open(path, O_RDONLY)) == -1)
		return (-1);
	if (fstat(fd, &st) == -1)
		saved = errno;
	else if ((uint64_t)st.st_size > max)
		saved = EFBIG;
	else if (infra_buf_reserve(b, (size_t)st.st_size) == -1)
		saved = ENOMEM;
	if (saved != 0) {
		(void)close(fd);
		errno = saved;
		return (-1);
	}
	/* A file cut while read: an error, never a part taken for the whole. */
	if (infra_read_all(fd, b->data + b->len, (size_t)st.st_size) == -1)
		saved = EIO;
	(void)close(fd);
	if (saved != 0) {
		errno = saved;
		return (-1);
	}
	b->len += (size_t)st.st_size;
	b->data[b->len] = '\0';
	return (0);
}
