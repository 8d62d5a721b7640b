/**
 * Runs the built `redoctober` command (dist/cli/main.js) as an operator would:
 * a child process listening over HTTPS on an ephemeral loopback port, called
 * with node's own https client. Every process and temporary folder made here is
 * tracked, so that `cleanUp` (run after each test) kills and removes them even
 * when the test failed half-way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

import { generate } from 'selfsigned';

export const MAIN_JS = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
if (!existsSync(MAIN_JS)) {
  throw new Error(`${MAIN_JS} is missing: run "npm run build" (npm test does) first`);
}

/** Ephemeral loopback ports for the API and metrics listeners. */
export const LOOPBACK_FLAGS = [
  ...['-addr', '127.0.0.1:0'],
  ...['-metrics-host', '127.0.0.1', '-metrics-port', '0'],
];

// Startup takes ~0.5 s; the margin is for a loaded 2-core machine running files in parallel.
const START_TIMEOUT_MS = 20_000;

const children = new Set<ChildProcess>();
const folders = new Set<string>();

// A crashed test worker must not leave servers running on the machine.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Kills every process this file started and removes its temporary folders. */
export async function cleanUp(): Promise<void> {
  await Promise.all([...children].map((child) => killAndWait(child)));
  await Promise.all([...folders].map((folder) => rm(folder, { recursive: true, force: true })));
  folders.clear();
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A fresh folder under the OS temp dir, removed by cleanUp. */
export async function makeTempDir(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'redoctober-e2e-'));
  folders.add(folder);
  return folder;
}

// ---------------------------------------------------------------- processes

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RedOctober {
  apiPort: number;
  metricsPort: number;
  /** Every pino line printed so far, parsed. */
  readonly logs: LogLine[];
  stderr(): string;
  /** callApi against this server's API port. */
  call(endpoint: string, body: unknown, options?: CallOptions): Promise<Reply>;
  /** Sends a signal without waiting (e.g. SIGHUP). */
  signal(signal: NodeJS.Signals): void;
  /** Sends a signal (SIGTERM unless told) and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

interface Output {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
}

/** Extra environment and inherited descriptors (from fd 3 on), as systemd would pass them. */
export interface SpawnExtras {
  env?: Record<string, string>;
  fds?: number[];
}

function spawnRedOctober(args: string[], cwd: string, extras: SpawnExtras = {}): Output {
  const child = spawn(process.execPath, [MAIN_JS, ...args], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'info', ...extras.env },
    stdio: ['ignore', 'pipe', 'pipe', ...(extras.fds ?? [])],
  });
  children.add(child);

  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/**
 * The complete lines of a pino stream (a line still being written is left for later). Anything
 * but JSON on stdout throws, and so fails the test.
 */
export function parseLogLines(stdout: string): LogLine[] {
  return stdout
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

function portOf(line: LogLine | undefined): number | undefined {
  return (line?.address as { port?: number } | undefined)?.port;
}

function waitUntilListening(output: Output): Promise<void> {
  const isReady = () =>
    parseLogLines(output.stdout()).some((line) => line.msg === 'redoctober listening');
  return new Promise((resolve, reject) => {
    const timeout = () => reject(new Error(`not listening after ${START_TIMEOUT_MS} ms`));
    const timer = setTimeout(timeout, START_TIMEOUT_MS);
    const onData = () => {
      try {
        if (!isReady()) return;
        resolve();
      } catch (error) {
        reject(error);
      }
      clearTimeout(timer);
      output.child.stdout!.off('data', onData);
    };
    output.child.stdout!.on('data', onData);
    void output.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`redoctober exited (${exit.code ?? exit.signal}): ${output.stderr()}`));
    });
  });
}

/**
 * Starts the server with `args` (after LOOPBACK_FLAGS unless `loopback` is
 * false) in `cwd`, and resolves once it logs "redoctober listening" with the
 * ports it bound. Rejects with its stderr if it exits first.
 */
export async function startRedOctober(
  args: string[],
  options: { cwd: string; loopback?: boolean } & SpawnExtras,
): Promise<RedOctober> {
  const fullArgs = options.loopback === false ? args : [...LOOPBACK_FLAGS, ...args];
  const output = spawnRedOctober(fullArgs, options.cwd, options);
  await waitUntilListening(output);

  const logs = () => parseLogLines(output.stdout());
  const apiPort = portOf(logs().find((line) => line.msg === 'redoctober listening'));
  const metricsPort = portOf(logs().find((line) => line.msg === 'metrics listening'));
  if (apiPort === undefined || metricsPort === undefined) throw new Error('no port in the logs');

  return {
    apiPort,
    metricsPort,
    get logs() {
      return logs();
    },
    stderr: output.stderr,
    call: (endpoint, body, callOptions) => callApi(apiPort, endpoint, body, callOptions),
    signal: (signal) => void output.child.kill(signal),
    stop: async (signal = 'SIGTERM') => {
      output.child.kill(signal);
      return output.exited;
    },
  };
}

