/* walk.c -- paths to units: files, sorted directories, stdin, JSONL lines.
 *
 * Directories are read with a stack of the (device, inode) pairs of the
 * directories currently open, so a symbolic link that points back up the
 * tree is reported once as an error rather than followed for ever:
 *
 *   corpus/ (d1) -> sub/ (d2) -> loop -> corpus/   d1 is on the stack: error
 *
 * JSON Lines files are streamed line by line, so a large archive in one
 * file never has to fit in memory.
 */
#include "ingest/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "claimgraph/ingest.h"
#include "ingest/ingest.h"

#define WALK_HEAD 65536
#define WALK_DEPTH_MAX 256

typedef struct walk_dir {
    dev_t dev;
    ino_t ino;
} walk_dir;

typedef struct walk {
    cg_unit_fn fn;
    void *ud;
    int stopped;
    walk_dir stack[WALK_DEPTH_MAX];
    int depth;
} walk;

void cg_unit_clear(cg_unit *u)
{
    free(u->path);
    free(u->data);
    free(u->error);
    memset(u, 0, sizeof *u);
}

static void walk_emit(walk *w, cg_unit *u)
{
    if (w->stopped) {
        cg_unit_clear(u);
        return;
    }
    if (w->fn(w->ud, u))
        w->stopped = 1;
}

static void walk_emit_error(walk *w, const char *path, cg_status st,
                            const char *fmt, const char *arg)
{
    cg_unit u = {0};
    u.path = strdup(path);
    u.status = st;
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    u.error = strdup(msg);
    walk_emit(w, &u);
}

/* ---- JSON Lines streaming ------------------------------------------------ */

typedef struct line_reader {
    int fd;
    cg_buf buf;     /* holds the unread tail */
    size_t pos;
    int eof;
} line_reader;

/* Next line (without its newline) as [*line, *len); 0 at the end. */
static int line_next(line_reader *r, const char **line, size_t *len)
{
    for (;;) {
        char *start = r->buf.data ? r->buf.data + r->pos : NULL;
        size_t avail = r->buf.len - r->pos;
        char *nl = start ? memchr(start, '\n', avail) : NULL;
        if (nl || (r->eof && avail)) {
            *line = start;
            *len = nl ? (size_t)(nl - start) : avail;
            r->pos += *len + (nl != NULL);
            return 1;
        }
        if (r->eof)
            return 0;
        if (r->pos) { /* keep only the unread tail */
            memmove(r->buf.data, r->buf.data + r->pos, avail);
            r->buf.len = avail;
            r->pos = 0;
        }
        if (cg_buf_reserve(&r->buf, WALK_HEAD))
            return 0;
        ssize_t got = read(r->fd, r->buf.data + r->buf.len, WALK_HEAD);
        if (got <= 0)
            r->eof = 1;
        else
            r->buf.len += (size_t)got;
    }
}

static void walk_jsonl(walk *w, const char *path, line_reader *r)
{
    const char *line;
    size_t len;
    for (long lineno = 1; !w->stopped && line_next(r, &line, &len); lineno++) {
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
            len--;
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i == len)
            continue;
        cg_unit u = {0};
        if (asprintf(&u.path, "%s:%ld", path, lineno) < 0)
            u.path = NULL;
        u.data = malloc(len + 1);
        if (!u.path || !u.data) {
            cg_unit_clear(&u);
            walk_emit_error(w, path, CG_ERR_NOMEM, "%s", "out of memory");
            return;
        }
        memcpy(u.data, line, len);
        u.data[len] = '\0';
        u.len = len;
        u.format = CG_FORMAT_JSONL;
        walk_emit(w, &u);
    }
}

/* ---- files ----------------------------------------------------------------- */

/* Read fd to the end (at most CG_INGEST_MAX_BYTES + 1 bytes) after what
 * r->buf holds already. */
