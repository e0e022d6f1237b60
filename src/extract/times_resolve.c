/* times_resolve.c -- from a time expression as written to an ISO 8601
 * value: calendar arithmetic, the publication date, the last time the text
 * mentioned, and Japanese eras through ICU's Japanese calendar.
 *
 * A resolved value is a span of one or two calendar points, each a day, a
 * month or a year (struct tspan).  What a relative expression counts from:
 *
 *   the publication date     yesterday, last month, on Tuesday, April 20,
 *                            20日, 3 years ago, 昨年6月
 *   the last time mentioned  the same day, 同日, 翌年, in November that
 *                            year, その1カ月後, at the time
 *
 * Choices (docs/dictionaries.md, section times.tsv, says them for users):
 *   - a date written without its year takes the publication year, or the
 *     year before when that would put it after the publication date (news
 *     reports the past), unless a future cue stands near ("will");
 *   - a weekday is the latest such day on or before the publication date
 *     (on or after it with a future cue); "last Tuesday" is strictly
 *     before; weeks run Monday to Sunday: "this week" is
 *     2021-04-19/2021-04-25;
 *   - a day alone (20日) is in the publication month (the month before if
 *     that would put it in the future), or in the month of a day written
 *     out earlier in the same sentence;
 *   - seasons are month intervals: summer 2016 = 2016-06/2016-08, winter
 *     2016 = 2016-12/2017-02; early / mid / late keep the unit; halves and
 *     thirds of a month are day intervals (上旬 = 01/10);
 *   - "since X" is the open interval "X/..".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

#include "base/buf.h"
#include "extract/times.h"

/* ---- calendar ------------------------------------------------------------- */

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : n[(m - 1) % 12];
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static long days_from(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static tymd day_of(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    int y = (int)(yoe + era * 400 + (m <= 2));
    return (tymd){y, m, d, G_DAY};
}

/* 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
static int weekday(long z)
{
    long w = (z + 3) % 7;
    return (int)(w < 0 ? w + 7 : w) + 1;
}

static long days_of(tymd t)
{
    return days_from(t.y, t.m, t.d);
}

/* The granularity a unit of counting needs. */
static int gran_of(int unit)
{
    return unit == U_DAY || unit == U_WEEK ? G_DAY : unit == U_MONTH ? G_MONTH : G_YEAR;
}

static tymd ymd(int y, int m, int d, int gran)
{
    return (tymd){y, m, d, gran};
}

/* Month arithmetic: (y, m) + k months. */
static tymd month_add(int y, int m, int k)
{
    long idx = (long)y * 12 + (m - 1) + k;
    return ymd((int)(idx / 12), (int)(idx % 12) + 1, 0, G_MONTH);
}

static tspan one(tymd t)
{
    return (tspan){t, t, 0, 1};
}

static tspan two(tymd a, tymd b)
{
    return (tspan){a, b, 0, 1};
}

/* ---- eras (ICU) ------------------------------------------------------------- */

#define ERA_LOCALE "ja_JP@calendar=japanese"

/* The eras looked up so far, by name: the dictionary names each era
 * twice (by its kanji and by its Latin initial), and a lookup walks ICU's
 * era names and opens two calendars. */
#define ERA_MEMO 16

struct times_eras {
    UDateFormat *f;
    struct {
        char name[32];
        int first;
    } memo[ERA_MEMO];
    int n_memo;
};

times_eras *times_eras_open(void)
{
    UErrorCode st = U_ZERO_ERROR;
    times_eras *e = calloc(1, sizeof *e);
    static const UChar era_only[] = {'G', 0}; /* (only the era symbols are read: a
                                                  pattern opens a third of the data a
                                                  default format does) */
    if (e)
        e->f = udat_open(UDAT_PATTERN, UDAT_PATTERN, ERA_LOCALE, NULL, 0, era_only, 1, &st);
    if (e && U_FAILURE(st)) {
        free(e);
        return NULL;
    }
    return e;
}

void times_eras_close(times_eras *e)
{
    if (e) {
        udat_close(e->f);
        free(e);
    }
}

/* The index of the era ICU names `name`, or -1. */
static int era_index(const times_eras *e, const char *name)
{
    int n = udat_countSymbols(e->f, UDAT_ERAS);
    for (int i = n - 1; i >= 0; i--) {
        UChar u[64];
        char s[192];
        UErrorCode st = U_ZERO_ERROR;
        int32_t len = udat_getSymbols(e->f, UDAT_ERAS, i, u, 64, &st);
        if (U_SUCCESS(st))
            u_strToUTF8(s, sizeof s, NULL, u, len, &st);
        if (U_SUCCESS(st) && !strcmp(s, name))
            return i;
    }
    return -1;
}

/* The Gregorian year of year `year` of era `era` (index): set ERA and YEAR
 * in ICU's Japanese calendar, read the year of the same instant in the
 * Gregorian calendar.  0 on failure. */
static int era_year(int era, int year)
{
    UErrorCode st = U_ZERO_ERROR;
    UCalendar *jc = ucal_open(NULL, 0, ERA_LOCALE, UCAL_DEFAULT, &st);
    UCalendar *gc = ucal_open(NULL, 0, "en_US@calendar=gregorian", UCAL_GREGORIAN, &st);
    int out = 0;
    if (U_SUCCESS(st)) {
        ucal_clear(jc);
        ucal_set(jc, UCAL_ERA, era);
        ucal_set(jc, UCAL_YEAR, year);
        ucal_set(jc, UCAL_MONTH, UCAL_DECEMBER); /* late in the year: inside the era */
        ucal_set(jc, UCAL_DATE, 31);
        UDate at = ucal_getMillis(jc, &st);
        ucal_setMillis(gc, at, &st);
        int y = ucal_get(gc, UCAL_YEAR, &st);
        if (U_SUCCESS(st))
            out = y;
    }
    ucal_close(jc);
    ucal_close(gc);
    return out;
}

int times_eras_first(times_eras *e, const char *name)
{
    size_t n = strlen(name);
    for (int k = 0; e && k < e->n_memo; k++)
        if (!strcmp(e->memo[k].name, name))
            return e->memo[k].first;
    int i = e ? era_index(e, name) : -1;
    int first = i < 0 ? 0 : era_year(i, 1);
    if (e && e->n_memo < ERA_MEMO && n < sizeof e->memo[0].name) {
        memcpy(e->memo[e->n_memo].name, name, n + 1);
        e->memo[e->n_memo++].first = first;
    }
    return first;
}

/* ---- the publication date ----------------------------------------------------- */

/* Are s[0..n) ASCII digits?  Their value in *v. */
static int ref_digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

tymd times_ref_parse(const char *s)
{
    int y, m, d; /* YYYY-MM-DD, a valid day: what sscanf would read, without its cost */
    if (s && ref_digits(s, 4, &y) && s[4] == '-' && ref_digits(s + 5, 2, &m) && s[7] == '-' &&
        ref_digits(s + 8, 2, &d) && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m))
        return ymd(y, m, d, G_DAY);
    return times_ref_parse_slow(s);
}

