/* Test-only stand-in for the system icuuc.dll of Windows 10 1703 and later, which Wine 8 lacks.
 *
 * Qt 6's QtCore imports ICU's converter functions (ucnv_*) from it and fails to load without them.
 * Here every converter is unavailable: ucnv_open fails with U_FILE_ACCESS_ERROR, so Qt treats the
 * ICU encodings as missing. The app decodes with Python's codecs and loses nothing. Built by
 * scripts/build_windows.sh into the Wine prefix's system32 for the CI run only; never shipped. */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
typedef int8_t UBool;
typedef uint16_t UChar;
typedef struct UConverter UConverter;
typedef void *Callback;

#define U_FILE_ACCESS_ERROR 4
#define U_UNSUPPORTED_ERROR 16
#define EXPORT __declspec(dllexport)

static int failed(UErrorCode *status)
{
    if (status && *status <= 0)
        *status = U_UNSUPPORTED_ERROR;
    return 1;
}

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *status)
{
    (void)name;
    if (status && *status <= 0)
        *status = U_FILE_ACCESS_ERROR;
    return NULL;
}

EXPORT void ucnv_close(UConverter *converter) { (void)converter; }
EXPORT void ucnv_reset(UConverter *converter) { (void)converter; }

EXPORT void ucnv_toUnicode(UConverter *c, UChar **target, const UChar *target_limit,
                           const char **source, const char *source_limit, int32_t *offsets,
                           UBool flush, UErrorCode *status)
{
    (void)c; (void)target; (void)target_limit; (void)source; (void)source_limit; (void)offsets;
    (void)flush;
    failed(status);
}

EXPORT void ucnv_fromUnicode(UConverter *c, char **target, const char *target_limit,
                             const UChar **source, const UChar *source_limit, int32_t *offsets,
                             UBool flush, UErrorCode *status)
{
    (void)c; (void)target; (void)target_limit; (void)source; (void)source_limit; (void)offsets;
    (void)flush;
    failed(status);
}

EXPORT const char *ucnv_getName(const UConverter *c, UErrorCode *status)
{
    (void)c;
    failed(status);
    return NULL;
}

EXPORT int8_t ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 1; }

EXPORT void ucnv_setToUCallBack(UConverter *c, Callback action, const void *context,
                                Callback *old_action, const void **old_context, UErrorCode *status)
{
    (void)c; (void)action; (void)context;
    if (old_action) *old_action = NULL;
    if (old_context) *old_context = NULL;
    failed(status);
}

EXPORT void ucnv_setFromUCallBack(UConverter *c, Callback action, const void *context,
                                  Callback *old_action, const void **old_context, UErrorCode *status)
{
    (void)c; (void)action; (void)context;
    if (old_action) *old_action = NULL;
    if (old_context) *old_context = NULL;
    failed(status);
}

EXPORT void ucnv_getToUCallBack(const UConverter *c, Callback *action, const void **context)
{
    (void)c;
    if (action) *action = NULL;
    if (context) *context = NULL;
}

EXPORT void ucnv_getFromUCallBack(const UConverter *c, Callback *action, const void **context)
{
    (void)c;
    if (action) *action = NULL;
    if (context) *context = NULL;
}

/* ICU's callbacks: Qt only passes their addresses to the set*CallBack functions above. */
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}

EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length, int32_t offset,
                                  UErrorCode *status)
{
    (void)args; (void)source; (void)length; (void)offset;
    failed(status);
}

EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *source_limit,
                                    int32_t offset, UErrorCode *status)
{
    (void)args; (void)source; (void)source_limit; (void)offset;
    failed(status);
}

EXPORT int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *status)
{
    (void)c;
    failed(status);
    return 0;
}

EXPORT int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *status)
{
    (void)c;
    failed(status);
    return 0;
}

EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status)
{
    (void)name; (void)standard;
    failed(status);
    return NULL;
}

EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
