// The Wutong GraphiQL page: a bar to log in and out above GraphiQL with the
// explorer plugin. The Go handler puts the settings on the root element as
// data attributes (no inline script, so the page's CSP allows only files).
//
// This file is plain JavaScript with bare imports and no JSX; esbuild
// bundles it into dist/ (build.mjs).
import { createElement as h, StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { explorerPlugin } from '@graphiql/plugin-explorer';

const root = document.getElementById('wutong-graphiql');
const settings = {
  endpoint: root.dataset.endpoint || '/graphql',
  title: root.dataset.title || 'GraphiQL',
  defaultQuery: root.dataset.defaultQuery || '',
};

// The API accepts the session cookie only on requests that another site
// cannot forge; the X-Requested-With header makes every request qualify.
const requestHeaders = { 'X-Requested-With': 'graphiql' };

// sameOriginFetch sends the session cookie with every request GraphiQL makes.
function sameOriginFetch(input, init) {
  return window.fetch(input, { ...init, credentials: 'same-origin' });
}

const fetcher = createGraphiQLFetcher({
  url: settings.endpoint,
  headers: requestHeaders,
  fetch: sameOriginFetch,
});

const plugins = [explorerPlugin()];


// call runs one GraphQL operation for the login bar and returns its data,
// or throws an Error with the first message the server gave.
async function call(query, variables) {
  const res = await sameOriginFetch(settings.endpoint, {
    method: 'POST',
    headers: { ...requestHeaders, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await res.json();
  } catch {
    throw new Error(`the server answered ${res.status} ${res.statusText}`);
  }
  if (body.errors && body.errors.length > 0) {
    throw new Error(body.errors[0].message);
  }
  return body.data;
}

// askViewer returns the user logged in with the session cookie, or null.
async function askViewer() {
  const data = await call('query WutongViewer { me { displayName username memberships { role community { name } } } }');
  return data.me;
}

// roles describes a user's memberships, such as "COMMUNITY_STAFF of 梧桐里社区".
function roles(user) {
  return (user.memberships || [])
    .map((m) => (m.community ? `${m.role} of ${m.community.name}` : m.role))
    .join(', ');
}

// LoginBar shows who is logged in with a button to log out, or a form to
// log in. The session is an HttpOnly cookie: the page never sees the token.
function LoginBar() {
  // undefined while asking the server, null when nobody is logged in.
  const [viewer, setViewer] = useState(undefined);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    askViewer()
      .then((me) => live && setViewer(me))
      .catch((err) => {
        if (!live) return;
        setViewer(null);
        setError(`Could not ask who is logged in: ${err.message}`);
      });
    return () => {
      live = false;
    };
  }, []);

  const onLogin = useCallback(
    async (event) => {
      event.preventDefault();
      setBusy(true);
      setError('');
      try {
        const data = await call(
          'mutation WutongLogin($input: LoginInput!) { login(input: $input) { expiresAt user { displayName username } } }',
          { input: { login, password } },
        );
        setPassword('');
        // The user's memberships are read as the user, with the new cookie.
        setViewer((await askViewer().catch(() => null)) || data.login.user);
      } catch (err) {
        setError(err.message);
      } finally {
        setBusy(false);
      }
    },
    [login, password],
  );

  const onLogout = useCallback(async () => {
    setBusy(true);
    setError('');
    try {
      await call('mutation WutongLogout { logout { loggedOut } }');
      setViewer(null);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }, []);

  const errorLine = error ? h('span', { className: 'wutong-error', role: 'alert' }, error) : null;
  const title = h('strong', { className: 'wutong-title' }, settings.title);

  if (viewer === undefined) {
    return h('header', { className: 'wutong-bar' }, title, h('span', null, 'Checking the session…'), errorLine);
  }
  if (viewer) {
    return h(
      'header',
      { className: 'wutong-bar' },
      title,
      h(
        'span',
        { className: 'wutong-viewer', 'data-testid': 'viewer' },
        'Logged in as ',
        h('b', null, viewer.displayName),
        viewer.username ? ` (${viewer.username})` : '',
        roles(viewer) ? ` · ${roles(viewer)}` : '',
      ),
      h('button', { type: 'button', onClick: onLogout, disabled: busy }, 'Log out'),
      errorLine,
    );
  }
  return h(
    'header',
    { className: 'wutong-bar' },
    title,
    h(
      'form',
      { className: 'wutong-login', onSubmit: onLogin, 'aria-label': 'Log in' },
      h('input', {
        name: 'login',
        placeholder: 'username or phone',
        autoComplete: 'username',
        required: true,
        value: login,
        onChange: (e) => setLogin(e.target.value),
        'aria-label': 'Username or phone',
      }),
      h('input', {
        name: 'password',
        type: 'password',
        placeholder: 'password',
        autoComplete: 'current-password',
        required: true,
        value: password,
        onChange: (e) => setPassword(e.target.value),
        'aria-label': 'Password',
      }),
      h('button', { type: 'submit', disabled: busy }, busy ? 'Logging in…' : 'Log in'),
    ),
    h('span', { className: 'wutong-hint' }, 'Not logged in: most queries need a login.'),
    errorLine,
  );
}

function Page() {
  return h(
    'div',
    { className: 'wutong-page' },
    h(LoginBar),
    h(
      'main',
      { className: 'wutong-graphiql' },
      h(GraphiQL, {
        fetcher,
        plugins,
        defaultQuery: settings.defaultQuery,
        defaultEditorToolsVisibility: false,
      }),
    ),
  );
}

createRoot(root).render(h(StrictMode, null, h(Page)));
