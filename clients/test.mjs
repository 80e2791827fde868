// Client-compatibility checks of the Wutong GraphQL server: the
// GraphQL-over-HTTP audit of graphql-http, and the clients Wutong's apps
// and integrators use (Apollo Client, urql, graphql-ws, graphql-sse,
// Relay, apollo-upload-client). clients/run.sh starts a server on demo
// data and runs this.
//
//   WUTONG_URL       the server, such as http://127.0.0.1:18089 (required)
//   WUTONG_LOGIN     the demo account to log in as (default demo-staff)
//   WUTONG_PASSWORD  its password (default demo)
//
// Every check prints "ok" or "FAIL" with its reason, and the run ends with
// a summary; the exit code is 1 when any check failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Client as UrqlClient, cacheExchange, fetchExchange } from '@urql/core';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';
import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { auditServer } from 'graphql-http';
import { createClient as createSSEClient } from 'graphql-sse';
import { createClient as createWSClient } from 'graphql-ws';
import relayRuntime from 'relay-runtime';
import WebSocket from 'ws';

const base = process.env.WUTONG_URL;
if (!base) {
  console.error('WUTONG_URL is not set: run clients/run.sh');
  process.exit(2);
}
const endpoint = new URL('/graphql', base).href;
const wsEndpoint = endpoint.replace(/^http/, 'ws');
const account = process.env.WUTONG_LOGIN || 'demo-staff';
const password = process.env.WUTONG_PASSWORD || 'demo';
const relayDir = fileURLToPath(new URL('./relay/', import.meta.url));
const require = createRequire(import.meta.url);
const relayBin = fileURLToPath(new URL('./node_modules/.bin/relay-compiler', import.meta.url));

// ---------------------------------------------------------------------------
// Reporting

const results = []; // { name, ok, reason }

