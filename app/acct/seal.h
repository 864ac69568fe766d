/*
 * seal.h: secrets at rest (two-step secrets, confirmed and pending).
 *
 * A secret is stored sealed: "s1:" KEYID ":" base64(nonce || box), the box
 * made by libsodium's crypto_secretbox_easy (XSalsa20-Poly1305) under a
 * 256-bit key read from a key file (64 hex digits, mode 0600, [paths]
 * secret_key).  KEYID (8 hex digits, from a hash of the key) names the
 * key a value was sealed with, so a rotation can run while servers serve:
 * a value sealed under a key the process does not know makes it read the
 * key files again (FILE and FILE.new, the key a rotation is moving to).
 * A database dump or backup therefore holds no usable second factor.
 *
 * Thread-safe after acct_seal_init (one mutex around the key table).
 */
#ifndef SODAN_SEAL_H
#define SODAN_SEAL_H

#include <stddef.h>

struct arena;

#define ACCT_SEAL_KEYBYTES	32

/*
 * Loads the key file path (and path.new if present).  Refuses a file
 * that is not 64 hex digits or that others may read.  err gets the reason.
 * 0 or -1.
 */
int		 acct_seal_init(const char *path, char *err, size_t errlen);
/* Forgets the keys (wiped). */
void		 acct_seal_free(void);
/* 1 when s is a sealed value (whatever key), else 0. */
int		 acct_sealed(const char *s);
/*
 * plain sealed under the current key (the file's), arena-owned; NULL when
 * no key is loaded.
 */
char		*acct_seal(struct arena *, const char *plain);
/*
 * The plain text of sealed, arena-owned; NULL when it is not sealed, was
 * sealed under a key not found in the key files, or fails to open
 * (altered).  "" gives "".
 */
char		*acct_unseal(struct arena *, const char *sealed);
/*
 * Writes a new random key to path (mode 0600, written to a temporary file
 * and renamed over path).  0 or -1 (errno set).
 */
int		 acct_seal_keygen(const char *path);
/*
 * Rotation, in three steps: acct_seal_rotate_begin writes a new key to
 * path.new and makes it the key acct_seal uses in this process; the
 * caller re-seals every value (acct_unseal then acct_seal) in one
 * transaction and commits; acct_seal_rotate_end renames path.new over
 * path.  A crash in between loses nothing: both files are read at start.
 */
/*
 * A keyed hash (BLAKE2b-256, libsodium's crypto_generichash) of msg under
 * a key derived from the current key and context, for links that need no
 * stored token (unsubscribe).  out gets 64 hex digits.  -1 when no key is
 * loaded.  A rotation makes older links stop working.
 */
int		 acct_seal_mac(const char *context, const char *msg,
		    char out[65]);
/* 1 when mac is acct_seal_mac(context, msg), compared in constant time. */
int		 acct_seal_mac_ok(const char *context, const char *msg,
		    const char *mac);
int		 acct_seal_rotate_begin(const char *path);
int		 acct_seal_rotate_end(const char *path);

#endif