tymd times_ref_parse_slow(const char *s)
{
    tymd r = {0, 0, 0, 0};
    int y, m, d, used = 0;
    if (!s)
        return r;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10 && m >= 1 &&
        m <= 12 && d >= 1 && d <= month_days(y, m))
        return ymd(y, m, d, G_DAY);
    if (sscanf(s, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7 && m >= 1 && m <= 12)
        return ymd(y, m, 0, G_MONTH);
    if (sscanf(s, "%4d%n", &y, &used) == 1 && used == 4)
        return ymd(y, 0, 0, G_YEAR);
    return r;
}

/* ---- points ---------------------------------------------------------------------- */

typedef struct rstate {
    const tcontext *c;
    const char *reason;
    int relative;
} rstate;

#define NO_REF "relative expression without a publication date"
#define COARSE_REF "publication date too coarse for this relative expression"
#define NO_PREV "refers back to no earlier time"
#define BAD_DATE "no such date"

/* The last time mentioned at granularity `gran` or finer, or NULL. */
static const tspan *prev_at(const tcontext *c, int gran)
{
    const tspan *p = gran == G_DAY ? &c->prev_day : gran == G_MONTH ? &c->prev_month : &c->prev;
    return p->ok && p->lo.gran >= gran ? p : NULL;
}

/* The reference the expression counts from, at granularity `gran` or
 * finer; 0 with the reason set when there is none. */