static int walk_slurp(line_reader *r)
{
    while (!r->eof && r->buf.len <= CG_INGEST_MAX_BYTES) {
        if (cg_buf_reserve(&r->buf, WALK_HEAD))
            return -1;
        ssize_t got = read(r->fd, r->buf.data + r->buf.len, WALK_HEAD);
        if (got < 0)
            return -1;
        if (got == 0)
            r->eof = 1;
        r->buf.len += (size_t)got;
        r->buf.data[r->buf.len] = '\0';
    }
    return 0;
}

/* Emit one whole-file unit holding data (taken over). */
static void walk_emit_file(walk *w, const char *path, char *data, size_t len,
                           cg_format fmt)
{
    cg_unit u = {0};
    u.path = strdup(path);
    u.data = data;
    u.len = len;
    u.format = fmt;
    if (!u.path || !u.data) {
        cg_unit_clear(&u);
        walk_emit_error(w, path, CG_ERR_NOMEM, "%s", "out of memory");
        return;
    }
    walk_emit(w, &u);
}

/* A UTF-16 file: read it all, convert, then treat the UTF-8 as any file. */
static void walk_utf16(walk *w, const char *path, line_reader *r)
{
    if (walk_slurp(r) || r->buf.len > CG_INGEST_MAX_BYTES) {
        walk_emit_error(w, path, CG_ERR_LIMIT, "%s", "cannot read UTF-16 file");
        cg_buf_free(&r->buf);
        return;
    }
    size_t len;
    char *utf8 = cg_ingest_utf16_to_utf8(r->buf.data, r->buf.len, &len);
    cg_buf_free(&r->buf);
    if (!utf8) {
        walk_emit_error(w, path, CG_ERR_FORMAT, "%s", "invalid UTF-16");
        return;
    }
    cg_format fmt = cg_ingest_detect(utf8, len, path);
    if (fmt == CG_FORMAT_JSONL) {
        line_reader lines = {-1, {utf8, len, len + 1, 0}, 0, 1};
        walk_jsonl(w, path, &lines);
        free(utf8);
        return;
    }
    walk_emit_file(w, path, utf8, len, fmt);
}

/* `size` is the file's size when it is a regular file (-1 otherwise):
 * having read that much, we need not ask the kernel for an end of file. */
static void walk_fd(walk *w, const char *path, int fd, off_t size)
{
    line_reader r = {fd, CG_BUF_INIT, 0, 0};
    /* Read the head, then decide by content.  A file smaller than the head
     * is read whole into a buffer of its size, in one read. */
    size_t head = size >= 0 && (size_t)size < WALK_HEAD ? (size_t)size : WALK_HEAD;
    while (!r.eof && r.buf.len < WALK_HEAD) {
        size_t want = r.buf.len < head ? head - r.buf.len : WALK_HEAD - r.buf.len;
        if (cg_buf_reserve(&r.buf, want)) {
            walk_emit_error(w, path, CG_ERR_NOMEM, "%s", "out of memory");
            return;
        }
        ssize_t got = read(fd, r.buf.data + r.buf.len, want);
        if (got < 0) {
            walk_emit_error(w, path, CG_ERR_IO, "%s", strerror(errno));
            cg_buf_free(&r.buf);
            return;
        }
        if (got == 0)
            r.eof = 1;
        r.buf.len += (size_t)got;
        if (size >= 0 && r.buf.len == (size_t)size)
            r.eof = 1;
    }
    if (r.buf.len && cg_ingest_is_utf16(r.buf.data, r.buf.len)) {
        walk_utf16(w, path, &r);
        return;
    }
    cg_format fmt = cg_ingest_detect(r.buf.data ? r.buf.data : "", r.buf.len, path);
    if (fmt == CG_FORMAT_JSONL) {
        walk_jsonl(w, path, &r);
        cg_buf_free(&r.buf);
        return;
    }
    if (walk_slurp(&r)) {
        walk_emit_error(w, path, CG_ERR_IO, "%s",
                        r.buf.oom ? "out of memory" : strerror(errno));
        cg_buf_free(&r.buf);
        return;
    }
    if (r.buf.len > CG_INGEST_MAX_BYTES) {
        cg_buf_free(&r.buf);
        walk_emit_error(w, path, CG_ERR_LIMIT, "larger than %s", "256 MiB");
        return;
    }
    size_t len;
    char *data = cg_buf_detach(&r.buf, &len);
    walk_emit_file(w, path, data, len, fmt);
}

