/* lang.c -- guess a text's language from its scripts and function words.
 *
 * The languages claimgraph reads are told apart first by script:
 *
 *   letters ─┬─ Hangul ......................................... ko
 *            ├─ Cyrillic ....................................... ru
 *            │    (Ukrainian-only letters і ї є ґ frequent ..... other)
 *            ├─ kana + Han ─┬─ kana >= 5% of them .............. ja
 *            │              └─ else Japanese-only vs Chinese-only
 *            │                 character forms (+ kana) ........ ja / zh
 *            ├─ Latin ─ English function words frequent ........ en
 *            │          (other languages' function words,
 *            │           accented letters) ..................... other
 *            └─ anything else ................................. other
 *
 * The winning script is the one with the most weight; a CJK or Hangul
 * character weighs as much as three Latin or Cyrillic letters (a word's
 * worth), so a Japanese article naming "Microsoft" stays Japanese and an
 * English one quoting 「中国」 stays English.
 *
 * Han text without kana -- a headline like 「警視庁書類送検」 -- is decided by
 * character forms.  Japanese simplified its characters differently from
 * mainland China (関 vs 关 / 關, 対 vs 对 / 對, 検 vs 检 / 檢), and each
 * language has characters the other never writes (々 in Japanese; 们 这 吗,
 * 們 這 嗎 and the full-width comma in Chinese).  These character lists are
 * facts about the writing systems, not vocabulary an analyst would extend,
 * so they live here with the algorithm rather than in dictionaries/ -- as do
 * the function-word lists below: closed classes of a few dozen words that
 * do not change, and whose membership (leaving out words shared with German,
 * Dutch or Spanish, like "in", "a", "was", "also") is part of the method.
 *
 * Cost is bounded: only the first 2 KiB are read (cut on a character
 * boundary), and no more than 150 Latin words of them; one pass, no
 * allocation after the first call.  Whole ASCII words are found and looked
 * up a word (eight bytes) at a time, and runs of kana and kanji are counted
 * in registers (see "fast paths").
 */
#include "claimgraph/text.h"
#include "ingest/ingest.h"
#include "ingest/normalize.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define LANG_SAMPLE (2 * 1024)
#define LANG_FUNCTION_WORD_MAX 9 /* bytes of the longest listed word */
#define LANG_WORDS_ENOUGH 150    /* Latin words that settle the question */
#define LANG_WORD_MAX 16      /* longest function word we look up, + 1 */
#define LANG_SHORT_WORDS 30   /* fewer Latin words: a line or two */

/* Shinjitai and kokuji that Chinese (simplified or traditional) never
 * writes, and the Japanese iteration mark. */
static const char ja_only_chars[] =
    "広県駅円関庁対発済団図売読続変戦歳鉄転込働畑峠辻枠栃気経総撃検険験"
    "拠拡処仏価労効単厳収営帰弾従恵悪択挙捜桜満緑縄聴脳薬蔵覚観訳証譲豊"
    "軽辺遅釈隠雑霊頼駆騒黙齢応様歩渉徴斉剤亜悩闘氷両乗児伝権覧鉱栄塩縁"
    "説摂暦稲穏粋粛繊実継絵勧歓黒巣覇拝掲々";

/* Simplified and traditional forms that modern Japanese never writes, and
 * Chinese-only function characters. */
static const char zh_only_chars[] =
    "们这说为发对时个过还进动么吗呢吧让从经实长门问间关开无现东网络击军"
    "报组织谍调认该于黑它她并已员车电脑计术业务产记华团获议领导边页总统"
    "处亿尔罗俄韩鲜县广厅钱"
    "們這說發對會國來麼嗎沒讓從經實學關與廳體黨區縣灣臺當總戰證據竊稱歐"
    "屬處應顯廣專變點擊駭裡於產團邊將錢腦";

/* English function words that are not also common words of the Latin-script
 * languages we must not call English. */
static const char *en_words[] = {
    "about", "according", "after", "against", "all", "and", "are", "be",
    "been", "but", "by", "can", "could", "during", "for", "from", "had",
    "has", "have", "he", "her", "his", "how", "if", "into", "is", "it",
    "its", "more", "not", "of", "only", "or", "other", "our", "said",
    "says", "she", "should", "some", "such", "than", "that", "the", "their",
    "them", "there", "these", "they", "this", "those", "to", "we", "were",
    "what", "when", "where", "which", "while", "who", "with", "would",
    "you",
};

