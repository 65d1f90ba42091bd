import net from 'node:net';
import { ConfigError } from '../platform/config.js';
import { safeUrl, startupMessage, StartupError } from '../platform/startup-error.js';

test('a port in use names the service, the port and the settings that move it', async () => {
  const taken = net.createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
  const port = (taken.address() as net.AddressInfo).port;
  const second = net.createServer();
  const error = await new Promise<Error>((resolve) => {
    second.once('error', resolve);
    second.listen(port, '127.0.0.1');
  });
  taken.close();
  const line = startupMessage('node KG', error);
  expect(line).toBe(
    `[node KG] port ${port} on 127.0.0.1 is already in use (another stack or program listens there): stop it, or move this one with PORT_OFFSET=<n> (npm start: every port + n) or --port <port> (a single service)`,
  );
  expect(line.split('\n')).toHaveLength(1);
});

test('known failures print their own message on one line; configuration errors say so', () => {
  expect(startupMessage('regional', new StartupError('folder in use'))).toBe('[regional] folder in use');
  expect(startupMessage('gateway', new ConfigError('PORT must be a port number'))).toBe('[gateway] Configuration error: PORT must be a port number');
});

test('passwords are hidden from the URLs shown', () => {
  expect(safeUrl('postgres://app:secret@db:5432/kg')).toBe('postgres://app:***@db:5432/kg');
});
