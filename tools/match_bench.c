/* match_bench.c -- how fast are the dictionaries loaded and matched?
 *
 *   match_bench --dict DIR [--aliases OUT] FILE...
 *
 * The gazetteer stage of `claimgraph extract` has two costs a benchmark of
 * the whole command blurs together: loading (reading, validating and
 * folding every dictionary line, compiling one Aho–Corasick automaton over
 * all aliases), paid once per process, and matching, paid per byte of
 * text.  This tool times each on its own, with the library's own calls:
 *
 *   cg_gazetteer_load(DIR)                      best of 5   -> load_ms
 *   FILE... --concatenate--> raw bytes          (as `cat` would)
 *      --cg_text_canonicalize--> NFC text       (not timed: ingest's job)
 *      --cg_textview_build--> matching view     best of 3   -> view_mbps
 *      --cg_matcher_scan(g->matcher)--> hits    best of 3   -> match_mbps
 *      --cg_multimatch_scan(joined)--> hits     best of 3   -> joined_mbps
 *
 * The joined automaton is what `extract --stages entities` scans each
 * document with (extract/lexscan.h: aliases, cue words, people, coref and
 * groups keys in one), built by cg_extractor_new_stages (timed once:
 * extractor_ms); its scan here keeps the hits of every language's rows
 * (an untagged scan) and stores them as extract does.
 *
 * Throughputs are input bytes (the raw FILE bytes, MiB) per second, so
 * they compare directly with a `grep -F -f` run over the same files.  A
 * hit is one callback from the scan: every occurrence of every alias,
 * overlapping ones included, before any choice among them.
 *
 * With --aliases OUT the folded form of every alias (cg_alias.folded:
 * NFKC + case fold, what the automaton holds) is written to OUT, one per
 * line, sorted bytewise and deduplicated, so that grep and ripgrep can be
 * given the same patterns (`grep -F -i -f OUT`).
 *
 * Output is one "name value..." line per figure, for tools/bench.sh:
 *
 *   aliases 8505 keys 8361 states 76466
 *   load_ms 33.4
 *   patterns 8261                     (with --aliases: lines in OUT)
 *   input_bytes 16780602 view_bytes 16688152
 *   view_mbps 75.3
 *   match_mbps 69.6 hits 543272
 *   extractor_ms 40.1
 *   joined_mbps 150.2 hits 1089543
 *
 * Exit status 0, 1 on a failure (unreadable file, bad dictionary), 2 on a
 * usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/matcher.h"
#include "base/multimatch.h"
#include "extract/extractor.h"
#include "claimgraph/gazetteer.h"
#include "claimgraph/text.h"
#include "gazetteer/gazetteer.h"

#define LOAD_RUNS 5
#define SCAN_RUNS 3
#define MIB 1048576.0

static double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double bench_mbps(size_t bytes, double ms)
{
    return ms > 0 ? (double)bytes / MIB / (ms / 1e3) : 0.0;
}

/* ---- loading ------------------------------------------------------------ */

/* Load the gazetteer LOAD_RUNS times, keeping the best time in *best_ms.
 * New reference (the last load): caller frees with cg_gazetteer_free;
 * NULL on failure, after printing why. */
static cg_gazetteer *bench_load_gazetteer(const char *dir, double *best_ms)
{
    cg_gazetteer *g = NULL;
    *best_ms = -1;
    for (int i = 0; i < LOAD_RUNS; i++) {
        cg_gazetteer_free(g);
        cg_error err;
        double t0 = bench_now_ms();
        g = cg_gazetteer_load(dir, &err);
        if (g) /* its alias automaton is compiled when first asked for */
            cg_gazetteer_alias_matcher(g);
        double ms = bench_now_ms() - t0;
        if (!g) {
            fprintf(stderr, "match_bench: %s: %s\n", dir, err.message);
            return NULL;
        }
        if (*best_ms < 0 || ms < *best_ms)
            *best_ms = ms;
    }
    return g;
}

