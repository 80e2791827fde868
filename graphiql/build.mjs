// Builds the offline GraphiQL bundle that the Go package embeds:
//
//   npm ci && npm run build
//
// writes dist/assets/ (content-hashed files, those that compress well
// as NAME.gz only) and dist/manifest.json, which names the page's script and
// style sheet. dist/README is kept: it is the
// committed placeholder that lets `go build` embed dist/ before any build.
//
// The style sheets of GraphiQL carry their fonts and images as data: URLs;
// they are written out as files of their own here, so that the page's
// Content-Security-Policy can allow fonts and images from 'self' only.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, 'dist');
const assets = join(dist, 'assets');

// Browsers with module workers, import maps and CSS nesting.
const target = ['chrome111', 'edge111', 'firefox115', 'safari16.4'];

function hashOf(bytes) {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

// outputsByEntry maps each entry point of a build to its output file name.
function outputsByEntry(metafile) {
  const names = {};
  for (const [file, out] of Object.entries(metafile.outputs)) {
    if (out.entryPoint) names[out.entryPoint] = basename(file);
  }
  return names;
}

async function clean() {
  await rm(assets, { recursive: true, force: true });
  await rm(join(dist, 'manifest.json'), { force: true });
  await mkdir(assets, { recursive: true });
}

// buildWorkers bundles Monaco's three workers into classic scripts.
async function buildWorkers() {
  const entries = {
    editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
    json: 'monaco-editor/esm/vs/language/json/json.worker.js',
    graphql: 'monaco-graphql/esm/graphql.worker.js',
  };
  const result = await esbuild.build({
    absWorkingDir: here,
    entryPoints: Object.entries(entries).map(([name, path]) => ({ in: path, out: `${name}.worker` })),
    bundle: true,
    format: 'iife',
    minify: true,
    target,
    outdir: assets,
    entryNames: '[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
  });
  const byEntry = outputsByEntry(result.metafile);
  const files = {};
  for (const [name, path] of Object.entries(entries)) {
    const key = Object.keys(byEntry).find((entry) => entry.endsWith(path));
    if (!key) throw new Error(`no output for the ${name} worker`);
    files[name] = byEntry[key];
  }
  return files;
}

// buildScript bundles the page's code with GraphiQL, React and Monaco.
// Monaco's modules import their CSS, which graphiql/style.css already has,
// so CSS imported from JavaScript is dropped here.
async function buildScript(workers) {
  const result = await esbuild.build({
    absWorkingDir: here,
    entryPoints: [{ in: 'src/offline.js', out: 'graphiql' }],
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    target,
    outdir: assets,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    loader: { '.css': 'empty', '.ttf': 'empty' },
    define: {
      'process.env.NODE_ENV': '"production"',
      WUTONG_WORKERS: JSON.stringify(workers),
    },
    metafile: true,
    logLevel: 'warning',
  });
  return outputsByEntry(result.metafile)['src/offline.js'];
}

const dataURL = /url\((["']?)data:([a-z0-9.+-]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]+)\1\)/g;

const extensions = {
  'font/woff2': 'woff2',
  'font/woff': 'woff',
  'font/ttf': 'ttf',
  'application/font-woff': 'woff',
  'image/png': 'png',
  'image/svg+xml': 'svg',
  'image/gif': 'gif',
};

// buildStyle bundles the style sheets and writes their data: URLs out as files.
async function buildStyle() {
  const result = await esbuild.build({
    absWorkingDir: here,
    entryPoints: ['src/style.css'],
    bundle: true,
    minify: true,
    target,
    outdir: assets,
    write: false,
    logLevel: 'warning',
  });
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'));
  const written = new Map();
  const pending = [];
  const text = css.text.replace(dataURL, (match, _quote, type, base64) => {
    const ext = extensions[type];
    if (!ext) throw new Error(`style sheet has a data: URL of type ${type}: add it to build.mjs`);
    const bytes = Buffer.from(base64, 'base64');
    const name = `${hashOf(bytes)}.${ext}`;
    if (!written.has(name)) {
      written.set(name, true);
      pending.push(writeFile(join(assets, name), bytes));
    }
    return `url(${name})`;
  });
  if (text.includes('data:')) throw new Error('style sheet still has a data: URL');
  const name = `graphiql-${hashOf(text)}.css`;
  pending.push(writeFile(join(assets, name), text));
  await Promise.all(pending);
  return name;
}

await clean();
const workers = await buildWorkers();
const script = await buildScript(workers);
const style = await buildStyle();
const manifest = { script: `assets/${script}`, style: `assets/${style}` };
await writeFile(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// gzip replaces each file that compresses well by NAME.gz, so that the
// committed bundle (and the binary that embeds it) holds each file once;
// the Go handler sends it to browsers that accept gzip and inflates it
// once, at start, for the others.
async function gzip() {
  const compressible = new Set(['.js', '.css', '.svg', '.ttf']);
  for (const name of await readdir(assets)) {
    if (!compressible.has(extname(name))) continue;
    const bytes = await readFile(join(assets, name));
    await writeFile(join(assets, `${name}.gz`), gzipSync(bytes, { level: 9 }));
    await rm(join(assets, name));
  }
}

await gzip();
const files = await readdir(assets);
console.log(`built dist/: ${files.length} files in assets/, script ${manifest.script}, style ${manifest.style}`);
