/*
 * sha256.h - SHA-256 (FIPS 180-4), for the response cache's ETags
 * (gate/cache.h). Pure functions on memory the caller owns; a context
 * lives on the caller's stack and is wiped by prgate_sha256_final().
 */
#ifndef PRGATE_SHA256_H
#define PRGATE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define PRGATE_SHA256_LEN 32
/* the digest as lower-case hex, with its NUL */
#define PRGATE_SHA256_HEX_LEN (2 * PRGATE_SHA256_LEN + 1)

struct prgate_sha256 {
	uint32_t h[8];
	uint64_t bytes; /* hashed so far */
	unsigned char block[64];
	size_t used; /* bytes in block */
};

void prgate_sha256_init(struct prgate_sha256 *c);
void prgate_sha256_update(struct prgate_sha256 *c, const void *data,
			  size_t len);
/* The digest into out; c is wiped (init it again to reuse it). */
void prgate_sha256_final(struct prgate_sha256 *c,
			 unsigned char out[PRGATE_SHA256_LEN]);
/* The digest of data[0, len) as lower-case hex into hex. */
void prgate_sha256_hex(const void *data, size_t len,
		       char hex[PRGATE_SHA256_HEX_LEN]);
/* The digest in c as hex (prgate_sha256_final() then hex). */
void prgate_sha256_final_hex(struct prgate_sha256 *c,
			     char hex[PRGATE_SHA256_HEX_LEN]);

#endif