static int base_of(rstate *r, int anchor, int gran, tymd *out)
{
    const tcontext *c = r->c;
    r->relative = 1;
    const tspan *p = anchor == A_PREV ? prev_at(c, gran) : NULL;
    if (p) {
        *out = p->lo;
        return 1;
    }
    if (!c->ref.gran) {
        r->reason = NO_REF;
        return 0;
    }
    if (c->ref.gran < gran) {
        r->reason = COARSE_REF;
        return 0;
    }
    *out = c->ref;
    return 1;
}

/* Apply a season (first month) to a year. */
static tspan season_of(int y, int first)
{
    tymd a = ymd(y, first, 0, G_MONTH);
    return two(a, month_add(y, first, 2));
}

/* Apply a part (half, third, quarter) to a span that is one year or month. */
static tspan part_of(tspan s, int part)
{
    if (!s.ok || s.lo.gran != s.hi.gran || s.lo.y != s.hi.y || s.lo.m != s.hi.m)
        return s;
    int y = s.lo.y, m = s.lo.m;
    if (s.lo.gran == G_YEAR) {
        if (part == P_H1 || part == P_H2)
            return two(ymd(y, part == P_H1 ? 1 : 7, 0, G_MONTH),
                       ymd(y, part == P_H1 ? 6 : 12, 0, G_MONTH));
        if (part >= P_Q1 && part <= P_Q4) {
            int q = part - P_Q1;
            return two(ymd(y, q * 3 + 1, 0, G_MONTH), ymd(y, q * 3 + 3, 0, G_MONTH));
        }
    } else if (s.lo.gran == G_MONTH) {
        int last = month_days(y, m);
        if (part == P_H1)
            return two(ymd(y, m, 1, G_DAY), ymd(y, m, 15, G_DAY));
        if (part == P_H2)
            return two(ymd(y, m, 16, G_DAY), ymd(y, m, last, G_DAY));
        if (part >= P_T1 && part <= P_T3) {
            int k = part - P_T1;
            return two(ymd(y, m, k * 10 + 1, G_DAY), ymd(y, m, k == 2 ? last : k * 10 + 10, G_DAY));
        }
    }
    return s;
}

/* A year, month and day (any of m, d 0) as a span, with season and part. */
static tspan fields_span(rstate *r, const tdate *t, int y, int m, int d)
{
    if (y < 1000 || y > 9999) {
        r->reason = BAD_DATE;
        return (tspan){0};
    }
    if (m && (m < 1 || m > 12 || d < 0 || d > month_days(y, m))) {
        r->reason = BAD_DATE;
        return (tspan){0};
    }
    if (t->decade) /* the 1990s; the 1800s and 1900s are centuries */
        return two(ymd(y, 0, 0, G_YEAR), ymd(y + (y % 100 || y >= 2000 ? 9 : 99), 0, 0, G_YEAR));
    tspan s;
    if (d)
        s = one(ymd(y, m, d, G_DAY));
    else if (m)
        s = one(ymd(y, m, 0, G_MONTH));
    else if (t->season)
        s = season_of(y, t->season);
    else
        s = one(ymd(y, 0, 0, G_YEAR));
    return t->part ? part_of(s, t->part) : s;
}

/* The Monday of the week holding day z. */
static long monday_of(long z)
{
    return z - (weekday(z) - 1);
}

static tspan week_span(long monday)
{
    return two(day_of(monday), day_of(monday + 6));
}

/* N units ago (from the publication date) or later (from the last time). */
static tspan ago_resolve(rstate *r, const tdate *t)
{
    int n = t->ago_n, unit = t->ago_unit;
    int gran = gran_of(unit);
    tymd b;
    if (n > 0) {
        const tspan *p = prev_at(r->c, gran);
        r->relative = 1;
        if (!p) {
            r->reason = NO_PREV;
            return (tspan){0};
        }
        b = p->lo;
    } else if (!base_of(r, A_PUB, gran, &b)) {
        return (tspan){0};
    }
    switch (unit) {
    case U_YEAR:
        return one(ymd(b.y + n, 0, 0, G_YEAR));
    case U_MONTH:
        return one(month_add(b.y, b.m, n));
    case U_WEEK:
        return week_span(monday_of(days_of(b) + 7L * n));
    default:
        return one(day_of(days_of(b) + n));
    }
}

