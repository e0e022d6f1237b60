/* copies.c -- grouping documents that share most of their text.
 *
 * Each document carries a MinHash signature of its shingles (base/minhash.h,
 * written by `extract` as document.minhash).  Comparing every pair would be
 * quadratic; instead the K = 64 values are cut into 16 bands of 4 (LSH
 * banding): documents whose signatures agree on a whole band land on the
 * same band key, and only documents next to each other in the sorted list
 * of (band key, document id) are compared.  A pair whose signatures agree
 * on at least half the bins (estimated Jaccard similarity >= 0.5) is a copy;
 * groups are the connected components (union-find).
 *
 *   doc sig  [b0|b1|...|b15]  ->  (hash(band i, b_i), doc)  x16  -> sort
 *   runs of equal keys: compare neighbours -> union
 *
 * Two signatures with similarity s share some band with probability
 * 1 - (1 - s^4)^16: 0.65 at s = 0.4, 0.99 at s = 0.6.  Work is linear in
 * the documents (plus the sort).  Groups depend on the set of signatures
 * only: keys and document ids order everything.
 */
#include <stdlib.h>
#include <string.h>

#include "base/minhash.h"
#include "reconcile/rc.h"

#define COPIES_BANDS 16
#define COPIES_ROWS (CG_MINHASH_K / COPIES_BANDS)
#define COPIES_THRESHOLD 0.5

typedef struct copies_key {
    uint64_t key;
    uint32_t doc;
} copies_key;

static int copies_key_cmp(const void *a, const void *b, void *ud)
{
    const copies_key *x = a, *y = b;
    const cg_reconciler *r = ud;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return rc_strcmp(&r->str, r->docs[x->doc].id, r->docs[y->doc].id);
}

static uint64_t copies_band_key(const cg_minhash *m, unsigned band)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL * (band + 1);
    for (unsigned i = 0; i < COPIES_ROWS; i++) {
        h ^= m->v[band * COPIES_ROWS + i];
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
    }
    return h;
}

static uint32_t copies_find(uint32_t *parent, uint32_t d)
{
    while (parent[d] != d) {
        parent[d] = parent[parent[d]];
        d = parent[d];
    }
    return d;
}

/* Union keeping the root with the smaller document id. */
static void copies_union(const cg_reconciler *r, uint32_t *parent, uint32_t a, uint32_t b)
{
    a = copies_find(parent, a);
    b = copies_find(parent, b);
    if (a == b)
        return;
    if (rc_strcmp(&r->str, r->docs[a].id, r->docs[b].id) < 0)
        parent[b] = a;
    else
        parent[a] = b;
}

uint32_t *rc_copy_groups(const cg_reconciler *r)
{
    size_t n = r->n_docs;
    uint32_t *parent = malloc((n + 1) * sizeof *parent);
    cg_minhash *sig = malloc((n + 1) * sizeof *sig);
    copies_key *keys = malloc((n * COPIES_BANDS + 1) * sizeof *keys);
    if (!parent || !sig || !keys) {
        free(parent);
        free(sig);
        free(keys);
        return NULL;
    }
    size_t n_keys = 0;
    for (uint32_t d = 0; d < n; d++) {
        parent[d] = d;
        const char *hex = rc_cstr(&r->str, r->docs[d].minhash);
        if (!hex || cg_minhash_from_hex(hex, &sig[d]) || sig[d].empty) {
            sig[d].empty = 1;
            continue;
        }
        for (unsigned b = 0; b < COPIES_BANDS; b++)
            keys[n_keys++] = (copies_key){copies_band_key(&sig[d], b), d};
    }
    qsort_r(keys, n_keys, sizeof *keys, copies_key_cmp, (void *)r);
    for (size_t i = 1; i < n_keys; i++)
        if (keys[i].key == keys[i - 1].key &&
            cg_minhash_similarity(&sig[keys[i].doc], &sig[keys[i - 1].doc]) >= COPIES_THRESHOLD)
            copies_union(r, parent, keys[i].doc, keys[i - 1].doc);
    for (uint32_t d = 0; d < n; d++)
        parent[d] = copies_find(parent, d);
    free(sig);
    free(keys);
    return parent;
}
