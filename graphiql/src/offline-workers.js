// Monaco runs its language services in web workers. The offline build
// bundles each worker into a file of its own next to the main bundle, so
// they load from the same origin (CSP worker-src 'self').
//
// WUTONG_WORKERS is replaced by build.mjs with the hashed file names:
// { editor, json, graphql }.
/* global WUTONG_WORKERS */
const files = WUTONG_WORKERS;

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const file = files[label] || files.editor;
    return new Worker(new URL(file, import.meta.url), { name: `monaco-${label}` });
  },
};