/* Function words of German, French, Spanish, Italian, Portuguese and Dutch
 * that English does not use: evidence against English in short texts. */
static const char *foreign_words[] = {
    "auf", "aus", "avec", "bei", "cette", "che", "como", "con", "das",
    "dass", "de", "dei", "del", "della", "dem", "den", "der", "des", "die",
    "du", "een", "ein", "eine", "einen", "el", "elle", "en", "est", "et",
    "fue", "für", "gli", "het", "ist", "la", "las", "le", "les", "leur",
    "lo", "los", "mais", "mit", "nach", "nel", "nicht", "niet", "não", "oder",
    "ont", "para", "pas", "pela", "pelo", "pero", "por", "pour", "que", "qui",
    "se", "sich", "sind", "sono", "sur", "te", "una", "und", "une", "van",
    "von", "wird", "wurde", "y", "zu", "zijn",
};

/* ---- character tables --------------------------------------------------- */

/* The Japanese-only and Chinese-only characters are all in the unified
 * ideograph block, so a bitmap over it answers "which list?" in one load;
 * the function words go in an open-addressed hash table, its ~150 words
 * in 1024 slots of 24 bytes: a word that is none (most) meets an empty
 * slot at once, without probing on. */
#define CJK_FIRST 0x3000
#define CJK_LAST 0x9FFF
#define HAN_FIRST 0x3400
#define HAN_LAST 0x9FFF
#define WORD_BITS 10
#define WORD_SLOTS (1u << WORD_BITS)

typedef struct han_map {
    uint8_t ja[(HAN_LAST - HAN_FIRST + 8) / 8];
    uint8_t zh[(HAN_LAST - HAN_FIRST + 8) / 8];
} han_map;

/* A word as the counter holds it: its bytes, zero-padded to 16. */
typedef struct word_key {
    uint64_t lo, hi;
} word_key;

typedef struct word_slot {
    word_key key;
    uint32_t len; /* 0: empty slot */
    int32_t en;   /* 1: English function word, 0: foreign */
} word_slot;

static han_map han;
static word_slot word_table[WORD_SLOTS];
/* Bit h: some listed word hashes to slot h.  Most words are none, and this
 * answers them from 128 bytes; the table's 24 KiB fall out of the cache
 * from one document to the next (a miss a word). */
static uint64_t word_home[WORD_SLOTS / 64];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void han_fill(uint8_t *bits, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t len = strlen(utf8), i = 0, bad = 1;
    int32_t cp = 0;
    while (i < len) {
        size_t n = cg_utf8_decode(s + i, len - i, &cp, &bad);
        if (n && cp >= HAN_FIRST && cp <= HAN_LAST)
            bits[(cp - HAN_FIRST) >> 3] |= (uint8_t)(1u << ((cp - HAN_FIRST) & 7));
        i += n ? n : bad;
    }
}

_Static_assert(LANG_WORD_MAX == 16, "word keys are the 16 bytes of lang_word.buf");

/* The key of the zero-padded 16 bytes at buf. */
static word_key word_key_of(const char *buf)
{
    word_key k;
    memcpy(&k.lo, buf, 8);
    memcpy(&k.hi, buf + 8, 8);
    return k;
}

static unsigned word_hash(word_key k, size_t len)
{
    uint64_t h = (k.lo * 0x9E3779B97F4A7C15ULL) ^ (k.hi * 0xC2B2AE3D27D4EB4FULL) ^ len;
    return (unsigned)((h * 0x165667B19E3779F9ULL) >> (64 - WORD_BITS));
}

static void word_insert(const char *w, int en)
{
    char buf[16] = {0};
    size_t len = strlen(w);
    memcpy(buf, w, len);            /* every listed word is under 16 bytes */
    word_key k = word_key_of(buf);
    unsigned i = word_hash(k, len) & (WORD_SLOTS - 1);
    word_home[i >> 6] |= 1ULL << (i & 63);
    while (word_table[i].len)
        i = (i + 1) & (WORD_SLOTS - 1);
    word_table[i] = (word_slot){k, (uint32_t)len, en};
}

#define COUNT(a) (sizeof (a) / sizeof *(a))

