// Browser test of the GraphiQL page, in headless Chromium with no network
// but the Wutong server: browser/run.sh starts the server and runs this.
//
//   WUTONG_URL       the server, such as http://127.0.0.1:18089 (required)
//   CHROMIUM         the browser (default /usr/bin/chromium)
//   WUTONG_LOGIN     the demo account to log in as (default demo-staff)
//   WUTONG_PASSWORD  its password (default demo)
//
// It logs in from the page, runs the default query, checks that the result
// pane shows the demo community, logs out, and fails on any request to
// another host, any CSP violation and any error in the page. The
// screenshot is browser/artifacts/graphiql.png (failure.png on failure).
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const base = process.env.WUTONG_URL;
if (!base) {
  console.error('WUTONG_URL is not set: run browser/run.sh');
  process.exit(2);
}
const origin = new URL(base).origin;
const login = process.env.WUTONG_LOGIN || 'demo-staff';
const password = process.env.WUTONG_PASSWORD || 'demo';
const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const timeout = 90_000;

const attempted = []; // requests to other hosts, aborted
const problems = []; // page errors and CSP violations
const workers = []; // URLs of the web workers the page started
let passed = 0;

function check(ok, what) {
  if (!ok) throw new Error(`check failed: ${what}`);
  passed++;
  console.log(`ok - ${what}`);
}

// isLocal reports whether a URL is the server's own (or in the page, such
// as the blob: and data: URLs the browser makes itself).
function isLocal(url) {
  const u = new URL(url);
  return u.origin === origin || u.protocol === 'blob:' || u.protocol === 'data:';
}