/* ---- the alias list for the peers ---------------------------------------- */

static int bench_cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Write every distinct non-empty folded alias to path, sorted.  Returns
 * the number written, or -1 after printing why. */
static long bench_write_aliases(const cg_gazetteer *g, const char *path)
{
    size_t n = cg_gazetteer_alias_count(g), m = 0;
    const char **v = malloc((n ? n : 1) * sizeof *v);
    if (!v) {
        fprintf(stderr, "match_bench: out of memory\n");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *f = cg_gazetteer_alias(g, i)->folded;
        if (f && *f) /* an empty pattern would match every line */
            v[m++] = f;
    }
    qsort(v, m, sizeof *v, bench_cmp_str);
    FILE *out = fopen(path, "w");
    long written = 0;
    if (out) {
        for (size_t i = 0; i < m; i++)
            if (i == 0 || strcmp(v[i], v[i - 1])) {
                fprintf(out, "%s\n", v[i]);
                written++;
            }
        if (fclose(out))
            out = NULL;
    }
    free(v);
    if (!out) {
        fprintf(stderr, "match_bench: cannot write %s\n", path);
        return -1;
    }
    return written;
}

/* ---- the text ------------------------------------------------------------ */

/* Append the bytes of file `path` to b.  Returns 0, or -1 after printing
 * why. */
static int bench_read_file(cg_buf *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "match_bench: cannot open %s\n", path);
        return -1;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        cg_buf_append(b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad || b->oom) {
        fprintf(stderr, "match_bench: cannot read %s\n", path);
        return -1;
    }
    return 0;
}

/* The files, concatenated and made canonical (valid UTF-8, NFC: what
 * cg_textview_build expects).  On success `text` holds new memory (caller
 * frees with cg_text_free) and *raw_len the input size; -1 on failure. */
static int bench_read_text(char **paths, int n, cg_text *text, size_t *raw_len)
{
    cg_buf b = CG_BUF_INIT;
    for (int i = 0; i < n; i++)
        if (bench_read_file(&b, paths[i])) {
            cg_buf_free(&b);
            return -1;
        }
    *raw_len = b.len;
    cg_error err;
    cg_status st = cg_text_canonicalize(b.data ? b.data : "", b.len, text, &err);
    cg_buf_free(&b);
    if (st != CG_OK) {
        fprintf(stderr, "match_bench: canonicalising the input: %s\n", err.message);
        return -1;
    }
    return 0;
}

/* Build the matching view SCAN_RUNS times, keeping the best time.  On
 * success `view` holds new memory (caller frees with cg_textview_free). */
static int bench_build_view(const cg_text *t, cg_textview *view, double *best_ms)
{
    *best_ms = -1;
    for (int i = 0; i < SCAN_RUNS; i++) {
        if (i)
            cg_textview_free(view);
        cg_error err;
        double t0 = bench_now_ms();
        cg_status st = cg_textview_build(t->data, t->len, view, &err);
        double ms = bench_now_ms() - t0;
        if (st != CG_OK) {
            fprintf(stderr, "match_bench: building the view: %s\n", err.message);
            return -1;
        }
        if (*best_ms < 0 || ms < *best_ms)
            *best_ms = ms;
    }
    return 0;
}

/* ---- matching ------------------------------------------------------------ */

static int bench_on_hit(void *ud, size_t start, size_t end, uint32_t value)
{
    (void)start, (void)end, (void)value;
    ++*(size_t *)ud;
    return 0;
}

/* Scan the view SCAN_RUNS times; the best time in *best_ms, the hits of
 * one scan in *hits. */
static void bench_scan(const cg_matcher *m, const cg_textview *view,
                       double *best_ms, size_t *hits)
{
    *best_ms = -1;
    for (int i = 0; i < SCAN_RUNS; i++) {
        size_t n = 0;
        double t0 = bench_now_ms();
        cg_matcher_scan(m, view->text, view->len, bench_on_hit, &n);
        double ms = bench_now_ms() - t0;
        if (*best_ms < 0 || ms < *best_ms)
            *best_ms = ms;
        *hits = n;
    }
}

