import { nodePorts, portOffset } from '../platform/ports.js';

test('known countries keep their ports; every extra country gets its own next port', () => {
  const ports = nodePorts(['MN', 'TJ', 'KG', 'UZ']);
  expect(Object.fromEntries(ports)).toEqual({ MN: 4101, TJ: 4105, KG: 4102, UZ: 4106 });
  expect(new Set(nodePorts(['TJ', 'UZ', 'KZ', 'AZ']).values()).size).toBe(4);
});

test('PORT_OFFSET must be a whole number in range', () => {
  expect(portOffset({ PORT_OFFSET: '1100' })).toBe(1100);
  expect(portOffset({})).toBe(0);
  expect(() => portOffset({ PORT_OFFSET: 'x' })).toThrow(/PORT_OFFSET/);
});