static void cjk_class_build(void);

static void tables_build(void)
{
    han_fill(han.ja, ja_only_chars);
    han_fill(han.zh, zh_only_chars);
    cjk_class_build();
    for (size_t i = 0; i < COUNT(en_words); i++)
        word_insert(en_words[i], 1);
    for (size_t i = 0; i < COUNT(foreign_words); i++)
        word_insert(foreign_words[i], 0);
}

static int han_has(const uint8_t *bits, int32_t cp)
{
    return cp >= HAN_FIRST && cp <= HAN_LAST &&
           (bits[(cp - HAN_FIRST) >> 3] >> ((cp - HAN_FIRST) & 7) & 1);
}

/* 1: English function word, 0: foreign function word, -1: neither; k
 * holds the word's len bytes, zero-padded to 16. */
static int word_kind(word_key k, size_t len)
{
    unsigned h = word_hash(k, len) & (WORD_SLOTS - 1);
    if (!(word_home[h >> 6] >> (h & 63) & 1))
        return -1;
    for (unsigned i = h; word_table[i].len; i = (i + 1) & (WORD_SLOTS - 1))
        if (word_table[i].len == len && word_table[i].key.lo == k.lo
            && word_table[i].key.hi == k.hi)
            return word_table[i].en;
    return -1;
}

/* ---- counting ----------------------------------------------------------- */

typedef struct lang_counts {
    size_t latin, cyrillic, ukrainian, kana, han, hangul, other;
    size_t ja_forms, zh_forms;
    size_t words, en_words, foreign_words, accented_words;
} lang_counts;

/* The Latin word being read; buf is zero past the bytes written. */
typedef struct lang_word {
    char buf[LANG_WORD_MAX];
    size_t len;          /* bytes; > LANG_WORD_MAX - 1 when too long */
    size_t letters, upper;
    int accented;
} lang_word;

static int is_kana(int32_t c)
{
    return (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FF
                                            && c != 0x30FB)
           || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9F)
           || (c >= 0x1B000 && c <= 0x1B16F);
}

static int is_han(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)
           || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F)
           || c == 0x3005 || c == 0x3006;
}

static int is_hangul(int32_t c)
{
    return (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF)
           || (c >= 0x3130 && c <= 0x318F) || (c >= 0xA960 && c <= 0xA97F)
           || (c >= 0xD7B0 && c <= 0xD7FF) || (c >= 0xFFA0 && c <= 0xFFDC);
}

static int is_cyrillic(int32_t c)
{
    return (c >= 0x0400 && c <= 0x052F) || (c >= 0x1C80 && c <= 0x1C8F)
           || (c >= 0x2DE0 && c <= 0x2DFF) || (c >= 0xA640 && c <= 0xA69F);
}

static int is_latin_letter(int32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7)
           || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0xFF21 && c <= 0xFF3A)
           || (c >= 0xFF41 && c <= 0xFF5A);
}

/* Count the finished word w (of at least one letter) and start afresh. */
static void word_count(lang_counts *lc, lang_word *w)
{
    lc->words++;
    if (w->accented)
        lc->accented_words++;
    if (w->len <= LANG_FUNCTION_WORD_MAX) { /* longer: no function word */
        int kind = word_kind(word_key_of(w->buf), w->len);
        if (kind == 1)
            lc->en_words++;
        /* ALL-CAPS tokens are acronyms ("UN", "LA"), not function words */
        else if (kind == 0 && (w->upper == 0 || w->upper == 1 || w->letters == 1))
            lc->foreign_words++;
    }
    memset(w->buf, 0, sizeof w->buf);
    w->len = w->letters = w->upper = 0;
    w->accented = 0;
}

static int is_ascii_letter(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') <= 'z' - 'a';
}

/* The current word, if any, is complete. */
static inline void word_end(lang_counts *lc, lang_word *w)
{
    if (w->letters)
        word_count(lc, w);
}

/* Add the ASCII letters s[0..n) to the current word; returns n. */
static size_t word_add_ascii(lang_word *w, const unsigned char *s, size_t n)
{
    size_t len = w->len, upper = 0;
    for (size_t k = 0; k < n; k++, len++) {
        unsigned char c = s[k];
        upper += c <= 'Z';
        if (len + 1 < LANG_WORD_MAX)
            w->buf[len] = (char)(c | 0x20);
    }
    w->len = len;
    w->letters += n;
    w->upper += upper;
    return n;
}