// check runs one named check: fn returns a short description of what it saw
// (the ok reason) or throws (the FAIL reason). A check that hangs fails
// after timeoutMs.
async function check(name, fn, timeoutMs = 60_000) {
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const reason = await Promise.race([fn(), timeout]);
    results.push({ name, ok: true, reason: reason || '' });
    console.log(`ok   - ${name}${reason ? `: ${reason}` : ''}`);
  } catch (e) {
    const reason = e instanceof Error ? e.message : describeThrown(e);
    results.push({ name, ok: false, reason });
    console.log(`FAIL - ${name}: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
}

// describeThrown says what a thrown non-Error is: graphql-ws and graphql-sse
// throw close events, arrays of GraphQL errors or Responses.
function describeThrown(e) {
  if (e && typeof e === 'object') {
    if ('code' in e && 'reason' in e) return `connection closed with ${e.code} ${e.reason || ''}`.trim();
    if (Array.isArray(e)) return `GraphQL errors: ${JSON.stringify(e)}`;
    if (typeof e.status === 'number') return `HTTP ${e.status}`;
  }
  return String(e);
}

function fail(message) {
  throw new Error(message);
}

function short(text, max = 240) {
  const s = typeof text === 'string' ? text : JSON.stringify(text);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// Plain HTTP helpers (not under test themselves): log in, find the demo
// community, and report issues to trigger subscription events.

async function post(query, variables, token) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    fail(`${res.status} ${res.headers.get('content-type')} is not JSON: ${short(text)}`);
  }
  if (body.errors?.length) fail(`GraphQL errors: ${short(body.errors)}`);
  return body.data;
}

const loginMutation = `mutation Login($login: String!, $password: String!) {
  login(input: {login: $login, password: $password}) { token user { id displayName } }
}`;

async function login() {
  const data = await post(loginMutation, { login: account, password });
  if (!data?.login?.token) fail(`login gave no token: ${short(data)}`);
  return data.login.token;
}

// A fetch that sends the bearer token: the mobile app's way (README,
// "Logging in"). calls counts the requests it made.
function bearerFetch(token) {
  const f = (input, init = {}) => {
    f.calls++;
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  f.calls = 0;
  return f;
}

// recordingFetch wraps a fetch and remembers each request's method and
// Accept header and each response's status and content type.
function recordingFetch(inner = fetch) {
  const seen = [];
  const f = async (input, init = {}) => {
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    const method = init.method || (input instanceof Request ? input.method : 'GET');
    const res = await inner(input, init);
    seen.push({ method, accept: headers.get('accept'), status: res.status, type: res.headers.get('content-type') });
    return res;
  };
  f.seen = seen;
  return f;
}

let reportCount = 0;

// reportIssue reports a hazard in the demo community with a unique title
// (so a subscriber can tell its own event) and returns the title.
async function reportIssue(token, communityID) {
  const title = `clients harness ${process.pid}-${++reportCount}`;
  await post(
    `mutation Report($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id title } } }`,
    { in: { issue: { communityID, title, kind: 'HAZARD' } } },
    token,
  );
  return title;
}

// waitForEvent triggers reports until the subscription's collected events
// include one of them: a subscription has no acknowledgement, so the first
// report may come before the server listens.
async function waitForEvent(events, token, communityID, within = 20_000) {
  const titles = new Set();
  const deadline = Date.now() + within;
  await sleep(300);
  while (Date.now() < deadline) {
    titles.add(await reportIssue(token, communityID));
    for (let i = 0; i < 20; i++) {
      const hit = events.find((e) => titles.has(e?.data?.issueEvents?.event?.issue?.title));
      if (hit) return { hit, reports: titles.size };
      const bad = events.find((e) => e?.errors?.length);
      if (bad) fail(`the subscription answered errors: ${short(bad.errors)}`);
      await sleep(100);
    }
  }
  fail(`no event for ${titles.size} reports within ${within / 1000} s (${events.length} messages: ${short(events)})`);
}

const issueEventsSubscription = `subscription Events($community: ID!) {
  issueEvents(communityID: $community) { missed event { id kind toStatus issue { id title } } }
}`;

// ---------------------------------------------------------------------------
// Set-up: a session and the demo community.

let token;
let communityID;
try {
  token = await login();
  const data = await post(`{ communities(first: 1, where: {code: "demo"}) { edges { node { id } } } }`, {}, token);
  communityID = data.communities.edges[0]?.node?.id;
  if (!communityID) fail('no community with code "demo"');
} catch (e) {
  console.error(`cannot set up (login as ${account}, find the demo community): ${e.message}`);
  process.exit(1);
}
console.log(`logged in as ${account}; demo community ${communityID}\n`);

// ---------------------------------------------------------------------------
// a. The GraphQL-over-HTTP audit, without and with a login.

// describeResponse says what an audit saw: status, content type, body.
async function describeResponse(res) {
  if (!res) return '';
  let text = '';
  try {
    text = await res.clone().text();
  } catch {
    // The audit read the body already.
  }
  return `${res.status} ${res.headers.get('content-type') || '(no content type)'}${text ? ` ${short(text, 160)}` : ''}`;
}

async function audit(label, fetchFn) {
  const list = await auditServer({ url: endpoint, fetchFn });
  const notOk = list.filter((r) => r.status !== 'ok');
  for (const r of notOk) {
    console.log(`       ${label}: ${r.status} ${r.id} "${r.name}": ${r.reason}`);
    console.log(`         got ${await describeResponse(r.response)}`);
  }
  const counts = {};
  for (const r of list) counts[r.status] = (counts[r.status] || 0) + 1;
  const summary = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ');
  if (notOk.length) {
    fail(`${summary} of ${list.length}:\n${notOk.map((r) => `         ${r.status} ${r.id} "${r.name}": ${r.reason}`).join('\n')}`);
  }
  return `${summary} of ${list.length}`;
}

console.log('== a. graphql-http audit');
await check('a1 graphql-http audit, without a login', () => audit('no login', fetch), 120_000);
await check(
  'a2 graphql-http audit, with a login (Authorization: Bearer)',
  async () => {
    const f = bearerFetch(token);
    const me = await post('{ me { id } }', {}, token);
    if (!me.me?.id) fail('the token does not log in');
    const summary = await audit('login', f);
    if (f.calls === 0) fail('the audit never used the fetch that sends the token');
    return `${summary} (${f.calls} requests with the token)`;
  },
  120_000,
);

// ---------------------------------------------------------------------------
// b. Apollo Client over HttpLink.

console.log('\n== b. Apollo Client');
await check('b1 Apollo Client: login mutation, then the me query with its token', async () => {
  const rec = recordingFetch();
  const anonymous = new ApolloClient({ link: new HttpLink({ uri: endpoint, fetch: rec }), cache: new InMemoryCache() });
  const { data: loggedIn } = await anonymous.mutate({
    mutation: gql(loginMutation),
    variables: { login: account, password },
  });
  const t = loggedIn?.login?.token;
  if (!t) fail(`the login mutation gave no token: ${short(loggedIn)}`);
  const client = new ApolloClient({
    link: new HttpLink({ uri: endpoint, fetch: rec, headers: { authorization: `Bearer ${t}` } }),
    cache: new InMemoryCache(),
  });
  const { data } = await client.query({ query: gql`query Me { me { id displayName } }`, fetchPolicy: 'network-only' });
  if (!data?.me?.id) fail(`me is ${short(data)}`);
  if (data.me.id !== loggedIn.login.user.id) fail(`me is ${data.me.id}, the login was ${loggedIn.login.user.id}`);
  const types = [...new Set(rec.seen.map((s) => s.type))].join(', ');
  return `me = ${data.me.displayName} (${data.me.id}); responses ${types}`;
});
await check('b2 Apollo Client: a GraphQL error carries extensions.code', async () => {
  const rec = recordingFetch();
  const client = new ApolloClient({
    link: new HttpLink({ uri: endpoint, fetch: rec, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache(),
  });
  let error;
  try {
    // A connection without first or last is refused with BAD_USER_INPUT.
    await client.query({ query: gql`query NoFirst { communities { edges { node { id } } } }`, fetchPolicy: 'no-cache' });
  } catch (e) {
    error = e;
  }
  if (!error) fail('the query without first was answered without an error');
  if (!CombinedGraphQLErrors.is(error)) fail(`the error is not a CombinedGraphQLErrors but ${error.name}: ${error.message}`);
  const code = error.errors[0]?.extensions?.code;
  if (code !== 'BAD_USER_INPUT') fail(`extensions.code is ${code}: ${short(error.errors)}`);
  const s = rec.seen.at(-1);
  return `${code} (field ${error.errors[0].extensions.field}); HTTP ${s.status} ${s.type} for Accept ${s.accept}`;
});

// ---------------------------------------------------------------------------
// c. urql with its default exchanges.

console.log('\n== c. urql');
function urql(rec, t) {
  return new UrqlClient({
    url: endpoint,
    exchanges: [cacheExchange, fetchExchange],
    fetch: rec,
    fetchOptions: () => (t ? { headers: { authorization: `Bearer ${t}` } } : {}),
  });
}

// jsonOnly fails unless every response was a JSON type (urql's default
// Accept lists text/event-stream and multipart/mixed too).
function jsonOnly(rec) {
  for (const s of rec.seen) {
    if (!/^application\/(graphql-response\+)?json/.test(s.type || '')) {
      fail(`a ${s.method} with Accept "${s.accept}" was answered ${s.status} ${s.type}`);
    }
  }
  return rec.seen.map((s) => `${s.method} ${s.status} ${s.type}`).join('; ');
}

await check('c1 urql: login mutation, then a query with its token, answered JSON', async () => {
  const rec = recordingFetch();
  const m = await urql(rec).mutation(loginMutation, { login: account, password }).toPromise();
  if (m.error) fail(`login: ${m.error.message}`);
  const t = m.data?.login?.token;
  if (!t) fail(`login gave no token: ${short(m.data)}`);
  const q = await urql(rec, t)
    .query(`query Demo { me { id } communities(first: 1, where: {code: "demo"}) { edges { node { id name } } } }`, {})
    .toPromise();
  if (q.error) fail(`query: ${q.error.message}`);
  if (q.data?.communities?.edges?.[0]?.node?.id !== communityID) fail(`the query gave ${short(q.data)}`);
  if (!q.data.me?.id) fail('the token does not log in: me is null');
  return `${q.data.communities.edges[0].node.name}; Accept "${rec.seen[0].accept}"; ${jsonOnly(rec)}`;
});
await check('c2 urql: a GraphQL error carries extensions.code', async () => {
  const rec = recordingFetch();
  const q = await urql(rec, token).query(`query NoFirst { communities { edges { node { id } } } }`, {}).toPromise();
  if (!q.error) fail(`no error: ${short(q.data)}`);
  if (q.error.networkError) fail(`a network error instead of a GraphQL error: ${q.error.networkError.message}`);
  const code = q.error.graphQLErrors[0]?.extensions?.code;
  if (code !== 'BAD_USER_INPUT') fail(`extensions.code is ${code}: ${q.error.message}`);
  return `${code}; ${jsonOnly(rec)}`;
});

// ---------------------------------------------------------------------------
// d. graphql-ws (graphql-transport-ws) at ws://.../graphql.

console.log('\n== d. graphql-ws');
function wsClient(connectionParams) {
  return createWSClient({
    url: wsEndpoint,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

await check('d1 graphql-ws: a query yields one result, then completes', async () => {
  const client = wsClient({ authorization: `Bearer ${token}` });
  try {
    const got = [];
    for await (const r of client.iterate({ query: '{ me { id displayName } }' })) got.push(r);
    if (got.length !== 1) fail(`${got.length} results: ${short(got)}`);
    if (got[0].errors) fail(`errors: ${short(got[0].errors)}`);
    if (!got[0].data?.me?.id) fail(`me is ${short(got[0].data)}: connection_init's token not used`);
    return `one result (me = ${got[0].data.me.displayName}) and complete`;
  } finally {
    await client.dispose();
  }
});
// hearReport subscribes to issueEvents through a graphql-ws or graphql-sse
// client, reports issues until an event arrives, then unsubscribes and
// waits settleMs for a late error. It fails on an error or an early end.
async function hearReport(client, settleMs) {
  const events = [];
  let error;
  let completed = false;
  const unsubscribe = client.subscribe(
    { query: issueEventsSubscription, variables: { community: communityID } },
    { next: (r) => events.push(r), error: (e) => (error = e), complete: () => (completed = true) },
  );
  const { hit, reports } = await Promise.race([
    waitForEvent(events, token, communityID),
    new Promise((_, reject) => {
      const t = setInterval(() => {
        if (error) reject(new Error(`subscription error: ${describeThrown(error)}`));
        if (completed) reject(new Error(`the server completed the subscription: ${short(events)}`));
        if (error || completed) clearInterval(t);
      }, 50);
      t.unref();
    }),
  ]);
  unsubscribe();
  await sleep(settleMs);
  if (error) fail(`error after unsubscribing: ${describeThrown(error)}`);
  return { ev: hit.data.issueEvents.event, reports };
}

