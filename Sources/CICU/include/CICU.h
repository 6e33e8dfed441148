// CICU: the thin C boundary between Zhengming and the system ICU (libicu-dev).
//
// Why this file exists: ICU renames every C function with its major version
// (`ubrk_open` is a macro for `ubrk_open_72`), and Swift's importer cannot see
// through those macros. This shim compiles against whatever ICU the machine
// has and exports plain, unversioned `cicu_` wrappers. The header includes no
// ICU header, so Swift sees only the types declared here: UTF-16 code units are
// `uint16_t`, ICU objects are opaque pointers, and errors are ICU's
// `UErrorCode` values as `int32_t` (zero or negative is success; see
// `cicu_error_name`).
//
// Every function is a direct wrapper; all logic lives in Swift.
#ifndef CICU_H
#define CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The name of an ICU error code (`u_errorName`), e.g. "U_INVALID_CHAR_FOUND".
const char *cicu_error_name(int32_t code);

/// ICU's version string, e.g. "72.1" (`u_getVersion`).
void cicu_version(char *buffer, int32_t capacity);

// MARK: Break iteration (ubrk)

typedef struct cicu_break cicu_break;

/// Kinds accepted by `cicu_break_open`: 1 = word, 3 = sentence (UBreakIteratorType).
enum { CICU_BREAK_CHARACTER = 0, CICU_BREAK_WORD = 1, CICU_BREAK_LINE = 2, CICU_BREAK_SENTENCE = 3 };

/// `ubrk_open` with no text; set text with `cicu_break_set_text`.
cicu_break *cicu_break_open(int32_t kind, const char *locale, int32_t *status);
/// `ubrk_setText`. The text must outlive the iteration.
void cicu_break_set_text(cicu_break *iterator, const uint16_t *text, int32_t length, int32_t *status);
/// `ubrk_first`.
int32_t cicu_break_first(cicu_break *iterator);
/// `ubrk_next`; returns -1 (UBRK_DONE) at the end.
int32_t cicu_break_next(cicu_break *iterator);
/// `ubrk_close`.
void cicu_break_close(cicu_break *iterator);

// MARK: Transliteration (utrans)

typedef struct cicu_translit cicu_translit;

/// `utrans_openU` in the forward direction, e.g. "Han-Latin", "Traditional-Simplified".
cicu_translit *cicu_translit_open(const uint16_t *id, int32_t id_length, int32_t *status);
/// `utrans_transUChars`: transliterates `text[0..<*length]` in place; `*length`
/// receives the new length, which may exceed `capacity` (then nothing useful was
/// written and the caller retries with a larger buffer).
void cicu_translit_apply(cicu_translit *translit, uint16_t *text, int32_t *length, int32_t capacity, int32_t *status);
/// `utrans_close`.
void cicu_translit_close(cicu_translit *translit);
/// `utrans_toRules` (without escaping): the source rules of `translit` into
/// `buffer`; returns their length (which may exceed `capacity`: then call
/// again with more room).
int32_t cicu_translit_to_rules(const cicu_translit *translit, uint16_t *buffer, int32_t capacity, int32_t *status);

// MARK: Normalisation (unorm2)

/// `unorm2_getNFKCInstance` + `unorm2_normalize`. Returns the output length,
/// which may exceed `capacity` (retry with a larger buffer).
int32_t cicu_nfkc(const uint16_t *source, int32_t length, uint16_t *destination, int32_t capacity, int32_t *status);

// MARK: Charset detection (ucsdet) and conversion (ucnv)

/// `ucsdet_detect` over `bytes`: writes the best charset name (e.g. "GB18030")
/// into `name` and returns its confidence 0...100, or -1 when nothing matched.
int32_t cicu_detect_charset(const char *bytes, int32_t length, char *name, int32_t name_capacity, int32_t *status);

/// Converts `bytes` in charset `charset` to UTF-16 with `ucnv_toUChars`, with the
/// STOP callback so that any illegal or unmappable sequence is an error
/// (`U_ILLEGAL_CHAR_FOUND`, `U_INVALID_CHAR_FOUND`, `U_TRUNCATED_CHAR_FOUND`).
/// Returns the output length (which may exceed `capacity`). On error,
/// `*error_offset` receives the byte offset of the first bad byte when known, else -1.
int32_t cicu_convert_to_utf16(const char *charset, const char *bytes, int32_t length,
                              uint16_t *destination, int32_t capacity,
                              int32_t *error_offset, int32_t *status);

// MARK: Unicode sets (uset)

typedef struct cicu_set cicu_set;

/// `uset_openPattern`, e.g. "[\\p{Han}]" or "[[:Script=Han:]]". `*error_offset`
/// (may be NULL) receives the parse-error offset in the pattern.
cicu_set *cicu_set_open_pattern(const uint16_t *pattern, int32_t length, int32_t *error_offset, int32_t *status);
/// `uset_getRangeCount`.
int32_t cicu_set_range_count(const cicu_set *set);
/// `uset_getItem` for a range item: stores its first and last code point.
void cicu_set_range(const cicu_set *set, int32_t index, int32_t *first, int32_t *last);
/// `uset_close`.
void cicu_set_close(cicu_set *set);

#ifdef __cplusplus
}
#endif

#endif
