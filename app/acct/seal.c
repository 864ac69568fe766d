/*
 * acct/seal.c: secrets sealed with libsodium under the key file (seal.h).
 *
 * The table holds at most SEAL_KEYS keys: the key file's (current), and
 * the one a rotation is moving to (path.new, then current for sealing).
 * Looking up an unknown key id re-reads the files once per call, which is
 * how a server learns the key a rotation run from the command line
 * installed, without a restart.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "acct/seal.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/util.h"

#define SEAL_KEYS	4
#define SEAL_PREFIX	"s1:"

struct seal_key {
	int		 used;
	char		 id[9];
	unsigned char	 k[ACCT_SEAL_KEYBYTES];
};

static pthread_mutex_t	 seal_mu = PTHREAD_MUTEX_INITIALIZER;
static struct seal_key	 seal_tab[SEAL_KEYS];
static int		 seal_cur = -1;
static char		*seal_path;
static struct stat	 seal_st;	/* the key file when last read */

static int	 key_read(const char *, unsigned char *, char *, size_t);
static void	 key_id(const unsigned char *, char out[9]);
static int	 key_add(const unsigned char *);
static int	 load_files(char *, size_t);
static int	 key_write(const char *, const unsigned char *);
static char	*path_plus(const char *, const char *);

/* path followed by suffix; caller frees. */
static char *
path_plus(const char *path, const char *suffix)
{
	size_t	 n = strlen(path) + strlen(suffix) + 1;
	char	*s = xmalloc(n);

	snprintf(s, n, "%s%s", path, suffix);
	return s;
}

static void
key_id(const unsigned char *k, char out[9])
{
	unsigned char	h[crypto_generichash_BYTES];

	crypto_generichash(h, sizeof(h), k, ACCT_SEAL_KEYBYTES,
	    (const unsigned char *)"sodan-seal-id", 13);
	sodium_bin2hex(out, 9, h, 4);
}

