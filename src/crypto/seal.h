/*
 * seal.h: sealed content. Every data subject has a key of their own; their
 * care, medical, special-category, BSN and other personal content is
 * encrypted with it (XChaCha20-Poly1305). The subject key is stored only
 * wrapped by the tenant's key-encryption key, which is derived from the
 * master key, and kept in the key store (keystore.h), not in the
 * database. Destroying it makes every copy of their content unreadable,
 * backups included (ERA-5).
 *
 * Associated data binds each ciphertext to its place (tenant, subject,
 * entry), so a sealed value cannot be moved to another row unnoticed.
 */
#ifndef ZK_SEAL_H
#define ZK_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/zk.h"
#include "crypto/keys.h"

#define SEAL_KEY_BYTES 32
#define SEAL_OVERHEAD (24 + 16) /* nonce and tag */
#define SEAL_WRAPPED_BYTES (SEAL_KEY_BYTES + SEAL_OVERHEAD)

/* Derives the key-encryption key of tenant from the master key. */
int seal_tenant_kek(const struct keyring *k, int64_t tenant,
		    unsigned char kek[SEAL_KEY_BYTES]);

/* Makes a new random subject key and its wrapped form. */
int seal_key_new(const unsigned char kek[SEAL_KEY_BYTES], const char *ad,
		 unsigned char key[SEAL_KEY_BYTES],
		 unsigned char wrapped[SEAL_WRAPPED_BYTES]);

/* Unwraps a subject key; ZK_ECRYPTO when it does not authenticate. */
int seal_key_unwrap(const unsigned char kek[SEAL_KEY_BYTES], const char *ad,
		    const unsigned char *wrapped, size_t len,
		    unsigned char key[SEAL_KEY_BYTES]);

/* Encrypts plain into out as nonce || ciphertext || tag. */
int seal_encrypt(const unsigned char key[SEAL_KEY_BYTES], const char *ad,
		 const void *plain, size_t len, struct zk_buf *out);

/* Decrypts into out (NUL-terminated); ZK_ECRYPTO on a bad tag. */
int seal_decrypt(const unsigned char key[SEAL_KEY_BYTES], const char *ad,
		 const unsigned char *in, size_t len, struct zk_buf *out);

/*
 * LOG-3: a MAC (BLAKE2b-256, keyed with key, personalised "zk-meta-v1")
 * over the n text fields (each length-prefixed, NULL as empty) and then
 * the blob, to bind the metadata of a sealed value to it.
 */
#define SEAL_MAC_BYTES 32
int seal_mac(const unsigned char key[SEAL_KEY_BYTES], const char *const *fields,
	     size_t n, const unsigned char *blob, size_t blen,
	     unsigned char out[SEAL_MAC_BYTES]);

/* Wipes a key from memory. */
void seal_wipe(void *p, size_t n);

#endif
