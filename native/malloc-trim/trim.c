/*
 * malloc_trim(0) (glibc): after a burst, freed chunks in the middle of malloc's heaps stay resident, because only
 * the top of a heap is returned to the kernel on free(). malloc_trim releases every whole free page in every
 * arena (madvise), so memory freed after a burst leaves the process. Node-API, so one build serves Node and Electron.
 */
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static napi_value Trim(napi_env env, napi_callback_info info) {
  int released = 0;
#if defined(__GLIBC__)
  released = malloc_trim(0);
#endif
  napi_value result;
  napi_get_boolean(env, released != 0, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "trim", NAPI_AUTO_LENGTH, Trim, NULL, &fn);
  napi_set_named_property(env, exports, "trim", fn);
  return exports;
}