/* Adds k (if new); returns its slot, or -1 when the table is full. */
static int
key_add(const unsigned char *k)
{
	char	id[9];
	int	i, free_slot = -1;

	key_id(k, id);
	for (i = 0; i < SEAL_KEYS; i++) {
		if (seal_tab[i].used && strcmp(seal_tab[i].id, id) == 0)
			return i;
		if (!seal_tab[i].used && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		return -1;
	seal_tab[free_slot].used = 1;
	memcpy(seal_tab[free_slot].id, id, sizeof(id));
	memcpy(seal_tab[free_slot].k, k, ACCT_SEAL_KEYBYTES);
	return free_slot;
}

/* Reads a key file: 64 hex digits (whitespace around allowed), 0600. */
static int
key_read(const char *path, unsigned char *k, char *err, size_t errlen)
{
	struct stat	 st;
	char		 buf[160];
	ssize_t		 n;
	size_t		 klen = 0;
	const char	*end;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || (st.st_mode & 077) != 0) {
		snprintf(err, errlen, "%s: others may read the key file "
		    "(chmod 600 it)", path);
		close(fd);
		return -1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		snprintf(err, errlen, "%s: empty or unreadable", path);
		return -1;
	}
	buf[n] = '\0';
	if (sodium_hex2bin(k, ACCT_SEAL_KEYBYTES, buf, (size_t)n, " \t\r\n",
	    &klen, &end) != 0 || klen != ACCT_SEAL_KEYBYTES ||
	    strspn(end, " \t\r\n") != strlen(end)) {
		sodium_memzero(buf, sizeof(buf));
		snprintf(err, errlen, "%s: not a key (64 hex digits)", path);
		return -1;
	}
	sodium_memzero(buf, sizeof(buf));
	return 0;
}

/* Loads path (current) and path.new; caller holds seal_mu. */
static int
load_files(char *err, size_t errlen)
{
	unsigned char	 k[ACCT_SEAL_KEYBYTES];
	char		*pnew, e2[256];
	int		 slot;

	if (key_read(seal_path, k, err, errlen) == -1)
		return -1;
	(void)stat(seal_path, &seal_st);
	slot = key_add(k);
	if (seal_cur < 0 || slot >= 0)
		seal_cur = slot;
	pnew = path_plus(seal_path, ".new");
	if (access(pnew, F_OK) == 0 && key_read(pnew, k, e2,
	    sizeof(e2)) == 0)
		(void)key_add(k);
	free(pnew);
	sodium_memzero(k, sizeof(k));
	if (seal_cur < 0) {
		snprintf(err, errlen, "%s: too many keys", seal_path);
		return -1;
	}
	return 0;
}

int
acct_seal_init(const char *path, char *err, size_t errlen)
{
	int	rc;

	pthread_mutex_lock(&seal_mu);
	free(seal_path);
	seal_path = xstrdup(path);
	rc = load_files(err, errlen);
	pthread_mutex_unlock(&seal_mu);
	return rc;
}

void
acct_seal_free(void)
{
	pthread_mutex_lock(&seal_mu);
	sodium_memzero(seal_tab, sizeof(seal_tab));
	seal_cur = -1;
	free(seal_path);
	seal_path = NULL;
	pthread_mutex_unlock(&seal_mu);
}

int
acct_sealed(const char *s)
{
	return s != NULL && strncmp(s, SEAL_PREFIX, 3) == 0 &&
	    strlen(s) > 12 && s[11] == ':';
}

int
acct_seal_mac(const char *context, const char *msg, char out[65])
{
	unsigned char		 k[ACCT_SEAL_KEYBYTES], sub[32], h[32];
	crypto_generichash_state st;

	pthread_mutex_lock(&seal_mu);
	if (seal_cur < 0) {
		pthread_mutex_unlock(&seal_mu);
		return -1;
	}
	memcpy(k, seal_tab[seal_cur].k, sizeof(k));
	pthread_mutex_unlock(&seal_mu);
	/* a sub-key per context: a MAC of one purpose opens no other */
	crypto_generichash(sub, sizeof(sub), (const unsigned char *)context,
	    strlen(context), k, sizeof(k));
	crypto_generichash_init(&st, sub, sizeof(sub), sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, 65, h, sizeof(h));
	sodium_memzero(k, sizeof(k));
	sodium_memzero(sub, sizeof(sub));
	return 0;
}

int
acct_seal_mac_ok(const char *context, const char *msg, const char *mac)
{
	char	want[65];

	if (mac == NULL || strlen(mac) != 64 ||
	    acct_seal_mac(context, msg, want) == -1)
		return 0;
	return sodium_memcmp(want, mac, 64) == 0;
}

char *
acct_seal(struct arena *a, const char *plain)
{
	unsigned char	*buf;
	size_t		 plen = strlen(plain), blen, olen;
	char		*out, id[9], err[256];
	unsigned char	 k[ACCT_SEAL_KEYBYTES];
	struct stat	 st;

	pthread_mutex_lock(&seal_mu);
	/*
	 * A rotation may have installed a new key file since: seal under
	 * the file's key, never under one only this process remembers.
	 */
	if (seal_path != NULL && stat(seal_path, &st) == 0 &&
	    (st.st_ino != seal_st.st_ino || st.st_mtime != seal_st.st_mtime))
		(void)load_files(err, sizeof(err));
	if (seal_cur < 0) {
		pthread_mutex_unlock(&seal_mu);
		return NULL;
	}
	memcpy(k, seal_tab[seal_cur].k, sizeof(k));
	memcpy(id, seal_tab[seal_cur].id, sizeof(id));
	pthread_mutex_unlock(&seal_mu);

	blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plen;
	buf = arena_alloc(a, blen);
	randombytes_buf(buf, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES,
	    (const unsigned char *)plain, plen, buf, k);
	sodium_memzero(k, sizeof(k));
	olen = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_ORIGINAL);
	out = arena_alloc(a, 3 + 9 + olen);
	memcpy(out, SEAL_PREFIX, 3);
	memcpy(out + 3, id, 8);
	out[11] = ':';
	sodium_bin2base64(out + 12, olen, buf, blen,
	    sodium_base64_VARIANT_ORIGINAL);
	return out;
}

