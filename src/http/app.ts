/**
 * The Fastify application: the JSON API of the original, plus the web page.
 *
 * Like the original, every endpoint answers any method and reads the body as
 * JSON whatever the Content-Type says (its README's examples use plain
 * `curl -d`, which sends a form type). Logical failures are HTTP 200 with
 * `{"Status": "<message>"}`.
 */
import { readFile } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import type { ServerOptions as HttpsOptions } from 'node:https';
import { Readable, type Duplex } from 'node:stream';

import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

import { byteLengthOf, encodedLength, encodeGoJsonPieces, piecesToBuffer, type Piece } from '../codec/go-json.js';
import { GoDecodeError } from '../codec/go-json-parse.js';
import { RoError, type ErrorCode } from '../errors.js';
import type { AuditDetails, AuditLog } from '../audit/audit-log.js';
import { ScryptBusyError } from '../crypto/scrypt.js';
import type { Metrics } from '../metrics.js';
import { AuthGuard } from './auth-guard.js';
import { declaredLengthOf, readBody } from './read-body.js';
import { enforceSecondFactor } from './second-factor.js';
import type { ApiRoute, LazyAuditDetails, ReplyBody, Services } from './route.js';
import { apiRoutes } from './routes/index.js';

export interface AppOptions {
  services: Services;
  logger: Logger;
  /** Largest accepted body in bytes; the default fits a 64 MiB payload's decrypt request. */
  bodyLimit?: number;
  /** Folder of the bundled web page. */
  webRoot: string;
  /** An operator's own HTML page, served instead of the bundled one (`-static`). */
  staticPage?: string;
  https?: HttpsOptions;
  /** Where request counts and durations go. */
  metrics?: Metrics;
  /** Brute-force protection; the defaults when not given. */
  guard?: AuthGuard;
  /** Most items accepted in one list field (Owners, Users, Labels...). */
  maxListItems?: number;
  /** The audit trail; `failClosed` refuses mutations it cannot record. */
  audit?: { log: AuditLog; failClosed: boolean };
}

export const DEFAULT_MAX_LIST_ITEMS = 100;
const AUTH_FAILURES = new Set(['ERR_WRONG_PASSWORD', 'ERR_USER_NOT_PRESENT', 'ERR_RECORD_NOT_PRESENT']);

export const DEFAULT_BODY_LIMIT = 256 * 1024 * 1024;
// Replies up to a TLS socket's high-water mark go out whole; larger ones stream (see inLargeWrites).
const WHOLE_REPLY_LIMIT = 16 * 1024;
const HSTS = 'max-age=86400; includeSubDomains; preload';