/* yesterday, last month, 昨年6月, 今月12日, 上周六, the same day ... */
static tspan rel_resolve(rstate *r, const tdate *t)
{
    if (t->rel_anchor == A_SAME) {
        r->relative = 1;
        if (!r->c->prev.ok) {
            r->reason = NO_PREV;
            return (tspan){0};
        }
        return r->c->prev;
    }
    int unit = t->rel_unit, off = t->rel_off;
    tymd b;
    if (!base_of(r, t->rel_anchor, gran_of(unit), &b))
        return (tspan){0};
    switch (unit) {
    case U_YEAR:
        return fields_span(r, t, b.y + off, t->m, t->m ? t->d : 0);
    case U_MONTH: {
        tymd m = month_add(b.y, b.m, off);
        return fields_span(r, t, m.y, m.m, t->d);
    }
    case U_WEEK: {
        long mon = monday_of(days_of(b)) + 7L * off;
        return t->wd ? one(day_of(mon + t->wd - 1)) : week_span(mon);
    }
    default:
        return one(day_of(days_of(b) + off));
    }
}

/* last / this / next + a month name or a season. */
static tspan monthname_resolve(rstate *r, const tdate *t)
{
    tymd b;
    if (!base_of(r, A_PUB, G_MONTH, &b))
        return (tspan){0};
    int off = t->monthname_rel - 100;
    int first = t->season ? t->season : t->m;
    int last = t->season ? first + 2 : first; /* may pass 12: winter */
    int y = b.y;
    if (off < 0)
        y = last < b.m ? b.y : b.y - 1;
    else if (off > 0)
        y = first > b.m ? b.y : b.y + 1;
    return fields_span(r, t, y, t->season ? 0 : t->m, 0);
}

/* A weekday: on or before the publication date (after, with a future
 * cue); last / this / next Tuesday. */
static tspan weekday_resolve(rstate *r, const tdate *t)
{
    tymd b;
    if (!base_of(r, A_PUB, G_DAY, &b))
        return (tspan){0};
    long z = days_of(b);
    int w = weekday(z);
    int off = t->wd_rel ? t->wd_rel - 100 : 0;
    long back = (w - t->wd + 7) % 7;      /* days back to the latest such day */
    long ahead = (t->wd - w + 7) % 7;
    if (t->wd_rel && off < 0)
        return one(day_of(z - (back ? back : 7)));
    if (t->wd_rel && off > 0)
        return one(day_of(z + (ahead ? ahead : 7)));
    if (t->wd_rel)
        return one(day_of(monday_of(z) + t->wd - 1));
    return one(day_of(r->c->future ? z + ahead : z - back));
}

/* A date written without its year (April 20, 4月20日, in July), or a day
 * alone (20日). */
static tspan yearless_resolve(rstate *r, const tdate *t, int partner_year)
{
    const tcontext *c = r->c;
    if (partner_year)
        return fields_span(r, t, partner_year, t->m, t->d);
    if (!t->m && c->inherit.gran == G_DAY) {
        r->relative = 1;
        return fields_span(r, t, c->inherit.y, c->inherit.m, t->d);
    }
    tymd b;
    if (!base_of(r, A_PUB, t->m ? G_MONTH : G_DAY, &b))
        return (tspan){0};
    if (!t->m) { /* a day of the publication month, or of the month before */
        int y = b.y, m = b.m;
        if (t->d > b.d + 1 && !c->future) {
            tymd p = month_add(y, m, -1);
            y = p.y, m = p.m;
        }
        return fields_span(r, t, y, m, t->d);
    }
    int y = b.y;
    int after = t->m > b.m || (t->m == b.m && t->d && b.gran == G_DAY && t->d > b.d + 1);
    if (after && !c->future)
        y--;
    return fields_span(r, t, y, t->m, t->d);
}

/* Two-digit years: the century that puts the year at most ten years after
 * the publication date (2000s without one). */
static int century_fix(const tcontext *c, int yy)
{
    int ref = c->ref.gran ? c->ref.y : 2030;
    int y = ref / 100 * 100 + yy;
    return y > ref + 10 ? y - 100 : y;
}

static tspan point_resolve(rstate *r, const tdate *t, int partner_year)
{
    int y = t->y;
    if (t->ago_unit)
        return ago_resolve(r, t);
    if (t->rel_unit || t->rel_anchor == A_SAME)
        return rel_resolve(r, t);
    if (t->monthname_rel)
        return monthname_resolve(r, t);
    if (t->wd && !t->m && !t->d)
        return weekday_resolve(r, t);
    if (t->era) {
        y = t->era + t->y - 1;
    } else if (t->y2) {
        y = century_fix(r->c, t->y);
    }
    if (!y)
        return yearless_resolve(r, t, partner_year);
    return fields_span(r, t, y, t->m, t->d);
}