await check('d2 graphql-ws: issueEvents subscription hears a report, then unsubscribes cleanly', async () => {
  let closed;
  const client = createWSClient({
    url: wsEndpoint,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    on: { closed: (e) => (closed = e) },
  });
  try {
    const { ev, reports } = await hearReport(client, 300);
    return `${ev.kind} event of "${ev.issue.title}" after ${reports} report(s)`;
  } finally {
    await client.dispose();
    await sleep(100);
    if (closed && closed.code !== 1000) console.log(`       (the socket closed with ${closed.code} ${closed.reason})`);
  }
}, 45_000);
await check('d3 graphql-ws: a connection without a login is closed with 4401', async () => {
  const client = wsClient(undefined);
  try {
    for await (const r of client.iterate({ query: issueEventsSubscription, variables: { community: communityID } })) {
      fail(`got a message without a login: ${short(r)}`);
    }
    fail('the subscription completed without a login');
  } catch (e) {
    if (e instanceof Error) throw e;
    if (e?.code !== 4401) fail(`expected close code 4401, got ${describeThrown(e)}`);
    return `closed with ${e.code} ${e.reason}`;
  } finally {
    await client.dispose();
  }
});

// ---------------------------------------------------------------------------
// e. graphql-sse in distinct connections mode (one POST per operation).

