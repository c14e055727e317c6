/*
 * seal.c: per-subject sealing with XChaCha20-Poly1305 (libsodium's IETF
 * AEAD construction), and key wrapping under a tenant key derived from the
 * master key with crypto_kdf.
 */
#include <string.h>

#include <sodium.h>

#include "crypto/seal.h"

#define SEAL_NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEAL_TAG crypto_aead_xchacha20poly1305_ietf_ABYTES

int
seal_tenant_kek(const struct keyring *k, int64_t tenant,
		unsigned char kek[SEAL_KEY_BYTES])
{
	if (!(k->have & KEYS_MASTER) || tenant <= 0)
		return ZK_ECRYPTO;
	return crypto_kdf_derive_from_key(kek, SEAL_KEY_BYTES, (uint64_t)tenant,
					  "zktenant", k->master) == 0
		   ? 0
		   : ZK_ECRYPTO;
}

static int
seal_raw(const unsigned char key[SEAL_KEY_BYTES], const char *ad,
	 const unsigned char *plain, size_t len, unsigned char *out)
{
	unsigned long long clen;

	randombytes_buf(out, SEAL_NONCE);
	return crypto_aead_xchacha20poly1305_ietf_encrypt(
		   out + SEAL_NONCE, &clen, plain, len,
		   (const unsigned char *)ad, ad ? strlen(ad) : 0, NULL, out,
		   key) == 0
		   ? 0
		   : ZK_ECRYPTO;
}

int
seal_key_new(const unsigned char kek[SEAL_KEY_BYTES], const char *ad,
	     unsigned char key[SEAL_KEY_BYTES],
	     unsigned char wrapped[SEAL_WRAPPED_BYTES])
{
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	return seal_raw(kek, ad, key, SEAL_KEY_BYTES, wrapped);
}

int
seal_key_unwrap(const unsigned char kek[SEAL_KEY_BYTES], const char *ad,
		const unsigned char *wrapped, size_t len,
		unsigned char key[SEAL_KEY_BYTES])
{
	unsigned long long mlen;

	if (wrapped == NULL || len != SEAL_WRAPPED_BYTES)
		return ZK_ECRYPTO;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		key, &mlen, NULL, wrapped + SEAL_NONCE, len - SEAL_NONCE,
		(const unsigned char *)ad, ad ? strlen(ad) : 0, wrapped,
		kek) != 0 ||
	    mlen != SEAL_KEY_BYTES)
		return ZK_ECRYPTO;
	return 0;
}

int
seal_encrypt(const unsigned char key[SEAL_KEY_BYTES], const char *ad,
	     const void *plain, size_t len, struct zk_buf *out)
{
	size_t need = len + SEAL_OVERHEAD;
	int rc;

	out->len = 0;
	if ((rc = zk_buf_reserve(out, need)) != 0)
		return rc;
	if ((rc = seal_raw(key, ad, plain, len, out->data)) != 0)
		return rc;
	out->len = need;
	return 0;
}

int
seal_decrypt(const unsigned char key[SEAL_KEY_BYTES], const char *ad,
	     const unsigned char *in, size_t len, struct zk_buf *out)
{
	unsigned long long mlen;
	size_t need;
	int rc;

	if (in == NULL || len < SEAL_OVERHEAD)
		return ZK_ECRYPTO;
	need = len - SEAL_OVERHEAD;
	out->len = 0;
	if ((rc = zk_buf_reserve(out, need)) != 0)
		return rc;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		out->data, &mlen, NULL, in + SEAL_NONCE, len - SEAL_NONCE,
		(const unsigned char *)ad, ad ? strlen(ad) : 0, in, key) != 0)
		return ZK_ECRYPTO;
	out->len = (size_t)mlen;
	out->data[out->len] = '\0';
	return 0;
}

void
seal_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

static void
seal_mac_len(crypto_generichash_blake2b_state *h, size_t len)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)len >> (8 * i));
	crypto_generichash_blake2b_update(h, b, sizeof b);
}

int
seal_mac(const unsigned char key[SEAL_KEY_BYTES], const char *const *fields,
	 size_t n, const unsigned char *blob, size_t blen,
	 unsigned char out[SEAL_MAC_BYTES])
{
	static const unsigned char personal[16] = "zk-meta-v1";
	static const unsigned char salt[16] = {0};
	crypto_generichash_blake2b_state h;

	if (crypto_generichash_blake2b_init_salt_personal(
		&h, key, SEAL_KEY_BYTES, SEAL_MAC_BYTES, salt, personal) != 0)
		return ZK_ECRYPTO;
	seal_mac_len(&h, n);
	for (size_t i = 0; i < n; i++) {
		size_t len = fields[i] ? strlen(fields[i]) : 0;

		seal_mac_len(&h, len);
		crypto_generichash_blake2b_update(
		    &h, (const unsigned char *)(fields[i] ? fields[i] : ""),
		    len);
	}
	seal_mac_len(&h, blen);
	crypto_generichash_blake2b_update(&h, blob, blen);
	crypto_generichash_blake2b_final(&h, out, SEAL_MAC_BYTES);
	sodium_memzero(&h, sizeof h);
	return 0;
}