char *
acct_unseal(struct arena *a, const char *sealed)
{
	unsigned char	 k[ACCT_SEAL_KEYBYTES], *buf;
	const char	*b64;
	char		*out, id[9], err[256];
	size_t		 blen = 0, maxlen;
	int		 i, found = -1, pass;

	if (sealed == NULL)
		return NULL;
	if (sealed[0] == '\0')
		return arena_strdup(a, "");
	if (!acct_sealed(sealed))
		return NULL;
	memcpy(id, sealed + 3, 8);
	id[8] = '\0';
	pthread_mutex_lock(&seal_mu);
	for (pass = 0; pass < 2 && found < 0; pass++) {
		if (pass == 1 && (seal_path == NULL ||
		    load_files(err, sizeof(err)) == -1))
			break;
		for (i = 0; i < SEAL_KEYS; i++)
			if (seal_tab[i].used && strcmp(seal_tab[i].id, id) == 0)
				found = i;
	}
	if (found >= 0)
		memcpy(k, seal_tab[found].k, sizeof(k));
	pthread_mutex_unlock(&seal_mu);
	if (found < 0) {
		log_ratelimited("seal", 60, "seal: a secret is sealed under "
		    "key %s, which is in neither key file", id);
		return NULL;
	}
	b64 = sealed + 12;
	maxlen = strlen(b64);
	buf = arena_alloc(a, maxlen + 1);
	if (sodium_base642bin(buf, maxlen, b64, strlen(b64), NULL, &blen, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || blen <
	    crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
		sodium_memzero(k, sizeof(k));
		return NULL;
	}
	out = arena_alloc(a, blen - crypto_secretbox_NONCEBYTES -
	    crypto_secretbox_MACBYTES + 1);
	if (crypto_secretbox_open_easy((unsigned char *)out,
	    buf + crypto_secretbox_NONCEBYTES,
	    blen - crypto_secretbox_NONCEBYTES, buf, k) != 0) {
		sodium_memzero(k, sizeof(k));
		return NULL;
	}
	sodium_memzero(k, sizeof(k));
	out[blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES] =
	    '\0';
	return out;
}

/* Writes k as hex to path through a temporary file, mode 0600. */
static int
key_write(const char *path, const unsigned char *k)
{
	char	hex[ACCT_SEAL_KEYBYTES * 2 + 2], *tmp;
	int	fd, rc = -1;

	sodium_bin2hex(hex, sizeof(hex) - 1, k, ACCT_SEAL_KEYBYTES);
	strcat(hex, "\n");
	tmp = path_plus(path, ".tmp");
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		goto out;
	if (write(fd, hex, strlen(hex)) != (ssize_t)strlen(hex) ||
	    fsync(fd) == -1) {
		close(fd);
		(void)unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, path) == -1) {
		(void)unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(hex, sizeof(hex));
	free(tmp);
	return rc;
}

int
acct_seal_keygen(const char *path)
{
	unsigned char	k[ACCT_SEAL_KEYBYTES];
	int		rc;

	randombytes_buf(k, sizeof(k));
	rc = key_write(path, k);
	sodium_memzero(k, sizeof(k));
	return rc;
}

int
acct_seal_rotate_begin(const char *path)
{
	unsigned char	 k[ACCT_SEAL_KEYBYTES];
	char		*pnew;
	int		 rc = -1, slot;

	randombytes_buf(k, sizeof(k));
	pnew = path_plus(path, ".new");
	if (key_write(pnew, k) == 0) {
		pthread_mutex_lock(&seal_mu);
		if ((slot = key_add(k)) >= 0) {
			seal_cur = slot;
			rc = 0;
		}
		pthread_mutex_unlock(&seal_mu);
	}
	free(pnew);
	sodium_memzero(k, sizeof(k));
	return rc;
}

int
acct_seal_rotate_end(const char *path)
{
	char	*pnew = path_plus(path, ".new");
	int	 rc = rename(pnew, path);

	free(pnew);
	return rc;
}