/* Add Latin letter c to the current word. */
static void word_add(lang_word *w, int32_t c)
{
    if (c < 0x80) { /* ASCII: no table lookups */
        int upper = c <= 'Z';
        w->letters++;
        w->upper += upper;
        if (w->len + 1 < LANG_WORD_MAX)
            w->buf[w->len] = (char)(upper ? c + 32 : c);
        w->len++;
        return;
    }
    int32_t lower = utf8proc_tolower(c);
    unsigned char u[4];
    size_t k = cg_utf8_encode(lower, u);
    w->letters++;
    w->upper += lower != c;
    w->accented |= c >= 0x80 && !(c >= 0xFF21 && c <= 0xFF5A);
    if (w->len + k < LANG_WORD_MAX)
        memcpy(w->buf + w->len, u, k);
    w->len += k;
}

/* What a non-Latin code point counts as. */
typedef enum {
    CLS_NONE, CLS_KANA, CLS_HAN, CLS_HAN_JA, CLS_HAN_ZH, CLS_HANGUL,
    CLS_CYRILLIC, CLS_UKRAINIAN, CLS_ZH_COMMA, CLS_OTHER, CLS_COUNT
} lang_class;

static lang_class lang_classify(int32_t c)
{
    if (is_kana(c))
        return CLS_KANA;
    if (is_han(c))
        return han_has(han.ja, c) ? CLS_HAN_JA : han_has(han.zh, c) ? CLS_HAN_ZH : CLS_HAN;
    if (is_hangul(c))
        return CLS_HANGUL;
    if (is_cyrillic(c))
        return c == 0x0456 || c == 0x0457 || c == 0x0454 || c == 0x0491
                       || c == 0x0406 || c == 0x0407 || c == 0x0404 || c == 0x0490
                   ? CLS_UKRAINIAN : CLS_CYRILLIC;
    if (c == 0xFF0C)          /* full-width comma */
        return CLS_ZH_COMMA;
    if (utf8proc_category(c) >= UTF8PROC_CATEGORY_LU
        && utf8proc_category(c) <= UTF8PROC_CATEGORY_LO)
        return CLS_OTHER;
    return CLS_NONE;
}

/* The classes of U+3000..U+9FFF (kana, CJK punctuation, ideographs),
 * looked up rather than worked out: in Japanese text kana and kanji
 * alternate too irregularly for the branches of lang_classify.  The
 * ideograph blocks (is_han's U+3400..U+4DBF and U+4E00..U+9FFF) are
 * CLS_HAN but for the listed forms, so they are filled as such, not asked
 * of lang_classify a code point at a time (the slow loop asks it, and the
 * tests compare the two on every code point of the range). */
static uint8_t cjk_class[CJK_LAST - CJK_FIRST + 1];

static void cjk_class_fill(int32_t lo, int32_t hi)
{
    for (int32_t c = lo; c <= hi; c++)
        cjk_class[c - CJK_FIRST] = (uint8_t)lang_classify(c);
}

/* Mark the ideographs of bits (a han_map list) as cls. */
static void cjk_class_mark(const uint8_t *bits, lang_class cls)
{
    for (int32_t b = 0; b <= (HAN_LAST - HAN_FIRST) >> 3; b++)
        for (unsigned k = 0; bits[b] >> k; k++) {
            int32_t c = HAN_FIRST + 8 * b + (int32_t)k;
            if (bits[b] >> k & 1 && is_han(c))
                cjk_class[c - CJK_FIRST] = (uint8_t)cls;
        }
}

static void cjk_class_build(void)
{
    cjk_class_fill(CJK_FIRST, 0x33FF);
    memset(cjk_class + (0x3400 - CJK_FIRST), CLS_HAN, 0x4DBF - 0x3400 + 1);
    cjk_class_fill(0x4DC0, 0x4DFF);
    memset(cjk_class + (0x4E00 - CJK_FIRST), CLS_HAN, 0x9FFF - 0x4E00 + 1);
    cjk_class_mark(han.zh, CLS_HAN_ZH);
    cjk_class_mark(han.ja, CLS_HAN_JA);         /* lang_classify asks ja first */
}

