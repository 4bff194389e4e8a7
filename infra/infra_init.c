/*
 * The module's entry point (kore.conf: load ./build/hunar.so hunar_init)
 * and the one seccomp filter of the whole application.
 */
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>
#include <kore/seccomp.h>

#include <signal.h>
#include <unistd.h>

#include <sodium.h>

#include "infra/infra_kore.h"
#include "infra/page.h"

int	hunar_init(int);
void	kore_parent_configure(int, char **);
void	kore_worker_configure(void);
void	kore_worker_teardown(void);

#define INFRA_TEARDOWN_MAX	8

static pid_t	hunar_parent_pid;

/* Kore calls this in the parent before it forks the workers. */
void
kore_parent_configure(int argc, char **argv)
{
	const char	*name;

	(void)argc;
	(void)argv;
	hunar_parent_pid = getpid();
	if ((name = infra_dev_secret()) != NULL)
		fatal("HUNAR_ENV=production: %s is unset, shorter than 16 "
		    "characters or a development default", name);
	/* The workers fork with the counters mapped, shared. */
	infra_metrics_init();
	if (infra_mark_init() == -1)
		kore_log(LOG_ERR, "marks: mmap: %s", errno_s);
}

/*
 * In each worker: die with the parent.  A SIGKILLed Kore master used to
 * leave its workers serving on the port with no parent, so `infra/stack
 * restart-kore` and `make up` failed with "port taken" (issue 13).  The
 * parent may already be gone between the fork and this call: then the
 * worker's parent is no longer the one recorded, and it leaves at once.
 */
void
kore_worker_configure(void)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		kore_log(LOG_ERR, "prctl(PR_SET_PDEATHSIG): %s", errno_s);
	if (hunar_parent_pid != 0 && getppid() != hunar_parent_pid)
		_exit(1);
	infra_metrics_worker();
}

static void	(*infra_teardown_fn[INFRA_TEARDOWN_MAX])(void);
static int	  infra_teardown_n;

/*
 * fn runs when this worker stops, before Kore unloads the module: a
 * thread a handler started must end there.  Not from atexit(): glibc
 * runs a module's atexit functions inside dlclose(), under the loader's
 * lock, which a thread's own exit may need (a worker hung there).
 */
void
infra_worker_teardown(void (*fn)(void))
{
	if (infra_teardown_n == INFRA_TEARDOWN_MAX)
		fatal("infra_worker_teardown: more than %d", INFRA_TEARDOWN_MAX);
	infra_teardown_fn[infra_teardown_n++] = fn;
}

/* Kore calls this in each worker on its way out; last in, first out. */
void
kore_worker_teardown(void)
{
	while (infra_teardown_n > 0)
		infra_teardown_fn[--infra_teardown_n]();
}

/*
 * Kore's worker filter predates bookworm's glibc and libpq: libpq's first
 * connect stats files, hiredis polls and sets socket options.
 */
KORE_SECCOMP_FILTER("hunar",
	KORE_SYSCALL_ALLOW(newfstatat),
	KORE_SYSCALL_ALLOW(getdents64),
	KORE_SYSCALL_ALLOW(poll),
	KORE_SYSCALL_ALLOW(ppoll),
	KORE_SYSCALL_ALLOW(setsockopt),
	KORE_SYSCALL_ALLOW(getsockopt),
	KORE_SYSCALL_ALLOW(getsockname),
	KORE_SYSCALL_ALLOW(getpeername),
	KORE_SYSCALL_ALLOW(connect),
	KORE_SYSCALL_ALLOW(socket),
	KORE_SYSCALL_ALLOW(uname),
	KORE_SYSCALL_ALLOW(getrandom),
	KORE_SYSCALL_ALLOW(clock_gettime),
	KORE_SYSCALL_ALLOW(gettimeofday),
	KORE_SYSCALL_ALLOW(madvise),
	KORE_SYSCALL_ALLOW(mremap),
	KORE_SYSCALL_ALLOW(sched_getaffinity),
	KORE_SYSCALL_ALLOW(sched_yield),
	KORE_SYSCALL_ALLOW(openat),
	KORE_SYSCALL_ALLOW(readlink),
	KORE_SYSCALL_ALLOW(sysinfo),
	KORE_SYSCALL_ALLOW(prctl),
	KORE_SYSCALL_ALLOW(rt_sigprocmask),
	KORE_SYSCALL_ALLOW(sigaltstack),
	KORE_SYSCALL_ALLOW(futex),
	KORE_SYSCALL_ALLOW(set_robust_list),
	KORE_SYSCALL_ALLOW(rseq),
	KORE_SYSCALL_ALLOW(clone),
	KORE_SYSCALL_ALLOW(clone3),
	KORE_SYSCALL_ALLOW(mprotect),
	KORE_SYSCALL_ALLOW(pipe2),
	KORE_SYSCALL_ALLOW(kill),
	KORE_SYSCALL_ALLOW(tgkill),
	KORE_SYSCALL_ALLOW(gettid),
	KORE_SYSCALL_ALLOW(getpid),
	KORE_SYSCALL_ALLOW(getppid),
	KORE_SYSCALL_ALLOW(fstat),
	KORE_SYSCALL_ALLOW(lseek),
	KORE_SYSCALL_ALLOW(ioctl)
);

int
hunar_init(int state)
{
	static int	 done;
	const char	*path;
	long		 n;

	if (state != KORE_MODULE_LOAD)
		return (KORE_RESULT_OK);
	if (sodium_init() < 0) {
		kore_log(LOG_ERR, "libsodium failed to initialise");
		return (KORE_RESULT_ERROR);
	}
	infra_config_load();
	if (!done) {
		done = 1;
		/* Read before the workers fork: they share the list. */
		path = infra_env("HUNAR_PASSWORDS", "infra/common-passwords.txt");
		if ((n = page_pw_load(path)) < 0)
			kore_log(LOG_WARNING, "passwords: cannot read %s: only "
			    "the built-in few are refused", path);
		else
			kore_log(LOG_NOTICE, "passwords: %ld common ones refused",
			    n);
		if (!kore_pgsql_register("db", infra_conf.pg_dsn) ||
		    !kore_pgsql_register(INFRA_DB_STALE,
		    infra_conf.pg_ro_dsn)) {
			kore_log(LOG_ERR, "pgsql register failed");
			return (KORE_RESULT_ERROR);
		}
	}
	return (KORE_RESULT_OK);
}

