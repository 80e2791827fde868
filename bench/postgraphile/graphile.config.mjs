// PostGraphile v5 on Wutong's PostgreSQL database, the comparison server of
// the benchmark harness (go run ./bench). The harness starts it with the
// Node 22 of this folder's node_modules and passes the database and the
// address in the environment:
//
//   BENCH_DATABASE_URL  postgres://... (required)
//   BENCH_PORT          port to listen on (default 5678)
//   BENCH_POOL_SIZE     size of the connection pool (default 32, as Wutong's)
//
// Preset amber (the recommended defaults) plus the connection filter plugin,
// which gives `filter: {status: {in: [...]}}`, `{name: {startsWith: ...}}`
// and filters across relations.
// Only the `public` schema, where Wutong's tables are.
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const connectionString = process.env.BENCH_DATABASE_URL;
if (!connectionString) {
  throw new Error("BENCH_DATABASE_URL is not set");
}

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  // By default only indexed columns may be filtered on; the statistics and
  // the patrol screen filter on kind, channel, incident_class, outcome and
  // repeat_of_id, which no index leads with.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [
    makePgService({
      connectionString,
      schemas: ["public"],
      poolConfig: { max: Number(process.env.BENCH_POOL_SIZE || 32) },
      // No LISTEN connection: the schema is not watched.
      pubsub: false,
    }),
  ],
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.BENCH_PORT || 5678),
    graphiql: false,
    watch: false,
  },
  schema: {
    // Filters across foreign keys ({dispatchesByIssueId: {some: ...}}), for
    // the patrol screen's "issues I may read" rule.
    connectionFilterRelations: true,
  },
  grafast: {
    explain: false,
  },
};

export default preset;
