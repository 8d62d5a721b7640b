/**
 * What an endpoint is: a path, the Go struct its body decodes into, and a
 * handler that validates, calls the domain once and shapes the reply. Errors
 * are thrown as RoError and turned into `{"Status": ...}` by the app.
 */
import type { Decoded, FieldKind, GoStruct } from '../codec/go-struct.js';
import { ChunkedBytes, encodedLength, encodeGoJsonPieces, type GoJsonValue, type Piece } from '../codec/go-json.js';
import type { AuditDetails } from '../audit/audit-log.js';
import type { Services } from '../services.js';

export type { Services };

export interface RouteContext {
  services: Services;
  /** The largest Data /encrypt accepts: its blob must fit in a /decrypt request. */
  maxPayloadBytes: number;
  /** Records who is acting, for the request's log line. */
  actAs(name: string): void;
  /**
   * Adds details to the request's audit entry (names, counts, labels, blob ids;
   * never secrets). A function is called only if an entry is written: hashing
   * a 100 MB blob for a log that is not kept would waste a tenth of a second.
   */
  audit(details: LazyAuditDetails): void;
}

export type LazyAuditDetails = { [key: string]: AuditDetails[string] | (() => AuditDetails[string]) };

export type ReplyBody = { [key: string]: GoJsonValue | undefined };

export interface ApiRoute<F extends Record<string, FieldKind> = Record<string, FieldKind>> {
  path: string;
  body: GoStruct<F>;
  /** False for endpoints whose Name is not checked against a password (/create, /owners...). */
  authenticates?: boolean;
  /** False for read-only endpoints; their failed logins are still audited. */
  audited?: boolean;
  handle(body: Decoded<F>, context: RouteContext): Promise<ReplyBody>;
}

/** Declares a route with its body type inferred from the struct. */
export function defineRoute<F extends Record<string, FieldKind>>(route: ApiRoute<F>): ApiRoute {
  return route as unknown as ApiRoute;
}

export function ok(): ReplyBody {
  return { Status: 'ok' };
}

/** `{"Status":"ok","Response":<base64 of bytes>}`, the original's envelope. */
export function okWithResponse(response: Buffer | ChunkedBytes): ReplyBody {
  return { Status: 'ok', Response: response };
}

/**
 * The envelope around `value`'s JSON, encoded while the reply is sent.
 * `secret` (a plaintext inside `value`) is zeroed once the reply has been
 * written or abandoned; a reply that is never sent leaves it to the collector.
 */
export function okWithJson(value: GoJsonValue, secret?: Buffer): ReplyBody {
  function* wipedAfterUse(): Generator<Piece> {
    try {
      yield* encodeGoJsonPieces(value);
    } finally {
      secret?.fill(0);
    }
  }
  return okWithResponse(new ChunkedBytes(wipedAfterUse, encodedLength(value)));
}
