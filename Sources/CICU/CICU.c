// The implementation of CICU.h: one-line wrappers around ICU's C API.
// See the header for why this file exists.
#include "CICU.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

const char *cicu_error_name(int32_t code) { return u_errorName((UErrorCode)code); }

void cicu_version(char *buffer, int32_t capacity) {
    UVersionInfo info;
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(info);
    u_versionToString(info, text);
    if (capacity > 0) {
        strncpy(buffer, text, (size_t)capacity - 1);
        buffer[capacity - 1] = 0;
    }
}

cicu_break *cicu_break_open(int32_t kind, const char *locale, int32_t *status) {
    return (cicu_break *)ubrk_open((UBreakIteratorType)kind, locale, NULL, 0, (UErrorCode *)status);
}

void cicu_break_set_text(cicu_break *iterator, const uint16_t *text, int32_t length, int32_t *status) {
    ubrk_setText((UBreakIterator *)iterator, (const UChar *)text, length, (UErrorCode *)status);
}

int32_t cicu_break_first(cicu_break *iterator) { return ubrk_first((UBreakIterator *)iterator); }
int32_t cicu_break_next(cicu_break *iterator) { return ubrk_next((UBreakIterator *)iterator); }
void cicu_break_close(cicu_break *iterator) { ubrk_close((UBreakIterator *)iterator); }

cicu_translit *cicu_translit_open(const uint16_t *id, int32_t id_length, int32_t *status) {
    return (cicu_translit *)utrans_openU((const UChar *)id, id_length, UTRANS_FORWARD, NULL, 0, NULL,
                                         (UErrorCode *)status);
}

void cicu_translit_apply(cicu_translit *translit, uint16_t *text, int32_t *length, int32_t capacity, int32_t *status) {
    int32_t limit = *length;
    utrans_transUChars((const UTransliterator *)translit, (UChar *)text, length, capacity, 0, &limit,
                       (UErrorCode *)status);
}

void cicu_translit_close(cicu_translit *translit) { utrans_close((UTransliterator *)translit); }

int32_t cicu_translit_to_rules(const cicu_translit *translit, uint16_t *buffer, int32_t capacity, int32_t *status) {
    return utrans_toRules((const UTransliterator *)translit, 0, (UChar *)buffer, capacity, (UErrorCode *)status);
}

int32_t cicu_nfkc(const uint16_t *source, int32_t length, uint16_t *destination, int32_t capacity, int32_t *status) {
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance((UErrorCode *)status);
    if (U_FAILURE((UErrorCode)*status)) return 0;
    return unorm2_normalize(nfkc, (const UChar *)source, length, (UChar *)destination, capacity,
                            (UErrorCode *)status);
}

int32_t cicu_detect_charset(const char *bytes, int32_t length, char *name, int32_t name_capacity, int32_t *status) {
    UCharsetDetector *detector = ucsdet_open((UErrorCode *)status);
    if (U_FAILURE((UErrorCode)*status)) return -1;
    ucsdet_setText(detector, bytes, length, (UErrorCode *)status);
    const UCharsetMatch *match = ucsdet_detect(detector, (UErrorCode *)status);
    int32_t confidence = -1;
    if (match != NULL && U_SUCCESS((UErrorCode)*status)) {
        const char *found = ucsdet_getName(match, (UErrorCode *)status);
        confidence = ucsdet_getConfidence(match, (UErrorCode *)status);
        if (found != NULL && name_capacity > 0) {
            strncpy(name, found, (size_t)name_capacity - 1);
            name[name_capacity - 1] = 0;
        }
    }
    ucsdet_close(detector);
    return confidence;
}

int32_t cicu_convert_to_utf16(const char *charset, const char *bytes, int32_t length,
                              uint16_t *destination, int32_t capacity,
                              int32_t *error_offset, int32_t *status) {
    *error_offset = -1;
    UConverter *converter = ucnv_open(charset, (UErrorCode *)status);
    if (U_FAILURE((UErrorCode)*status)) return 0;
    ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, (UErrorCode *)status);
    if (U_FAILURE((UErrorCode)*status)) { ucnv_close(converter); return 0; }
    // ucnv_toUnicode (rather than ucnv_toUChars) tells where conversion stopped.
    UChar *target = (UChar *)destination;
    const char *source = bytes;
    ucnv_toUnicode(converter, &target, (UChar *)destination + capacity, &source, bytes + length, NULL, 1,
                   (UErrorCode *)status);
    int32_t written = (int32_t)(target - (UChar *)destination);
    if (*status == U_BUFFER_OVERFLOW_ERROR) {
        ucnv_close(converter);
        return capacity + 1 + (int32_t)((bytes + length) - source) * 2;
    }
    if (U_FAILURE((UErrorCode)*status)) {
        char invalid[8];
        int8_t invalid_length = sizeof invalid;
        UErrorCode ignored = U_ZERO_ERROR;
        ucnv_getInvalidChars(converter, invalid, &invalid_length, &ignored);
        *error_offset = (int32_t)(source - bytes) - (U_SUCCESS(ignored) ? invalid_length : 0);
    }
    ucnv_close(converter);
    return written;
}

cicu_set *cicu_set_open_pattern(const uint16_t *pattern, int32_t length, int32_t *error_offset, int32_t *status) {
    USet *set = uset_openPattern((const UChar *)pattern, length, (UErrorCode *)status);
    if (error_offset) *error_offset = -1;
    return (cicu_set *)set;
}

int32_t cicu_set_range_count(const cicu_set *set) { return uset_getRangeCount((const USet *)set); }

void cicu_set_range(const cicu_set *set, int32_t index, int32_t *first, int32_t *last) {
    UChar32 start = 0, end = 0;
    UErrorCode status = U_ZERO_ERROR;
    uset_getItem((const USet *)set, index, &start, &end, NULL, 0, &status);
    *first = start;
    *last = end;
}

void cicu_set_close(cicu_set *set) { uset_close((USet *)set); }
