/*
 * tests/fuzz/conf/fuzz_conf.c: conf_load() on a file of fuzzed bytes.
 *
 * The bytes are written to an in-memory file (memfd_create, rewritten each
 * run; a file under /tmp cost a disk write per run, 300 runs/s) and loaded
 * through its /proc/self/fd path.  Checked: success leaves every string set and
 * every number inside its declared bounds, a listen host that fits and a
 * port in 0..65535; failure leaves a message naming the file; conf_free
 * releases everything either way (LeakSanitizer checks).  The SODAN_*
 * environment overrides are cleared so the file alone decides.  Inputs
 * that mention "limits" are skipped: [paths] limits names a file that
 * conf_load reads, and the fuzzer would otherwise find /dev/zero (a
 * trusted configuration naming an endless file is not a bug); the limits
 * file's own parser is exercised through conf/limits.conf, read by default.
 * The same holds for [support] canned (conf/support/canned.conf is read
 * by default); [support] sla_categories is fuzzed here.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/mman.h>

#include "lib/conf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

static char	path[64];
static int	mfd = -1;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	unsetenv("SODAN_DATABASE_URL");
	unsetenv("SODAN_REDIS_URL");
	unsetenv("SODAN_LISTEN");
	unsetenv("SODAN_LIMITS");
	if ((mfd = memfd_create("fuzz_conf", 0)) == -1)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", mfd);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf	 c;
	char		 err[512];

	if (ftruncate(mfd, 0) != 0 ||
	    (size > 0 && pwrite(mfd, data, size, 0) != (ssize_t)size))
		abort();
	if (memmem(data, size, "limits", 6) != NULL ||
	    memmem(data, size, "canned", 6) != NULL)
		return 0;
	err[0] = '\0';
	if (conf_load(&c, path, err, sizeof(err)) == 0) {
		if (c.listen == NULL || c.db_url == NULL || c.redis_url == NULL ||
		    c.moderation == NULL || c.access_log == NULL ||
		    c.site_name == NULL)
			abort();
		if (c.listen_port < 0 || c.listen_port > 65535 ||
		    strlen(c.listen_host) == 0 ||
		    strlen(c.listen_host) >= sizeof(c.listen_host))
			abort();
		if (c.loops < 0 || c.loops > 64 || c.app_threads < 1 ||
		    c.app_threads > 256 || c.max_url < 256 ||
		    c.max_url > 65536 || c.max_body < 1024 ||
		    c.max_body > (64 << 20) || c.request_timeout < 1 ||
		    c.request_timeout > 3600 || c.page_cache < 0 ||
		    c.page_cache > 1000000 || c.redis_timeout_ms < 10 ||
		    c.redis_timeout_ms > 60000 ||
		    (c.tls_in_front != 0 && c.tls_in_front != 1))
			abort();
	} else if (strncmp(err, path, strlen(path)) != 0)
		abort();
	conf_free(&c);
	return 0;
}
