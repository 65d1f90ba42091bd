import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A country node running as its own process (compiled), so a test can freeze, resume or kill it. */
export interface NodeProcess {
  country: string;
  url: string;
  child: ChildProcess;
  /** SIGSTOP: the process stops answering but keeps its sockets (a hung node). */
  freeze(): void;
  resume(): void;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** Starts `dist/subgraphs/country/index.js --country CC --port 0` and waits for its ready line. */
export function startNodeProcess(country: string, env: Record<string, string>, timeoutMs = 60000): Promise<NodeProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/subgraphs/country/index.js'), '--country', country, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${country} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({
        country,
        url: match[1],
        child,
        freeze: () => child.kill('SIGSTOP'),
        resume: () => child.kill('SIGCONT'),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.kill('SIGCONT');
            const hard = setTimeout(() => child.kill('SIGKILL'), 10000);
            child.once('exit', () => {
              clearTimeout(hard);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${country} exited with ${code} before it was ready:\n${output}`));
    });
  });
}
