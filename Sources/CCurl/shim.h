#ifndef THIDUA_CCURL_SHIM_H
#define THIDUA_CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>

/* libcurl is loaded with dlopen on first use, not linked: linking it would make every thidua
   command (even --help) load libcurl and the twenty libraries it needs at start. The header
   gives the types and constants; these pointers are filled from the loaded library. */
typedef struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *handle);
    void (*easy_cleanup)(CURL *handle);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
} thidua_curl_api;

/* Loads libcurl and fills `api`; returns 0, or -1 with the reason in `error`. Call once. */
static inline int thidua_curl_load(thidua_curl_api *api, char *error, size_t size) {
#if defined(__APPLE__)
    const char *names[] = {"libcurl.4.dylib", "libcurl.dylib"};
#else
    const char *names[] = {"libcurl.so.4", "libcurl.so"};
#endif
    void *library = NULL;
    for (unsigned index = 0; index < 2 && library == NULL; index++) library = dlopen(names[index], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(error, size, "libcurl could not be loaded (%s); install it (Debian: libcurl4)", reason ? reason : "not found");
        return -1;
    }
#define THIDUA_CURL_SYMBOL(field, name)                                                    \
    *(void **)(&api->field) = dlsym(library, name);                                        \
    if (api->field == NULL) {                                                              \
        snprintf(error, size, "the libcurl found has no %s; it is too old", name);         \
        return -1;                                                                         \
    }
    THIDUA_CURL_SYMBOL(global_init, "curl_global_init")
    THIDUA_CURL_SYMBOL(easy_init, "curl_easy_init")
    THIDUA_CURL_SYMBOL(easy_setopt, "curl_easy_setopt")
    THIDUA_CURL_SYMBOL(easy_perform, "curl_easy_perform")
    THIDUA_CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup")
    THIDUA_CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo")
    THIDUA_CURL_SYMBOL(easy_strerror, "curl_easy_strerror")
    THIDUA_CURL_SYMBOL(slist_append, "curl_slist_append")
    THIDUA_CURL_SYMBOL(slist_free_all, "curl_slist_free_all")
#undef THIDUA_CURL_SYMBOL
    if (api->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(error, size, "libcurl could not be initialised");
        return -1;
    }
    return 0;
}

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed
   wrapper per kind of argument. */

static inline CURLcode thidua_curl_set_long(const thidua_curl_api *api, CURL *handle, CURLoption option, long value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode thidua_curl_set_string(const thidua_curl_api *api, CURL *handle, CURLoption option, const char *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode thidua_curl_set_pointer(const thidua_curl_api *api, CURL *handle, CURLoption option, void *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode thidua_curl_set_list(const thidua_curl_api *api, CURL *handle, CURLoption option, struct curl_slist *value) {
    return api->easy_setopt(handle, option, value);
}

typedef size_t (*thidua_curl_io_callback)(char *buffer, size_t size, size_t count, void *context);

static inline CURLcode thidua_curl_set_callback(
    const thidua_curl_api *api, CURL *handle, CURLoption option, thidua_curl_io_callback callback) {
    return api->easy_setopt(handle, option, callback);
}

static inline CURLcode thidua_curl_get_long(const thidua_curl_api *api, CURL *handle, CURLINFO info, long *value) {
    return api->easy_getinfo(handle, info, value);
}

#endif
