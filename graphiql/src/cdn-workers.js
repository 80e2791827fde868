// Monaco's workers in the CDN build. A page may only start workers from
// its own origin, so each worker is a small blob: module that imports the
// worker's code from the CDN. The import map names the pinned worker URLs
// (wutong-worker/editor, wutong-worker/json, wutong-worker/graphql).
const urls = {};

function workerURL(label) {
  const name = label === 'json' || label === 'graphql' ? label : 'editor';
  if (!urls[name]) {
    const source = `import ${JSON.stringify(import.meta.resolve(`wutong-worker/${name}`))};\n`;
    urls[name] = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  }
  return urls[name];
}

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    return new Worker(workerURL(label), { type: 'module', name: `monaco-${label}` });
  },
};