declare module 'fastify' {
  interface FastifyRequest {
    actingUser?: string;
    errorCode?: string;
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    // Node's own default, which Fastify turns off: a body that trickles in is not held forever.
    requestTimeout: 300_000,
    clientErrorHandler: answerClientError,
    // A path Fastify cannot decode (`/summary%ZZ`) is answered as every other bad request is.
    frameworkErrors: (_error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendStatus(reply, request, new RoError('ERR_BAD_HTTP_REQUEST')),
    ...(options.https ? { https: options.https } : {}),
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;

  // The original ignores Content-Type; Fastify would refuse a malformed one before any parser ran.
  // (Hooks here take `done` rather than being async: a promise per request each, on every request.)
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.headers['content-type'] !== undefined) {
      request.headers['content-type'] = 'application/octet-stream';
    }
    done();
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const declared = declaredLengthOf(request.headers['content-length']);
    readBody(payload, bodyLimit, declared).then((body) => done(null, body), done);
  });

  // Set before the routes: Fastify binds a route to the error handler in force when it is added.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    // Reading the body fails with RoError (too large, cut short); anything else is a fault.
    if (error instanceof RoError) {
      request.log.info({ err: error.cause instanceof Error ? error.cause.message : undefined }, error.status);
      return sendStatus(reply, request, error);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendStatus(reply, request, new RoError('ERR_BODY_TOO_LARGE'));
    }
    request.log.error({ err: error }, 'request failed');
    return sendStatus(reply, request, new RoError('ERR_INTERNAL'));
  });

  const guard = options.guard ?? new AuthGuard();
  const context: RequestContext = {
    services: options.services,
    guard,
    maxListItems: options.maxListItems ?? DEFAULT_MAX_LIST_ITEMS,
    maxPayloadBytes: maxPayloadFor(bodyLimit),
    audit: options.audit,
  };
  // Before the routes, so that they can opt out of helmet (see API_HEADERS).
  await registerSecurityHeaders(app, options);
  for (const route of apiRoutes) {
    // Returning the reply tells Fastify it was sent, even while a large one is still streaming.
    app.all(route.path, { helmet: false }, async (request, reply) => {
      await handleApiRequest(route, context, request, reply);
      return reply;
    });
  }
  await registerWebPage(app, options);

  const apiPaths = new Set(apiRoutes.map((route) => route.path));
  app.addHook('onResponse', (request, reply, done) => {
    const url = request.routeOptions.url;
    const endpoint = url !== undefined && apiPaths.has(url) ? url : 'web';
    const outcome = request.errorCode ?? (reply.statusCode < 400 ? 'ok' : 'error');
    options.metrics?.observeRequest(endpoint, outcome, reply.elapsedTime / 1000);
    request.log.info(
      {
        endpoint,
        method: request.method,
        user: request.actingUser,
        outcome,
        httpStatus: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
  return app;
}

interface RequestContext {
  services: Services;
  guard: AuthGuard;
  maxListItems: number;
  maxPayloadBytes: number;
  audit?: { log: AuditLog; failClosed: boolean };
}

async function handleApiRequest(
  route: ApiRoute,
  { services, guard, maxListItems, maxPayloadBytes, audit }: RequestContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const details: LazyAuditDetails = {};
  const audited = audit !== undefined && route.audited !== false;
  try {
    const body = await route.body.decodeBody(await takeRawBody(request));
    checkListSizes(body, maxListItems);
    const name = typeof body.Name === 'string' ? body.Name : '';
    const guarded = route.authenticates !== false && name !== '';
    if (guarded) await guard.check(name, request.ip);
    if (audited) await ensureAuditable(audit);

    const context = {
      services,
      maxPayloadBytes,
      actAs: (user: string) => void (request.actingUser = nameForLogs(user)),
      audit: (more: LazyAuditDetails) => void Object.assign(details, more),
    };
    let answer: ReplyBody;
    try {
      const factor = await enforceSecondFactor(route, body, services);
      if (factor !== null) context.audit({ secondFactor: factor });
      answer = await route.handle(body, context);
    } catch (error) {
      const authFailure = error instanceof RoError && AUTH_FAILURES.has(error.code);
      if (guarded && authFailure) await guard.recordFailure(name, request.ip);
      if (audit && (audited || authFailure) && error instanceof RoError) {
        await recordAudit(audit, request, route.path, error.code, details).catch(() => undefined);
      }
      throw error;
    }
    if (guarded) await guard.recordSuccess(name, request.ip);
    // Whatever the request changed in the live delegations is stored before the reply.
    await services.persistence.flush();
    await services.orders.flush();
    if (audited) await recordAudit(audit, request, route.path, 'ok', details);
    sendJson(reply, answer);
  } catch (error) {
    if (error instanceof GoDecodeError) {
      const code = error.kind === 'base64' ? 'ERR_BAD_BASE64' : 'ERR_BAD_JSON';
      sendStatus(reply, request, new RoError(code, error.message));
      return;
    }
    if (error instanceof RoError) {
      sendStatus(reply, request, error);
      return;
    }
    if (error instanceof ScryptBusyError) {
      sendStatus(reply, request, new RoError('ERR_BUSY'));
      return;
    }
    // Unexpected: the details go to the log, the client gets a generic status.
    request.log.error({ err: error, endpoint: route.path }, 'unexpected failure');
    sendStatus(reply, request, new RoError('ERR_INTERNAL'));
  }
}

/**
 * Fail closed: once an entry could not be written, a mutation first proves
 * the log writable again (with an entry saying so) or is refused untouched.
 */
async function ensureAuditable(audit: { log: AuditLog; failClosed: boolean }): Promise<void> {
  if (!audit.failClosed || audit.log.isHealthy) return;
  try {
    await audit.log.record({ event: 'audit-resumed', outcome: 'ok' });
  } catch {
    throw new RoError('ERR_AUDIT_UNAVAILABLE');
  }
}

// A name is logged before it is known to be a user's: a megabyte of one must not make a megabyte of log.
const MAX_LOGGED_NAME = 256;

function nameForLogs(name: string): string {
  return name.length <= MAX_LOGGED_NAME ? name : `${name.slice(0, MAX_LOGGED_NAME)}…(${name.length} characters)`;
}

async function recordAudit(
  audit: { log: AuditLog; failClosed: boolean },
  request: FastifyRequest,
  endpoint: string,
  outcome: string,
  details: LazyAuditDetails,
): Promise<void> {
  try {
    const resolved: AuditDetails = {};
    for (const [key, value] of Object.entries(details)) resolved[key] = typeof value === 'function' ? value() : value;
    await audit.log.record({ ...resolved, event: endpoint, actor: request.actingUser, address: request.ip, outcome });
  } catch (error) {
    request.log.error({ err: (error as Error).message }, 'audit entry not written');
    if (audit.failClosed && outcome === 'ok') throw new RoError('ERR_AUDIT_WRITE_FAILED');
  }
}

/** Bounds what one request can make the server do: each owner costs a key wrap, and so on. */
function checkListSizes(body: Record<string, unknown>, maxItems: number): void {
  for (const [field, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.length > maxItems) {
      throw new RoError('ERR_TOO_MANY_ITEMS', `too many ${field} (at most ${maxItems})`);
    }
  }
}

/**
 * The body's bytes, taken from the request so that they can be collected as
 * soon as they are decoded: with a 64 MiB payload they are 85 MB.
 */
async function takeRawBody(request: FastifyRequest): Promise<Buffer> {
  const raw = Buffer.isBuffer(request.body) ? request.body : await readUnparsedBody(request);
  request.body = undefined;
  return raw;
}

/**
 * Fastify does not parse bodies of GET, HEAD and similar requests, but the
 * original reads the body whatever the method; read it here, within the limit.
 */
function readUnparsedBody(request: FastifyRequest): Promise<Buffer> {
  const limit = request.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT;
  return readBody(request.raw, limit, declaredLengthOf(request.headers['content-length']));
}

/**
 * The headers of every API reply, one constant object. Helmet builds its
 * headers anew for each request, which cost the cheapest endpoint a fifth of
 * its throughput; these are what of them still matters for JSON.
 */
const API_HEADERS = {
  'Content-Type': 'application/json',
  'Strict-Transport-Security': HSTS,
  // Replies can carry plaintext and keys' outputs; no cache should keep them.
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

function sendJson(reply: FastifyReply, body: ReplyBody): FastifyReply {
  reply.headers(API_HEADERS);
  const payload = replyPayload(encodeGoJsonPieces(body));
  // A streamed reply still says its length: clients can show progress, and some load
  // generators misread long chunked replies.
  if (!Buffer.isBuffer(payload)) reply.header('Content-Length', encodedLength(body));
  return reply.send(payload);
}

/**
 * The reply's bytes: one Buffer when they end within WHOLE_REPLY_LIMIT, else
 * a stream that goes on where they stopped. A 64 MiB decryption is then
 * encoded as the socket takes it, never held whole, and other requests are
 * served between its pieces.
 */
function replyPayload(pieces: Generator<Piece>): Buffer | Readable {
  const head: Piece[] = [];
  let size = 0;
  for (let next = pieces.next(); next.done !== true; next = pieces.next()) {
    head.push(next.value);
    size += byteLengthOf(next.value);
    if (size > WHOLE_REPLY_LIMIT) return Readable.from(inLargeWrites([head, pieces]), { objectMode: false });
  }
  return piecesToBuffer(head);
}

// TLS costs a third less CPU per byte in writes of 1 MiB than in the encoder's 64 KiB pieces.
const STREAM_WRITE_SIZE = 1024 * 1024;
// Far below the socket's high-water mark, so that the last write leaves it drained.
const LAST_WRITE_SIZE = 16;

/**
 * The pieces written into buffers of STREAM_WRITE_SIZE (text straight from
 * its string), the last few bytes apart. A stream writes those only once the
 * socket has drained, so the reply ends with the socket drained. Node's HTTPS
 * server otherwise pauses a keep-alive connection whose next request arrives
 * while the socket is still draining, and its paused parser then fails that
 * request (HPE_PAUSED) and resets the connection: a client sending large
 * requests back to back saw one in three fail.
 */
function* inLargeWrites(sources: Iterable<Iterable<Piece>>): Generator<Buffer> {
  let batch = Buffer.allocUnsafe(STREAM_WRITE_SIZE + LAST_WRITE_SIZE);
  let filled = 0;
  for (const source of sources) {
    for (const piece of source) {
      if (typeof piece === 'string' && byteLengthOf(piece) <= batch.length - filled) {
        filled += batch.write(piece, filled, 'utf8');
        continue;
      }
      // Text that straddles two batches is copied like bytes (once per batch at most).
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      for (let at = 0; at < bytes.length; ) {
        if (filled === batch.length) {
          // A full batch goes out but for its end, which opens the next: bytes are always left for last.
          yield batch.subarray(0, filled - LAST_WRITE_SIZE);
          const next = Buffer.allocUnsafe(batch.length);
          filled = batch.copy(next, 0, filled - LAST_WRITE_SIZE, filled);
          batch = next;
        }
        const copied = bytes.copy(batch, filled, at);
        filled += copied;
        at += copied;
      }
    }
  }
  if (filled > LAST_WRITE_SIZE) yield batch.subarray(0, filled - LAST_WRITE_SIZE);
  yield batch.subarray(Math.max(0, filled - LAST_WRITE_SIZE), filled);
}

/**
 * The largest plaintext whose blob still fits in a /decrypt request under
 * `bodyLimit`: base64 nests three deep (x 64/27), with room for the wrapped
 * keys (those of a hundred owners in pairs take about 4 MiB).
 */
export function maxPayloadFor(bodyLimit: number): number {
  const room = Math.min(4 * 1024 * 1024, bodyLimit / 8);
  return Math.floor(((bodyLimit - room) * 27) / 64);
}

const CLIENT_ERRORS = new Map<string, ErrorCode>([
  ['HPE_HEADER_OVERFLOW', 'ERR_HEADERS_TOO_LARGE'],
  ['ERR_HTTP_REQUEST_TIMEOUT', 'ERR_REQUEST_TIMEOUT'],
]);

/**
 * Malformed HTTP (a bad request line, headers over Node's limit, a body that
 * never finishes arriving) never reaches a route; it still gets a Status.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const failure = new RoError(CLIENT_ERRORS.get(error.code ?? '') ?? 'ERR_BAD_HTTP_REQUEST');
  const body = JSON.stringify({ Status: failure.status });
  if (socket.writable) {
    const head = `HTTP/1.1 ${failure.httpStatus} ${STATUS_CODES[failure.httpStatus]}`;
    const headers = `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close`;
    socket.write(`${head}\r\n${headers}\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

function sendStatus(reply: FastifyReply, request: FastifyRequest, error: RoError): FastifyReply {
  request.errorCode = error.code;
  return sendJson(reply.code(error.httpStatus), { Status: error.status });
}

/**
 * The bundled page's Content-Security-Policy: its own scripts and styles only
 * (no inline code, no other host: the page must work air-gapped), no plugins,
 * no framing, and Trusted Types so that no server text can ever become HTML.
 */
const PAGE_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    // data: for the authenticator's QR code (an SVG in an <img>, which runs no script).
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
    requireTrustedTypesFor: ["'script'"],
    trustedTypes: ["'none'"],
  },
};

/**
 * Helmet's security headers for the page: a strict CSP for the bundled one,
 * none for an operator's own (`-static`), which may rely on inline code or a
 * CDN as the original's does. API replies carry API_HEADERS instead.
 */
async function registerSecurityHeaders(app: FastifyInstance, options: AppOptions): Promise<void> {
  const contentSecurityPolicy = options.staticPage === undefined ? PAGE_CSP : false;
  await app.register(fastifyHelmet, { contentSecurityPolicy, strictTransportSecurity: false });
}

/**
 * `/`, `/index` and every unknown path serve the page, as the original does;
 * the bundled page's own assets come from `webRoot`. HSTS keeps the
 * original's value.
 */
async function registerWebPage(app: FastifyInstance, options: AppOptions): Promise<void> {
  const staticPage = options.staticPage;
  if (staticPage !== undefined) {
    // Read on every request, as the original does, so an operator can edit it live.
    const sendPage = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('Strict-Transport-Security', HSTS)
        .send(await readFile(staticPage));
    app.get('/', sendPage);
    app.setNotFoundHandler(sendPage);
    return;
  }

  await app.register(fastifyStatic, { root: options.webRoot, index: 'index.html', wildcard: false });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('Strict-Transport-Security', HSTS);
    done(null, payload);
  });
  app.setNotFoundHandler((_request, reply) => reply.type('text/html; charset=utf-8').sendFile('index.html'));
}