export interface Finished extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs the command to its end: for runs expected to exit by themselves (`-h`, a bad vault). */
export async function runRedOctober(args: string[], options: { cwd: string }): Promise<Finished> {
  const output = spawnRedOctober(args, options.cwd);
  const timer = setTimeout(() => output.child.kill('SIGKILL'), START_TIMEOUT_MS);
  const exit = await output.exited;
  clearTimeout(timer);
  return { ...exit, stdout: output.stdout(), stderr: output.stderr() };
}

// ---------------------------------------------------------------- certificates

export interface Certificate {
  certPath: string;
  keyPath: string;
  pem: string;
  /** SHA-256 fingerprint in node's "AB:CD:..." form, to recognise it on the wire. */
  fingerprint: string;
}

/** A self-signed P-256 certificate for one DNS name, written as `<name>.pem` and `<name>.key`. */
export async function makeCertificate(folder: string, dnsName: string): Promise<Certificate> {
  const pems = await generate([{ name: 'commonName', value: dnsName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: dnsName }] }],
  });
  const certPath = join(folder, `${dnsName}.pem`);
  const keyPath = join(folder, `${dnsName}.key`);
  await writeFile(certPath, pems.cert);
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  const fingerprint = new X509Certificate(pems.cert).fingerprint256;
  return { certPath, keyPath, pem: pems.cert, fingerprint };
}

/** `-certs` and `-keys` flags for a fresh certificate made in `folder`. */
export async function certificateFlags(folder: string, dnsName = 'a.test'): Promise<string[]> {
  const certificate = await makeCertificate(folder, dnsName);
  return ['-certs', certificate.certPath, '-keys', certificate.keyPath];
}

/** The certificate the server presents to a handshake with this SNI name (undefined: no SNI). */
export function peerCertificate(port: number, servername?: string): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, servername, rejectUnauthorized: false };
    const socket = tls.connect(options, () => {
      const certificate = socket.getPeerX509Certificate();
      socket.end();
      if (certificate === undefined) reject(new Error('the server sent no certificate'));
      else resolve(certificate);
    });
    socket.once('error', reject);
  });
}

// ---------------------------------------------------------------- requests

export interface RequestOptions {
  method?: string;
  /** Sent as is; omit for no body. */
  body?: string;
  headers?: Record<string, string>;
  /** SNI name; the server's certificate is verified against `ca` (for that name) when given. */
  servername?: string;
  ca?: string;
  /** Called once the whole request (headers and body) has been handed to the socket. */
  onSent?: () => void;
}

export type CallOptions = Omit<RequestOptions, 'body'>;

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function collect(response: http.IncomingMessage, resolve: (reply: HttpReply) => void): void {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => {
    resolve({ status: response.statusCode ?? 0, headers: response.headers, text });
  });
}

/**
 * Node sends a GET body with neither Content-Length nor chunked encoding, so a server reads it
 * as a second request; curl and the Go client send Content-Length, and so do we.
 */
function withContentLength(headers: Record<string, string> = {}, body?: string) {
  if (body === undefined) return headers;
  return { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
}

/** One HTTPS request on a fresh connection (no keep-alive, so nothing outlives the test). */
export function httpsRequest(
  port: number,
  path: string,
  options: RequestOptions = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'POST',
        headers: withContentLength(options.headers, options.body),
        servername: options.servername,
        ca: options.ca,
        rejectUnauthorized: options.ca !== undefined,
        agent: false,
      },
      (response) => collect(response, resolve),
    );
    request.once('error', reject);
    if (options.onSent) request.once('finish', options.onSent);
    request.end(options.body);
  });
}

/** One plain-HTTP GET (the metrics port, or the API port to show it refuses plain HTTP). */
export function httpGet(port: number, path: string): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, path, agent: false };
    const request = http.request(options, (response) => collect(response, resolve));
    request.once('error', reject);
    request.end();
  });
}

export type Reply = Record<string, any>;

/**
 * Sends `body` as JSON (POST with Content-Type application/json unless the
 * options say otherwise) and parses the reply, which must be JSON.
 */
export async function callApi(
  port: number,
  endpoint: string,
  body: unknown,
  options: CallOptions = {},
): Promise<Reply> {
  const headers = options.headers ?? { 'Content-Type': 'application/json' };
  const request = { ...options, headers, body: JSON.stringify(body) };
  const reply = await httpsRequest(port, endpoint, request);
  if (reply.headers['content-type'] !== 'application/json') {
    const what = `${reply.status} ${reply.headers['content-type']}`;
    throw new Error(`${endpoint} answered ${what}: ${reply.text.slice(0, 200)}`);
  }
  return JSON.parse(reply.text) as Reply;
}

/** The JSON inside a reply's base64 `Response` field. */
export function decodeResponse(reply: Reply): any {
  return JSON.parse(Buffer.from(reply.Response as string, 'base64').toString('utf8'));
}