console.log('\n== e. graphql-sse');
function sseClient(rec) {
  return createSSEClient({
    url: endpoint,
    singleConnection: false,
    headers: { authorization: `Bearer ${token}` },
    fetchFn: rec,
    retryAttempts: 0,
  });
}

await check('e1 graphql-sse: a query yields one result, then completes', async () => {
  const rec = recordingFetch();
  const client = sseClient(rec);
  try {
    const got = [];
    for await (const r of client.iterate({ query: '{ me { id displayName } }' })) got.push(r);
    if (got.length !== 1) fail(`${got.length} results: ${short(got)}`);
    if (got[0].errors) fail(`errors: ${short(got[0].errors)}`);
    if (!got[0].data?.me?.id) fail(`me is ${short(got[0].data)}`);
    const s = rec.seen[0];
    return `one result (me = ${got[0].data.me.displayName}) and complete; ${s.method} ${s.status} ${s.type}`;
  } finally {
    client.dispose();
  }
});
await check('e2 graphql-sse: issueEvents subscription hears a report', async () => {
  const rec = recordingFetch();
  const client = sseClient(rec);
  try {
    const { ev, reports } = await hearReport(client, 200);
    return `${ev.kind} event of "${ev.issue.title}" after ${reports} report(s); ${rec.seen[0].status} ${rec.seen[0].type}`;
  } finally {
    client.dispose();
  }
}, 45_000);