// editorText is the text Monaco shows in an editor (its visible lines).
async function editorText(page, selector) {
  const text = await page.locator(`${selector} .view-lines`).first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // root in a container: no user namespaces for Chromium's sandbox.
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1680, height: 960 }, serviceWorkers: 'block' });
  // Nothing leaves this machine: every request to another host is aborted
  // and counted, including those of workers.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    attempted.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    if (!isLocal(req.url()) && !attempted.includes(req.url())) attempted.push(req.url());
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    // Monaco warns, and runs its language services slowly on the page's
    // thread, when it cannot start a worker.
    if (msg.type() === 'warning' && /worker/i.test(msg.text())) problems.push(`console warning: ${msg.text()}`);
  });
  page.on('worker', (worker) => workers.push(worker.url()));

  // The page and its headers.
  const res = await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
  check(res.status() === 200, 'GET / answers 200');
  const headers = res.headers();
  const csp = headers['content-security-policy'] || '';
  check(/(^|;)\s*script-src 'self'\s*(;|$)/.test(csp), `offline CSP allows scripts from 'self' only: ${csp}`);
  check(headers['x-content-type-options'] === 'nosniff', 'X-Content-Type-Options: nosniff');
  check(headers['referrer-policy'] === 'no-referrer', 'Referrer-Policy: no-referrer');
  check(headers['x-frame-options'] === 'DENY', 'X-Frame-Options: DENY');

  // GraphiQL starts, with the default query in the editor.
  const form = page.locator('form.wutong-login');
  await form.waitFor();
  check(true, 'login form shown');
  await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
  await page.waitForFunction(() => document.querySelector('.graphiql-query-editor .view-lines')?.textContent.includes('DemoCommunity'));
  check((await editorText(page, '.graphiql-query-editor')).includes('communities(first: 1, where: {code: "demo"})'), 'default query in the editor');
  check((await page.locator('button[aria-label="Show GraphiQL Explorer"]').count()) === 1, 'explorer plugin in the sidebar');

  // Log in from the page.
  await form.locator('input[name=login]').fill(login);
  await form.locator('input[name=password]').fill(password);
  const loginResponse = page.waitForResponse((r) => r.url() === `${origin}/graphql` && (r.request().postData() || '').includes('WutongLogin'));
  await form.locator('button[type=submit]').click();
  const setCookie = (await (await loginResponse).allHeaders())['set-cookie'] || '';
  check(/wutong_session=[^;]+;.*HttpOnly/i.test(setCookie), 'login sets the HttpOnly session cookie');
  const viewer = page.getByTestId('viewer');
  await viewer.waitFor();
  const viewerText = await viewer.innerText();
  check(viewerText.includes(`(${login})`), `bar shows who is logged in: ${viewerText}`);
  check(!(await page.evaluate(() => document.cookie)).includes('wutong_session'), 'page scripts cannot read the session cookie');

  // Run the default query as that user.
  const queryRequest = page.waitForRequest((r) => r.url() === `${origin}/graphql` && (r.postData() || '').includes('query DemoCommunity'));
  const queryResponse = page.waitForResponse((r) => r.url() === `${origin}/graphql` && (r.request().postData() || '').includes('query DemoCommunity'));
  await page.locator('.graphiql-execute-button').click();
  const sent = await queryRequest;
  check(sent.headers()['x-requested-with'] === 'graphiql', 'GraphiQL sends X-Requested-With: graphiql');
  check(sent.headers()['content-type']?.startsWith('application/json'), 'GraphiQL posts JSON');
  const answer = await (await queryResponse).json();
  check(!answer.errors, `default query has no errors: ${JSON.stringify(answer.errors || [])}`);
  const community = answer.data?.communities?.edges?.[0]?.node;
  check(community?.code === 'demo', `default query returns the demo community: ${community?.name}`);
  check(community.grids.totalCount > 0 && community.residents.totalCount > 0, `the logged-in user sees its ${community.grids.totalCount} grids and ${community.residents.totalCount} residents`);
  await page.waitForFunction(
    (name) => document.querySelector('.graphiql-response .view-lines')?.textContent.replace(/\u00a0/g, ' ').includes(name),
    community.name,
  );
  const result = await editorText(page, '.graphiql-response');
  check(result.includes(`"name": "${community.name}"`) && result.includes('"code": "demo"'), 'result pane shows the demo community');

  // Open the explorer for the screenshot.
  await page.locator('button[aria-label="Show GraphiQL Explorer"]').click();
  await page.locator('.graphiql-explorer-root').first().waitFor();
  check(true, 'explorer plugin opens');
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}graphiql.png` });
  check(true, 'screenshot saved to browser/artifacts/graphiql.png');

  // Log out from the page.
  const logoutResponse = page.waitForResponse((r) => r.url() === `${origin}/graphql` && (r.request().postData() || '').includes('WutongLogout'));
  await page.getByRole('button', { name: 'Log out' }).click();
  await logoutResponse;
  await form.waitFor();
  const me = await page.evaluate(async () => {
    const r = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'graphiql' },
      body: JSON.stringify({ query: '{ me { username } }' }),
    });
    return (await r.json()).data.me;
  });
  check(me === null, 'after logging out nobody is logged in');

  // The GraphQL language service (in its worker) marks an unknown field.
  await page.locator('.graphiql-query-editor .monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('{ noSuchField }');
  await page.locator('.graphiql-query-editor .squiggly-error').first().waitFor();
  check(true, 'the query editor marks an unknown field as an error');

  // Monaco's language services run in workers from the server's own files.
  for (const name of ['editor', 'graphql', 'json']) {
    const url = workers.find((u) => new URL(u).pathname.startsWith(`/graphiql/assets/${name}.worker-`));
    check(url && isLocal(url), `Monaco's ${name} worker runs from ${url}`);
  }

  // Nothing else went wrong.
  check(attempted.length === 0, `no request to another host was attempted${attempted.length ? `: ${attempted.join(', ')}` : ''}`);
  check(problems.length === 0, `no page error or CSP violation${problems.length ? `:\n  ${problems.join('\n  ')}` : ''}`);
  console.log(`${passed} passed, 0 failed`);
} catch (err) {
  console.error(`not ok - ${err.message}`);
  if (attempted.length) console.error(`requests to other hosts: ${attempted.join(', ')}`);
  if (problems.length) console.error(`problems in the page:\n  ${problems.join('\n  ')}`);
  if (page) {
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}failure.png` }).catch(() => {});
    console.error('screenshot: browser/artifacts/failure.png');
  }
  console.log(`${passed} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
