/**
 * The V8 flags a production node runs with: a 64 MB young generation, so that the short-lived objects of each
 * position and event die there instead of filling the old generation, and no allocation site sent straight to
 * the old one (V8 tenured ws's per-message receive path while clients connected; README, "The node process").
 *
 * Node refuses these in NODE_OPTIONS, so every command that starts a node names them: `npm start`, the
 * `apps/server` start script and deploy/Dockerfile spell them out (node-flags.unit.test.ts holds them to this
 * list); `npm run cluster` and the benchmarks' servers import it.
 */
export const PRODUCTION_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=64',
  '--no-allocation-site-pretenuring',
];
