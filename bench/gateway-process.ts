/**
 * One of our gateways in a process of its own, configured as the bench's (`startOurGateway`:
 * production mode, response cache and single-flight off), from the build in `dist` (this one by
 * default, or another checkout's, e.g. main's, for a before/after). Reports its URL to the
 * parent; exits when the parent disconnects. Used by bench/gateway-cost.ts.
 * Arguments: <regional URL> <nodes as JSON [{country, url}]> [dist directory]
 */
import path from 'node:path';
import type * as Cluster from './cluster.js';

const [regionalUrl, nodesJson, dist = path.resolve(__dirname, '..')] = process.argv.slice(2);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build to load is chosen at run time
const { startOurGateway } = require(path.resolve(dist, 'bench/cluster.js')) as typeof Cluster;
startOurGateway(regionalUrl, JSON.parse(nodesJson) as Array<{ country: string; url: string }>).then(
  (gateway) => {
    process.send?.({ url: gateway.url });
    process.once('disconnect', () => {
      void gateway.close().finally(() => process.exit(0));
    });
  },
  (error: unknown) => {
    process.send?.({ error: String(error) });
    process.exit(1);
  },
);