static void lang_counts_add(lang_counts *lc, const size_t *n)
{
    lc->kana += n[CLS_KANA];
    lc->han += n[CLS_HAN] + n[CLS_HAN_JA] + n[CLS_HAN_ZH];
    lc->ja_forms += n[CLS_HAN_JA];
    lc->zh_forms += n[CLS_HAN_ZH] + n[CLS_ZH_COMMA];
    lc->hangul += n[CLS_HANGUL];
    lc->cyrillic += n[CLS_CYRILLIC] + n[CLS_UKRAINIAN];
    lc->ukrainian += n[CLS_UKRAINIAN];
    lc->other += n[CLS_OTHER];
}

/* ---- fast paths ---------------------------------------------------------
 *
 * Most of a sample is whole ASCII words and runs of kana and kanji, so
 * these take them without the general loop's per-character decisions; they
 * give the same counts (the tests compare with the general loop alone,
 * cg_lang_slow). */

int cg_lang_slow;

#define ONES 0x0101010101010101ULL

/* How many ASCII letters s[0..n) starts with, eight bytes at a time: a
 * byte is a letter when, with bit 0x20 set, it lies in 'a'..'z' (the high
 * bit is masked off first, so no byte carries into the next). */
static size_t ascii_letters(const unsigned char *s, size_t n)
{
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i + 8 <= n; i += 8) {
        uint64_t w, x;
        memcpy(&w, s + i, 8);
        x = (w & ONES * 0x7F) | ONES * 0x20;
        uint64_t letter = (x + ONES * (0x80 - 'a')) & ~(x + ONES * (0x80 - 'z' - 1))
                          & ~w & ONES * 0x80;
        uint64_t other = ~letter & ONES * 0x80;
        if (other)
            return i + (size_t)__builtin_ctzll(other) / 8;
    }
#endif
    while (i < n && is_ascii_letter(s[i]))
        i++;
    return i;
}

/* The key of word s[0..n) (n <= 9; avail bytes readable at s): loaded
 * and masked where sixteen bytes can be read (storing the bytes and
 * loading them as words would wait for the stores), else copied. */
static word_key word_key_at(const unsigned char *s, size_t n, size_t avail)
{
    word_key k;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (avail >= 16) {
        memcpy(&k.lo, s, 8);
        memcpy(&k.hi, s + 8, 8);
        k.lo &= n >= 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
        k.hi &= n > 8 ? (1ULL << (8 * (n - 8))) - 1 : 0;
        return k;
    }
#endif
    (void)avail;
    char buf[16] = {0};
    memcpy(buf, s, n);
    return word_key_of(buf);
}

/* Count s[0..n), a whole word of ASCII letters, as word_count would: the
 * key lower-cased a word at a time (0x20 added to every non-zero byte). */
static void word_count_ascii(lang_counts *lc, const unsigned char *s, size_t n,
                             size_t avail)
{
    lc->words++;
    if (n > LANG_FUNCTION_WORD_MAX)
        return;
    word_key k = word_key_at(s, n, avail);
    uint64_t nz_lo = ((k.lo & ONES * 0x7F) + ONES * 0x7F) & ONES * 0x80;
    uint64_t nz_hi = ((k.hi & ONES * 0x7F) + ONES * 0x7F) & ONES * 0x80;
    /* letters without bit 0x20: one per byte after >> 5, summed by a
     * multiply (no popcount instruction in baseline x86-64) */
    size_t upper = (size_t)((((nz_lo >> 2) & ~k.lo) >> 5) * ONES >> 56)
                   + (size_t)((((nz_hi >> 2) & ~k.hi) >> 5) * ONES >> 56);
    k.lo |= nz_lo >> 2;
    k.hi |= nz_hi >> 2;
    int kind = word_kind(k, n);
    if (kind == 1)
        lc->en_words++;
    else if (kind == 0 && (upper <= 1 || n == 1))
        lc->foreign_words++;
}

#ifdef __SSE2__
/* The first byte >= 0x80 at or after s[i], or len. */
static size_t lang_next_high(const unsigned char *s, size_t i, size_t len)
{
    for (; i + 16 <= len; i += 16) {
        unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(s + i)));
        if (high)
            return i + (size_t)__builtin_ctz(high);
    }
    while (i < len && s[i] < 0x80)
        i++;
    return i;
}