/* Build the entities stage's extractor (timed once) and scan the view
 * with its joined automaton SCAN_RUNS times, storing the hits as extract
 * does.  Prints extractor_ms and joined_mbps; 0, or -1 after printing
 * why. */
static int bench_joined(const char *dict, const cg_textview *view, size_t raw_len)
{
    cg_error err;
    double t0 = bench_now_ms();
    cg_extractor *x = cg_extractor_new_stages(dict, CG_STAGE_ENTITIES, &err);
    double build_ms = bench_now_ms() - t0, best_ms = -1;
    if (!x) {
        fprintf(stderr, "match_bench: %s: %s\n", dict, err.message);
        return -1;
    }
    size_t hits = 0;
    int rc = 0;
    for (int i = 0; i < SCAN_RUNS && !rc; i++) {
        cg_hits out[CG_MULTIMATCH_PARTS_MAX] = {{0}};
        t0 = bench_now_ms();
        rc = cg_multimatch_scan(x->lexicons, view->text, view->len, x->lexicons_mask, out);
        double ms = bench_now_ms() - t0;
        if (best_ms < 0 || ms < best_ms)
            best_ms = ms;
        hits = 0;
        for (int k = 0; k < CG_MULTIMATCH_PARTS_MAX; k++) {
            hits += out[k].n;
            cg_hits_free(&out[k]);
        }
    }
    cg_extractor_free(x);
    if (rc) {
        fprintf(stderr, "match_bench: out of memory\n");
        return -1;
    }
    printf("extractor_ms %.1f\n", build_ms);
    printf("joined_mbps %.1f hits %zu\n", bench_mbps(raw_len, best_ms), hits);
    return 0;
}

/* ---- main ---------------------------------------------------------------- */

static int bench_usage(void)
{
    fputs("usage: match_bench --dict DIR [--aliases OUT] FILE...\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    const char *dict = NULL, *aliases = NULL;
    char **files = argv + 1;
    int n_files = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dict") && i + 1 < argc)
            dict = argv[++i];
        else if (!strcmp(argv[i], "--aliases") && i + 1 < argc)
            aliases = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return bench_usage();
        else
            files[n_files++] = argv[i];
    }
    if (!dict || !n_files)
        return bench_usage();

    double load_ms;
    cg_gazetteer *g = bench_load_gazetteer(dict, &load_ms);
    if (!g)
        return 1;
    printf("aliases %zu keys %zu states %zu\n", cg_gazetteer_alias_count(g),
           cg_matcher_keys(g->matcher), cg_matcher_states(g->matcher));
    printf("load_ms %.1f\n", load_ms);
    fflush(stdout);
    long written = aliases ? bench_write_aliases(g, aliases) : 0;
    cg_text text;
    size_t raw_len;
    if (written < 0 || bench_read_text(files, n_files, &text, &raw_len)) {
        cg_gazetteer_free(g);
        return 1;
    }
    if (aliases)
        printf("patterns %ld\n", written);
    cg_textview view;
    double view_ms, scan_ms;
    size_t hits = 0;
    int rc = bench_build_view(&text, &view, &view_ms);
    if (rc == 0) {
        printf("input_bytes %zu view_bytes %zu\n", raw_len, view.len);
        printf("view_mbps %.1f\n", bench_mbps(raw_len, view_ms));
        bench_scan(cg_gazetteer_alias_matcher(g), &view, &scan_ms, &hits);
        printf("match_mbps %.1f hits %zu\n", bench_mbps(raw_len, scan_ms), hits);
        fflush(stdout);
        rc = bench_joined(dict, &view, raw_len);
        cg_textview_free(&view);
    }
    cg_text_free(&text);
    cg_gazetteer_free(g);
    return rc ? 1 : 0;
}
