// Entry point of the offline bundle (build.mjs): Monaco's workers come from
// files beside this one, then the page starts.
import './offline-workers.js';
import './app.js';
