import { startTestNode, type TestNode } from './support/nodes.js';

let node: TestNode;
beforeAll(async () => {
  node = await startTestNode('KG');
});
afterAll(async () => {
  await node?.stop();
});

test('serves seeded events', async () => {
  const res = await node.query('{ events(first: 3) { totalCount nodes { id } } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.events.totalCount).toBeGreaterThan(0);
});
