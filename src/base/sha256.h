/* sha256.h -- SHA-256 (FIPS 180-4), for document ids and the `sha256`
 * field.  Streaming (init/update/final) so large inputs need no copy. */
#ifndef CG_BASE_SHA256_H
#define CG_BASE_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct cg_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char block[64];
    size_t fill;
} cg_sha256;

void cg_sha256_init(cg_sha256 *s);
void cg_sha256_update(cg_sha256 *s, const void *data, size_t len);
void cg_sha256_final(cg_sha256 *s, unsigned char digest[32]);
/* One call: lowercase hex digest into hex[65] (NUL-terminated). */
void cg_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