/* The ASCII letters (is_ascii_letter) of the 64 ASCII bytes at s, as the
 * bits of a word. */
static uint64_t lang_letter_bits(const unsigned char *s)
{
    uint64_t m = 0;
    for (int q = 0; q < 4; q++) {
        __m128i v = _mm_or_si128(_mm_loadu_si128((const __m128i *)(s + 16 * q)),
                                 _mm_set1_epi8(0x20));
        __m128i t = _mm_sub_epi8(v, _mm_set1_epi8('a'));
        __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8('z' - 'a')), t);
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(letter) << (16 * q);
    }
    return m;
}

/* Count, as lang_count's loop would one by one, the words of the 64 ASCII
 * bytes at s[i] (no word goes on from before them) that end among them:
 * their letters found sixteen bytes a step, each word then the lowest run
 * of set bits.  Returns where it stopped: at the start of a word that
 * reaches the last of the 64 (the loop reads it on), after the word that
 * made LANG_WORDS_ENOUGH, or past the 64 bytes; i itself for a word of
 * all 64. */
static size_t lang_count_block(lang_counts *lc, const unsigned char *s, size_t i, size_t len)
{
    uint64_t m = lang_letter_bits(s + i);
    if (m == ~0ULL)
        return i;
    while (m) {
        unsigned at = (unsigned)__builtin_ctzll(m);
        unsigned n = (unsigned)__builtin_ctzll(~(m >> at));
        if (at + n == 64)
            return i + at;
        lc->latin += n;
        word_count_ascii(lc, s + i + at, n, len - i - at);
        if (lc->words >= LANG_WORDS_ENOUGH)
            return i + at + n;
        m &= m + (1ULL << at);      /* the word's bits carried away */
    }
    return i + 64;
}
#endif

/* Classes of U+3000..U+9FFF counted in two words of five 12-bit fields,
 * so a run of kana and kanji adds in registers, not to a counter in memory
 * that each character would wait for.  A sample holds at most 2048 / 3
 * such characters, under 4096. */
_Static_assert(CLS_COUNT <= 10 && LANG_SAMPLE / 3 < 4096, "packed class counts");

#ifdef __SSE2__
/* How many of the five characters at s[0..15), from the first, are three
 * bytes long with a lead byte of E3..E9 (U+3000..U+9FFF)?  0 to 5; the
 * test of lang_count_cjk's loop, five characters a step.  Reads sixteen
 * bytes. */
static inline unsigned lang_five_cjk(const unsigned char *s)
{
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    __m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)0xE3));
    return cg_utf8_five_ok(v, _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(0xE9 - 0xE3)), d));
}
#endif

/* Add the counts packed (see lang_count_cjk) to n_cls and clear them. */
static void lang_unpack(uint64_t *packed, size_t *n_cls)
{
    for (int c = 0; c < CLS_COUNT; c++)
        n_cls[c] += (c < 5 ? packed[0] >> (12 * c) : packed[1] >> (12 * (c - 5))) & 0xFFF;
    packed[0] = packed[1] = 0;
}

/* Count the run of three-byte code points of U+3000..U+9FFF that s[0..n)
 * starts with into packed (the classes' counts in two words of five
 * 12-bit fields, which lang_unpack adds to the counters: runs are short
 * in Chinese, and all of them together hold under 4096 characters of a
 * class); returns its length in bytes.  (With SSE2 the characters are
 * told such five at a time, then each is looked up.) */
