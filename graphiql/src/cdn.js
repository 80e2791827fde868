// Entry point of the CDN build, used when the offline bundle was not built:
// the Go handler serves this file and app.js as they are, and the page's
// import map resolves their bare imports to pinned versions on the CDN.
import './cdn-workers.js';
import './app.js';