// ---------------------------------------------------------------------------
// f. Relay: the schema, relay-compiler, and relay-runtime on the artifacts.

console.log('\n== f. Relay');
let introspection;
await check('f1 the schema has the Node interface, Query.node(id: ID!) and Query.nodes(ids:)', async () => {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: getIntrospectionQuery() }),
  });
  const body = await res.json();
  if (!body.data?.__schema) fail(`introspection failed: ${res.status} ${short(body.errors)}`);
  introspection = body.data;
  const types = new Map(body.data.__schema.types.map((t) => [t.name, t]));
  const node = types.get('Node');
  if (node?.kind !== 'INTERFACE') fail(`Node is ${node ? node.kind : 'missing'}`);
  const id = node.fields.find((f) => f.name === 'id');
  if (id?.type.kind !== 'NON_NULL' || id.type.ofType.name !== 'ID') fail('Node.id is not ID!');
  const query = types.get(body.data.__schema.queryType.name);
  const nodeField = query.fields.find((f) => f.name === 'node');
  if (!nodeField) fail('Query has no node field');
  const arg = nodeField.args.find((a) => a.name === 'id');
  if (arg?.type.kind !== 'NON_NULL' || arg.type.ofType.name !== 'ID') fail('Query.node has no id: ID! argument');
  if (nodeField.type.name !== 'Node') fail(`Query.node returns ${JSON.stringify(nodeField.type)}, not Node`);
  const nodes = query.fields.find((f) => f.name === 'nodes');
  if (!nodes) fail('Query has no nodes field');
  return `${node.possibleTypes.length} types implement Node`;
});

await check('f2 relay-compiler compiles the tiny Relay app, then --validate exits 0', async () => {
  if (!introspection) fail('no schema (f1 failed)');
  writeFileSync(`${relayDir}schema.graphql`, `${printSchema(buildClientSchema(introspection))}\n`);
  // Fresh artifacts each run: compile writes them, --validate then checks
  // that they are what the documents and the schema make.
  rmSync(`${relayDir}__generated__`, { recursive: true, force: true });
  mkdirSync(`${relayDir}__generated__`);
  // The artifacts are CommonJS (require('./X.graphql') needs no extension,
  // which ES modules would), in a package of ES modules: say so.
  writeFileSync(`${relayDir}__generated__/package.json`, '{"type": "commonjs"}\n');
  const run = (args) => {
    const r = spawnSync(relayBin, args, { cwd: relayDir, encoding: 'utf8', timeout: 60_000 });
    // eslint-disable-next-line no-control-regex
    const output = `${r.stdout || ''}${r.stderr || ''}${r.error ? r.error.message : ''}`.replace(/\x1b\[[0-9;]*m/g, '');
    return { status: r.status, output: output.trim() };
  };
  const compile = run([]);
  if (compile.status !== 0) fail(`relay-compiler exited ${compile.status}: ${short(compile.output, 1500)}`);
  const validate = run(['--validate']);
  if (validate.status !== 0) fail(`relay-compiler --validate exited ${validate.status}: ${short(validate.output, 1500)}`);
  return 'schema.graphql fetched by introspection; compile and --validate exit 0';
});

await check('f3 relay-runtime runs the compiled query, and pages the @connection through node(id:)', async () => {
  const { Environment, Network, RecordSource, Store, fetchQuery, getSelector, createOperationDescriptor, getRequest } = relayRuntime;
  const load = (name) => require(`${relayDir}__generated__/${name}.graphql.js`);
  const [rootQuery, pageQuery, compoundsFragment] = [
    load('CommunitiesQuery'),
    load('CommunityCompoundsPaginationQuery'),
    load('CommunityCompounds_community'),
  ];
  const network = Network.create(async (params, variables) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: params.text, variables }),
    });
    return res.json();
  });
  const environment = new Environment({ network, store: new Store(new RecordSource()) });
  const data = await fetchQuery(environment, rootQuery, { code: 'demo' }).toPromise();
  const community = data?.communities?.edges?.[0]?.node;
  if (community?.id !== communityID) fail(`the query gave ${short(data)}`);
  // Read the fragment from the store, as a component would.
  const readCompounds = () => {
    const op = createOperationDescriptor(getRequest(rootQuery), { code: 'demo' });
    const root = environment.lookup(op.fragment).data.communities.edges[0].node;
    return environment.lookup(getSelector(compoundsFragment, root)).data.compounds;
  };
  const first = readCompounds();
  if (!first || first.edges.length !== 3) fail(`the first page has ${first?.edges?.length} compounds`);
  if (!first.pageInfo?.hasNextPage) fail(`no next page of ${first.totalCount} compounds`);
  // The next page, through the @refetchable query (Query.node(id:)).
  const page = await fetchQuery(environment, pageQuery, { id: community.id, count: 3, cursor: first.pageInfo.endCursor }).toPromise();
  // The query's own view is masked: the node is a reference to the record.
  if (page?.node?.__id !== community.id) fail(`node(id:) gave ${short(page)}`);
  const merged = readCompounds();
  const ids = new Set(merged.edges.map((e) => e.node.id));
  if (merged.edges.length !== 6 || ids.size !== 6) fail(`after the second page the connection has ${merged.edges.length} edges (${ids.size} distinct)`);
  return `${community.name}: ${merged.edges.length} of ${merged.totalCount} compounds after two pages`;
});