static size_t lang_count_cjk(const unsigned char *s, size_t n, uint64_t *packed)
{
    static const uint64_t inc[2][16] = {
        {1, 1ULL << 12, 1ULL << 24, 1ULL << 36, 1ULL << 48},
        {0, 0, 0, 0, 0, 1, 1ULL << 12, 1ULL << 24, 1ULL << 36, 1ULL << 48}};
    uint64_t lo = packed[0], hi = packed[1];
    size_t i = 0;
#ifdef __SSE2__
    for (unsigned five = 5; five == 5 && i + 16 <= n;) {
        five = lang_five_cjk(s + i);
        for (size_t end = i + 3 * five; i < end; i += 3) {
            unsigned cls = cjk_class[((s[i] & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6
                                      | (s[i + 2] & 0x3Fu)) - CJK_FIRST];
            lo += inc[0][cls];
            hi += inc[1][cls];
        }
    }
#endif
    while (i + 3 <= n) {
        unsigned c0 = s[i], c1 = s[i + 1], c2 = s[i + 2];
        if (c0 - 0xE3u > 0xE9u - 0xE3u || (c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80)
            break;
        unsigned cls = cjk_class[((c0 & 0x0F) << 12 | (c1 & 0x3F) << 6 | (c2 & 0x3F))
                                 - CJK_FIRST];
        lo += inc[0][cls];
        hi += inc[1][cls];
        i += 3;
    }
    packed[0] = lo, packed[1] = hi;
    return i;
}

/* Is the answer Japanese whatever the rest bytes still to count hold?
 * Kana and kanji already outweigh every other script by more than rest
 * (no script gains more weight than a byte's worth a byte), and kana
 * stay 5% of them even if every character left is a kanji (of 3 bytes or
 * more).  Japanese text settles this within its first few hundred bytes. */
static int lang_settled_ja(const lang_counts *lc, const size_t *n_cls, size_t rest)
{
    size_t kana = n_cls[CLS_KANA];
    size_t han = n_cls[CLS_HAN] + n_cls[CLS_HAN_JA] + n_cls[CLS_HAN_ZH];
    size_t cjk = 3 * (kana + han);
    size_t rival = lc->latin;
    size_t cyrillic = n_cls[CLS_CYRILLIC] + n_cls[CLS_UKRAINIAN];
    rival = cyrillic > rival ? cyrillic : rival;
    rival = 3 * n_cls[CLS_HANGUL] > rival ? 3 * n_cls[CLS_HANGUL] : rival;
    rival = n_cls[CLS_OTHER] > rival ? n_cls[CLS_OTHER] : rival;
    return cjk > rival + rest && kana * 19 >= han + (rest + 2) / 3;
}

/* Characters of kana and kanji counted between two looks at
 * lang_settled_ja (a look comes after a run, when this many have been
 * counted since the last). */
#define LANG_SETTLE_STEP 64

/* Count s[0..len) into lc.  settle: stop as soon as the answer is known
 * to be Japanese (the counts are then partial). */
static void lang_count(lang_counts *lc, const unsigned char *s, size_t len, int settle)
{
    lang_word w;
    memset(&w, 0, sizeof w);
    /* high: the first byte >= 0x80 after i, looked for again once i has
     * reached the last one found (SSE2) */
    size_t i = 0, bad, n_cls[CLS_COUNT] = {0}, unsettled = 0, high = 0;
    uint64_t packed[2] = {0, 0};
    const int fast = !cg_lang_slow;
    settle &= fast;
    while (i < len && lc->words < LANG_WORDS_ENOUGH) {
        int32_t c;
#ifdef __SSE2__
        /* 64 bytes of ASCII ahead, no word open: their words at once */
        if (fast && !w.letters && s[i] < 0x80 && i + 64 <= len) {
            if (high <= i)
                high = lang_next_high(s, i, len);
            size_t j = i + 64 <= high && (i == 0 || !is_ascii_letter(s[i - 1])
                                          || !is_ascii_letter(s[i]))
                           ? lang_count_block(lc, s, i, len) : i;
            if (j > i) {
                i = j;
                continue;
            }
        }
#endif
        if (s[i] < 0x80) { /* ASCII fast path: a run of letters at once */
            if (fast && !is_ascii_letter(s[i])) {
                /* spaces, digits, punctuation: each would end the word
                 * and count nothing, so the run goes at once */
                word_end(lc, &w);
                while (++i < len && s[i] < 0x80 && !is_ascii_letter(s[i]))
                    ;
                continue;
            }
            size_t j = fast ? i + ascii_letters(s + i, len - i) : i;
            while (j < len && is_ascii_letter(s[j]))
                j++;
            if (fast && j > i && !w.letters && (j == len || s[j] < 0x80)) {
                lc->latin += j - i;         /* a whole word of ASCII */
                word_count_ascii(lc, s + i, j - i, len - i);
                i = j;
                continue;
            }
            if (j > i) {
                lc->latin += word_add_ascii(&w, s + i, j - i);
                i = j;
            } else {
                word_end(lc, &w);
                i++;
            }
            continue;
        }
        if (fast && s[i] >= 0xE3 && s[i] <= 0xE9) {
            size_t avail = len - i;
            if (settle && avail > 3 * LANG_SETTLE_STEP)
                avail = 3 * LANG_SETTLE_STEP;
            size_t run = lang_count_cjk(s + i, avail, packed);
            if (run) {
                word_end(lc, &w);
                i += run;
                unsettled += run / 3;
                if (settle && unsettled >= LANG_SETTLE_STEP) {
                    lang_unpack(packed, n_cls);
                    if (lang_settled_ja(lc, n_cls, len - i))
                        break;
                    unsettled = 0;
                }
                continue;
            }
        }
        size_t n = cg_utf8_decode(s + i, len - i, &c, &bad);
        if (n == 0) {
            word_end(lc, &w);
            i += bad;
            continue;
        }
        i += n;
        if (c >= CJK_FIRST && c <= CJK_LAST) {   /* no Latin letters here */
            word_end(lc, &w);
            n_cls[fast ? cjk_class[c - CJK_FIRST] : lang_classify(c)]++;
            continue;
        }
        if (is_latin_letter(c)) {
            lc->latin++;
            word_add(&w, c);
            continue;
        }
        word_end(lc, &w);
        n_cls[lang_classify(c)]++;
    }
    word_end(lc, &w);
    lang_unpack(packed, n_cls);
    lang_counts_add(lc, n_cls);
}

/* ---- deciding ----------------------------------------------------------- */

static cg_lang lang_decide_cjk(const lang_counts *lc)
{
    size_t cjk = lc->kana + lc->han;
    if (lc->kana * 20 >= cjk)
        return CG_LANG_JA;
    return lc->ja_forms + lc->kana > lc->zh_forms ? CG_LANG_JA : CG_LANG_ZH;
}

/* A line or two (a headline drops its function words) is English unless
 * another language's function words or accented letters outweigh the
 * English ones; longer text must use English function words often. */
static cg_lang lang_decide_latin(const lang_counts *lc)
{
    size_t en = lc->en_words, foreign = lc->foreign_words;
    if (lc->words < LANG_SHORT_WORDS) {
        if (en == 0)
            return foreign || lc->accented_words ? CG_LANG_OTHER : CG_LANG_EN;
        return en * 2 >= foreign ? CG_LANG_EN : CG_LANG_OTHER;
    }
    return en * 12 >= lc->words && en > foreign ? CG_LANG_EN : CG_LANG_OTHER;
}

/* Count the sample of text[0..len): its first LANG_SAMPLE bytes, cut on a
 * character boundary (settle: as lang_count). */
static void lang_count_sample(lang_counts *lc, const char *text, size_t len, int settle)
{
    pthread_once(&tables_once, tables_build);
    const unsigned char *s = (const unsigned char *)text;
    if (len > LANG_SAMPLE) {
        len = LANG_SAMPLE;
        while (len > LANG_SAMPLE - 4 && (s[len] & 0xC0) == 0x80)
            len--;
    }
    memset(lc, 0, sizeof *lc);
    lang_count(lc, s, len, settle);
}

void cg_lang_counts(const char *text, size_t len, size_t out[CG_LANG_N_COUNTS])
{
    lang_counts lc;
    lang_count_sample(&lc, text, len, 0);
    _Static_assert(sizeof lc == CG_LANG_N_COUNTS * sizeof(size_t), "all counts");
    memcpy(out, &lc, sizeof lc);
}

cg_lang cg_lang_detect(const char *text, size_t len)
{
    if (!text || !len)
        return CG_LANG_OTHER;
    lang_counts lc;
    lang_count_sample(&lc, text, len, 1);
    size_t cjk = 3 * (lc.kana + lc.han), hangul = 3 * lc.hangul;
    size_t best = lc.latin;
    best = lc.cyrillic > best ? lc.cyrillic : best;
    best = cjk > best ? cjk : best;
    best = hangul > best ? hangul : best;
    if (best == 0 || lc.other > best)
        return CG_LANG_OTHER;
    if (hangul == best)
        return CG_LANG_KO;
    if (cjk == best)
        return lang_decide_cjk(&lc);
    if (lc.cyrillic == best)
        return lc.ukrainian * 100 >= lc.cyrillic ? CG_LANG_OTHER : CG_LANG_RU;
    return lang_decide_latin(&lc);
}