/* ---- expressions ------------------------------------------------------------------- */

static int ymd_cmp_start(tymd a, tymd b)
{
    int ka = a.y * 10000 + (a.m ? a.m : 1) * 100 + (a.d ? a.d : 1);
    int kb = b.y * 10000 + (b.m ? b.m : 1) * 100 + (b.d ? b.d : 1);
    return (ka > kb) - (ka < kb);
}

static int ymd_cmp_end(tymd a, tymd b)
{
    int ka = a.y * 10000 + (a.m ? a.m : 12) * 100 + (a.d ? a.d : 31);
    int kb = b.y * 10000 + (b.m ? b.m : 12) * 100 + (b.d ? b.d : 31);
    return (ka > kb) - (ka < kb);
}

tspan times_resolve(const texpr *e, const tcontext *c, const char **reason, int *relative)
{
    rstate r = {c, NULL, 0};
    tspan out;
    if (!e->interval) {
        out = point_resolve(&r, &e->a, 0);
        if (out.ok && e->open) {
            out.hi = out.lo;
            out.open = 1;
        }
    } else {
        /* neither end has a year: the end decides, the start follows */
        int yearless = !e->a.y && !e->b.y && e->a.m && e->b.m && !e->a.rel_unit &&
                       !e->b.rel_unit && !e->a.monthname_rel && !e->b.monthname_rel;
        tspan b = point_resolve(&r, &e->b, 0);
        int py = 0;
        if (yearless && b.ok)
            py = b.lo.y - (e->a.m > e->b.m || (e->a.m == e->b.m && e->a.d > e->b.d));
        tspan a = b.ok ? point_resolve(&r, &e->a, py) : b;
        out = (tspan){a.lo, b.hi, 0, a.ok && b.ok};
        if (out.ok && (ymd_cmp_start(a.lo, b.lo) > 0 || ymd_cmp_end(a.hi, b.hi) > 0)) {
            out.ok = 0;
            r.reason = "interval ends before it starts";
        }
    }
    if (out.ok && (out.lo.y < 1000 || out.hi.y > 9999)) {
        out.ok = 0;
        r.reason = BAD_DATE;
    }
    *reason = out.ok ? NULL : r.reason ? r.reason : BAD_DATE;
    *relative = r.relative;
    return out;
}

/* ---- ISO values ------------------------------------------------------------------- */

/* Write n as `width` digits; returns the end. */
static char *digits(char *p, int n, int width)
{
    for (int i = width - 1; i >= 0; i--, n /= 10)
        p[i] = (char)('0' + n % 10);
    return p + width;
}

/* digits(p, n, 2) for n in 0..99, from the table (the division it saves is
 * most of what formatting a value costs). */
static char *digits2(char *p, int n)
{
    if (n < 0 || n > 99)
        return digits(p, n, 2);
    memcpy(p, cg_digit_pairs + 2 * n, 2);
    return p + 2;
}

/* YYYY, YYYY-MM or YYYY-MM-DD at p (at most 10 bytes); returns the end. */
static char *ymd_format(tymd t, char *p)
{
    if (t.y >= 0 && t.y <= 9999)
        p = digits2(digits2(p, t.y / 100), t.y % 100);
    else
        p = digits(p, t.y, 4);
    if (t.gran >= G_MONTH) {
        *p++ = '-';
        p = digits2(p, t.m);
    }
    if (t.gran == G_DAY) {
        *p++ = '-';
        p = digits2(p, t.d);
    }
    return p;
}

static int ymd_same(tymd a, tymd b)
{
    return a.gran == b.gran && a.y == b.y && a.m == b.m && a.d == b.d;
}

void times_format(const tspan *s, char *buf, size_t cap)
{
    if (cap < 32) {
        if (cap)
            buf[0] = '\0';
        return;
    }
    char *p = ymd_format(s->lo, buf);
    if (s->open) {
        memcpy(p, "/..", 3);
        p += 3;
    } else if (!ymd_same(s->lo, s->hi)) {
        *p++ = '/';
        p = ymd_format(s->hi, p);
    }
    *p = '\0';
}