// ---------------------------------------------------------------------------
// g. Uploads: the GraphQL multipart request spec.

console.log('\n== g. multipart uploads');

// png makes a small valid PNG image (8x8, one colour) by hand.
function png() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, sum]);
  };
  const size = 8;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const row = Buffer.from([0, ...Array.from({ length: size }, () => [0x2e, 0x8b, 0x57]).flat()]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// multipart posts a hand-made multipart body (operations, map, files).
async function multipart(fields, accept) {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  const headers = { authorization: `Bearer ${token}` };
  if (accept) headers.accept = accept;
  const res = await fetch(endpoint, { method: 'POST', headers, body: form });
  return { res, text: await res.text() };
}

await check('g1 apollo-upload-client: reportIssue with a photo, which is then served', async () => {
  const rec = recordingFetch();
  const client = new ApolloClient({
    link: new UploadHttpLink({ uri: endpoint, fetch: rec, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache(),
  });
  const photo = new File([png()], 'photo.png', { type: 'image/png' });
  const { data } = await client.mutate({
    mutation: gql`
      mutation ReportWithPhoto($in: ReportIssueInput!) {
        reportIssue(input: $in) { issue { id photos(first: 9) { edges { node { id url } } } } }
      }
    `,
    variables: { in: { issue: { communityID, title: 'clients harness photo', kind: 'HAZARD' }, photos: [photo] } },
  });
  const s = rec.seen.at(-1);
  const url = data?.reportIssue?.issue?.photos?.edges?.[0]?.node?.url;
  if (!url) fail(`no photo in ${short(data)}`);
  const got = await fetch(new URL(url, base), { headers: { authorization: `Bearer ${token}` } });
  const bytes = (await got.arrayBuffer()).byteLength;
  if (got.status !== 200 || !/^image\//.test(got.headers.get('content-type') || '')) {
    fail(`GET ${url} gave ${got.status} ${got.headers.get('content-type')}`);
  }
  return `multipart ${s.status} ${s.type} for Accept "${s.accept}"; ${url} is ${got.headers.get('content-type')}, ${bytes} bytes`;
});

await check('g2 multipart with Accept: application/graphql-response+json is answered in that media type', async () => {
  const { res, text } = await multipart(
    [
      ['operations', JSON.stringify({ query: '{ __typename }' })],
      ['map', '{}'],
    ],
    'application/graphql-response+json',
  );
  const type = res.headers.get('content-type') || '';
  if (!type.startsWith('application/graphql-response+json')) fail(`got ${res.status} ${type}: ${short(text, 120)}`);
  return `${res.status} ${type}`;
});

await check('g3 a bad multipart request (no map, operations not JSON) gets 400, not 422', async () => {
  const problems = [];
  const seen = [];
  for (const [what, fields] of [
    ['no map', [['operations', JSON.stringify({ query: '{ __typename }' })]]],
    ['operations not JSON', [['operations', 'nope'], ['map', '{}']]],
  ]) {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const { res, text } = await multipart(fields, accept);
      const line = `${what} (Accept ${accept}): ${res.status} ${res.headers.get('content-type')}`;
      seen.push(line);
      if (res.status !== 400) problems.push(`${line} ${short(text, 100)}`);
    }
  }
  if (problems.length) fail(problems.join('; '));
  return seen.join('; ');
});

// ---------------------------------------------------------------------------
// Summary

const failed = results.filter((r) => !r.ok);
console.log(`\n== summary: ${results.length - failed.length} of ${results.length} checks passed`);
for (const r of failed) console.log(`FAIL - ${r.name}\n       ${r.reason}`);
process.exit(failed.length ? 1 : 0);
