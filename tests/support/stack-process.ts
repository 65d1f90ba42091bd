import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { isPostmasterOf, readPostmasterPid } from '../../platform/embedded-pg/postmaster.js';

/**
 * `npm start` (compiled) as its own process group, as a terminal runs it, so a test can send
 * Ctrl-C to the whole group, SIGKILL it, or start a second one beside it.
 */
export interface StackProcess {
  child: ChildProcess;
  output(): string;
  gatewayUrl: string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string | null>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** `command` defaults to the compiled start script; `['npm', 'start']` runs it as a user would. */
export function spawnStack(
  env: Record<string, string>,
  command = [process.execPath, path.join(ROOT, 'dist/scripts/start.js')],
): { child: ChildProcess; output(): string; exited: Promise<number | string | null> } {
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_FORMAT: 'json', PORT: '', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, output: () => out, exited };
}

/** Starts the stack and waits for "Federation up" (rejects with its output if it exits first). */
export async function startStack(env: Record<string, string>, timeoutMs = 120000, command?: string[]): Promise<StackProcess> {
  const stack = spawnStack(env, command);
  const up = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in ${timeoutMs} ms:\n${stack.output()}`)), timeoutMs);
    const check = setInterval(() => {
      const m = /gateway\s+(http:\/\/\S+\/graphql)/.exec(stack.output());
      if (m && stack.output().includes('Federation up')) {
        clearTimeout(timer);
        clearInterval(check);
        resolve(m[1]);
      }
    }, 50);
    void stack.exited.then((code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`npm start exited with ${code}:\n${stack.output()}`));
    });
  });
  return { ...stack, gatewayUrl: up };
}

/** Signals the whole process group (the terminal's Ctrl-C reaches every process in it). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Whatever a test left running: the stack's group, then any postmaster still on its folders. */
export function killEverything(children: ChildProcess[], dataDir: string): void {
  for (const child of children) signalGroup(child, 'SIGKILL');
  if (!fs.existsSync(dataDir)) return;
  for (const entry of fs.readdirSync(dataDir)) {
    const found = readPostmasterPid(path.join(dataDir, entry));
    if (!found || !isPostmasterOf(found.pid, path.join(dataDir, entry))) continue;
    try {
      process.kill(found.pid, 'SIGKILL');
    } catch {
      // Not running.
    }
  }
}

/** True when nothing listens on 127.0.0.1:`port`. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** True when fetch refuses to connect to 127.0.0.1:`port` at all (its "bad port" list: 6000, 10080, …). */
async function fetchRefusesPort(port: number): Promise<boolean> {
  const error = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) }).then(
    () => null,
    (e: Error & { cause?: Error }) => e,
  );
  return error?.cause?.message === 'bad port';
}

/**
 * A PORT_OFFSET under which every port of `ports` is free and one fetch (and so a test) may use:
 * tried from a start that differs between parallel runs, stepping by `step` until one fits. Asking
 * fetch itself rather than keeping a copy of its list of refused ports.
 */
export async function choosePortOffset(ports: number[], first: number, step: number, tries = 200): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const offset = first + i * step;
    const shifted = ports.map((p) => p + offset);
    if (shifted.some((p) => p > 32767)) break; // the ephemeral range: an outgoing connection may hold one
    let fits = true;
    for (const port of shifted) if (!(await portFree(port)) || (await fetchRefusesPort(port))) fits = false;
    if (fits) return offset;
  }
  throw new Error(`no PORT_OFFSET from ${first} (step ${step}) leaves ports ${ports.join(', ')} free and usable`);
}

/**
 * POSTs `query` but holds back the end of its body until `release()`: a request in flight.
 * `inFlight` resolves once the server has read the request's headers (it answered
 * `Expect: 100-continue`), so a test need not guess how long a busy server takes to get there.
 */
export function heldRequest(url: string, query: string) {
  const body = JSON.stringify({ query });
  const u = new URL(url);
  let release!: () => void;
  let inFlight!: Promise<void>;
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    inFlight = new Promise<void>((seen) => req.once('continue', () => req.write(body.slice(0, 10), () => seen())));
    req.flushHeaders();
    release = () => req.end(body.slice(10));
  });
  return { answer, inFlight, release: () => release() };
}