static void walk_path(walk *w, const char *path, int top);

/* A directory entry the directory says is a regular file: opened relative
 * to the directory, so the kernel looks up one name instead of the whole
 * path twice (stat, then open).  O_NONBLOCK keeps a FIFO swapped in
 * meanwhile from blocking; anything unexpected goes the long way
 * (walk_path), which reports it as before. */
static void walk_regular_at(walk *w, int dfd, const char *name, const char *path)
{
    int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        walk_path(w, path, 0);
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        walk_path(w, path, 0);
        return;
    }
    walk_fd(w, path, fd, st.st_size);
    close(fd);
}

static int walk_name_cmp(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int walk_visible(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

/* path/name in new memory (caller frees), NULL when out of memory; slash:
 * path[0..plen) ends in '/' already. */
static char *walk_join(const char *path, size_t plen, int slash, const char *name)
{
    size_t nlen = strlen(name);
    char *child = malloc(plen + !slash + nlen + 1);
    if (!child)
        return NULL;
    memcpy(child, path, plen);
    if (!slash)
        child[plen] = '/';
    memcpy(child + plen + !slash, name, nlen + 1);
    return child;
}

static void walk_dir_entries(walk *w, const char *path, const struct stat *st)
{
    for (int i = 0; i < w->depth; i++)
        if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino) {
            walk_emit_error(w, path, CG_ERR_IO, "%s",
                            "symbolic link loop: directory is already being read");
            return;
        }
    if (w->depth == WALK_DEPTH_MAX) {
        walk_emit_error(w, path, CG_ERR_LIMIT, "%s", "directories nested too deep");
        return;
    }
    struct dirent **names;
    int n = scandir(path, &names, walk_visible, walk_name_cmp);
    if (n < 0) {
        walk_emit_error(w, path, CG_ERR_IO, "%s", strerror(errno));
        return;
    }
    w->stack[w->depth++] = (walk_dir){st->st_dev, st->st_ino};
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    size_t plen = strlen(path);
    int slash = plen && path[plen - 1] == '/';
    for (int i = 0; i < n; i++) {
        char *child;
        if (!w->stopped && (child = walk_join(path, plen, slash, names[i]->d_name))) {
            if (dfd >= 0 && names[i]->d_type == DT_REG)
                walk_regular_at(w, dfd, names[i]->d_name, child);
            else
                walk_path(w, child, 0);
            free(child);
        }
        free(names[i]);
    }
    if (dfd >= 0)
        close(dfd);
    free(names);
    w->depth--;
}

static void walk_path(walk *w, const char *path, int top)
{
    if (w->stopped)
        return;
    if (top && !strcmp(path, "-")) {
        walk_fd(w, "-", STDIN_FILENO, -1);
        return;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        struct stat lst;
        if (errno == ELOOP || (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)))
            walk_emit_error(w, path, CG_ERR_IO, "%s",
                            errno == ELOOP ? "symbolic link loop"
                                           : "dangling symbolic link");
        else
            walk_emit_error(w, path, CG_ERR_IO, "%s", strerror(errno));
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        walk_dir_entries(w, path, &st);
        return;
    }
    if (!S_ISREG(st.st_mode) && !top) {
        walk_emit_error(w, path, CG_ERR_IO, "%s", "not a regular file; skipped");
        return;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        walk_emit_error(w, path, CG_ERR_IO, "%s", strerror(errno));
        return;
    }
    walk_fd(w, path, fd, S_ISREG(st.st_mode) ? st.st_size : -1);
    close(fd);
}

cg_status cg_walk_paths(const char *const *paths, size_t n_paths,
                        cg_unit_fn fn, void *ud, cg_error *err)
{
    (void)err;
    walk *w = calloc(1, sizeof *w);
    if (!w)
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    w->fn = fn;
    w->ud = ud;
    for (size_t i = 0; i < n_paths && !w->stopped; i++)
        walk_path(w, paths[i], 1);
    free(w);
    return CG_OK;
}
