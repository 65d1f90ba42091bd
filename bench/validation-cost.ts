/**
 * What checking a node answer costs the gateway, measured in one process without any network:
 * `npm run build && node dist/bench/validation-cost.js [rows] [iterations]`. For scenario 1's
 * cross-country page (`bench/queries.ts`), the sub-request the gateway sends one node is built
 * by the real planner from the real country SDL; a node answer of `rows` rows (default 22, the
 * top-k share of a page of 50 over 4 nodes; 50 with full pages) is made up to match it. Times,
 * per node answer and per page of 4 answers: reading it (JSON.parse, which the gateway always
 * did), measuring it while it arrives (gateway/transport/json-meter.ts), and checking its shape,
 * types and ownership (gateway/validate/). CPU-bound and single-threaded: on a shared machine
 * the absolute times stretch with the load, the ratio to JSON.parse much less.
 */
import 'reflect-metadata';
import { buildSubOperation, parseFetch } from '../gateway/operation.js';
import { planQuery } from '../gateway/plan/plan.js';
import { NODE_SCALARS } from '../gateway/country-transport.js';
import { readShardingSpec } from '../gateway/sharding/spec.js';
import { JsonMeter } from '../gateway/transport/json-meter.js';
import { answerValueProblem } from '../gateway/validate/answer-values.js';
import { responseShapeProblem } from '../gateway/validate/response-shape.js';
import { encodeCursor } from '../contract/ordering.js';
import { countrySchema } from '../subgraphs/country/schema.js';
import { pageBody } from './queries.js';

const rows = Number(process.argv[2] ?? 22);
const iterations = Number(process.argv[3] ?? 2000);

async function main(): Promise<void> {
  const { typeDefs } = await countrySchema();
  const spec = readShardingSpec(typeDefs).spec!;
  const { query, variables } = JSON.parse(pageBody(50)) as { query: string; variables: Record<string, unknown> };
  const plan = planQuery(parseFetch(query), variables, spec, ['MN', 'KG', 'AZ', 'VN']);
  const sent = buildSubOperation(parseFetch(query), [plan.parts[0]!.field]);
  const parsed = parseFetch(sent);
  // Distinct ids (and so cursors) per answer: the gateway decodes a cursor once per answer it
  // reads (the merge then finds it decoded), so the check is timed with every cursor new.
  const answerOf = (n: number) => {
    const ids = Array.from({ length: rows }, (_, i) => `MN:EVT:${n}-${String(i).padStart(6, '0')}`);
    return {
      data: {
        events: {
          edges: ids.map((id, i) => ({
            node: {
              id,
              title: { original: `Tripartite meeting on labour statistics ${i}` },
              startDate: '2020-01-02',
              datePrecision: 'DAY',
              type: 'MEETING',
              city: 'Ulaanbaatar',
            },
          })),
          pageInfo: { hasNextPage: true, endCursor: 'x' },
          shard__edges: ids.map((id) => ({ cursor: encodeCursor('START_DATE_DESC', { key: '2020-01-02', id }) })),
          shard__pageInfo: { hasNextPage: true },
        },
      },
    };
  };
  const answers = Array.from({ length: iterations + 200 }, (_, n) => answerOf(n));
  const answer = answers[0]!;
  const texts = answers.map((a) => JSON.stringify(a));
  const buffers = texts.map((t) => Buffer.from(t));
  const bytes = buffers[0]!;
  const ctx = { spec, parsed, variables, country: 'MN', scalars: NODE_SCALARS };
  if (answerValueProblem(answer.data, ctx) !== null) throw new Error(`the made-up answer does not match the fetch: ${answerValueProblem(answer.data, ctx)}`);

  const time = (label: string, fn: (n: number) => void) => {
    for (let i = 0; i < 200; i++) fn(iterations + i); // warm-up (JIT, compiled selections)
    const started = process.cpuUsage();
    for (let i = 0; i < iterations; i++) fn(i);
    const used = process.cpuUsage(started);
    const us = (used.user + used.system) / iterations;
    console.log(`${label.padEnd(44)} ${us.toFixed(1).padStart(8)} µs per answer  ${((us * 4) / 1000).toFixed(3).padStart(7)} ms per page of 4`);
    return us;
  };
  console.log(
    `node answer: ${rows} rows, ${bytes.length} bytes; ${iterations} iterations each; load average ${(await import('node:os')).loadavg()[0].toFixed(2)}`,
  );
  const parse = time('JSON.parse (always done)', (n) => JSON.parse(buffers[n]!.toString('utf8')));
  const meter = time('JsonMeter: size and nesting while reading', (n) => new JsonMeter({ maxBytes: 32 << 20, maxDepth: 64 }).push(buffers[n]!));
  const check = time('shape + types + ownership (parsed answer)', (n) => {
    responseShapeProblem(answers[n]);
    answerValueProblem(answers[n]!.data, ctx);
  });
  console.log(`added by the checks: ${(meter + check).toFixed(1)} µs per answer = ${((meter + check) / parse).toFixed(2)}x JSON.parse of the same answer`);
}

void main();
