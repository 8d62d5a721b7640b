/**
 * The error catalogue. Every failure a client can see is an `RoError` with a
 * stable `code` and the `status` string that goes into `{"Status": ...}`.
 *
 * Where the original server has a status string, the catalogue keeps its exact
 * wording (clients compare it, capitalisation quirks included). Codes are never
 * reused; the README lists them.
 */

const CATALOGUE = {
  ERR_VAULT_NOT_CREATED: 'Vault is not created yet',
  // /summary and /purge word the same condition differently in the original.
  ERR_VAULT_NOT_CREATED_SUMMARY: 'vault has not been created',
  ERR_VAULT_ALREADY_CREATED: 'Vault is already created',
  ERR_INVALID_NAME:
    'must start with an alphanumeric character and can include "-" or "_" after the first character',
  ERR_EMPTY_PASSWORD: 'Password must be at least one character',
  ERR_PASSWORD_TOO_SHORT: 'Password is shorter than this server allows',
  ERR_USER_NOT_PRESENT: 'User not present',
  ERR_RECORD_NOT_PRESENT: 'Record not present',
  ERR_WRONG_PASSWORD: 'Wrong Password',
  ERR_ADMIN_REQUIRED: 'Admin required',
  ERR_USER_EXISTS: 'User with that name already exists',
  ERR_UNKNOWN_RECORD_TYPE: 'Unknown record type',
  ERR_USERS_NOT_PRESENT: 'User(s) not present',
  ERR_INVALID_DURATION: 'time: invalid duration',
  ERR_INVALID_USES: 'Uses must be at least 1',
  ERR_INVALID_TIME: 'Time must be a positive duration',
  ERR_SLOT_NAMES_USER: "Slot would list this delegation under another user's name",
  ERR_DELEGATION_LISTING_TAKEN: "another owner's delegation is listed under that name",
  ERR_MODIFY_MISSING: 'core: record to modify missing',
  ERR_MODIFY_SELF: 'core: cannot modify own record',
  ERR_MODIFY_UNKNOWN_COMMAND: 'core: unknown command passed to modify',
  ERR_MISSING_USER_ON_DISK: 'Missing user on disk',
  ERR_INVALID_ACCESS_STRUCTURE: 'Invalid access structure.',
  ERR_DUPLICATE_OWNER: 'Owners must not list the same user twice',
  ERR_PREDICATE_SYNTAX: 'Invalid string',
  ERR_PREDICATE_UNKNOWN_USER: 'Unknown user in predicate.',
  ERR_PREDICATE_TOO_COMPLEX: 'Predicate is too long or too deeply nested',
  ERR_PREDICATE_SHARE_MISMATCH: 'Predicate / database mismatch!',
  ERR_MINIMUM_TOO_LARGE: 'Minimum is larger than the number of Owners',
  ERR_MIXED_ACCESS_STRUCTURE:
    'Give only one of Owners (with Minimum), LeftOwners and RightOwners, or Predicate',
  ERR_NOT_ENOUGH_DELEGATIONS: 'need more delegated keys',
  ERR_NOT_ENOUGH_SHARES: 'not enough shares to recover',
  ERR_UNWRAP_FAILED: 'Failed to decrypt with all keys in keyset',
  ERR_CANNOT_DECRYPT: 'cannot decrypt this file',
  ERR_CANNOT_SIGN: 'cannot sign with this file',
  ERR_REENCRYPT_NOT_OWNER: 'only an owner or an admin may re-encrypt a blob that cannot be decrypted',
  ERR_BAD_SSH_KEY: 'ssh: the blob does not hold a usable unencrypted SSH private key',
  ERR_UNKNOWN_SIGNATURE_ALGORITHM: 'ssh: unknown signature algorithm',
  ERR_INSECURE_BLOB: "decryption's secure bit is false",
  ERR_UNKNOWN_VERSION: 'Unknown version',
  ERR_SIGNATURE_MISMATCH: 'Signature mismatch',
  ERR_WRONG_VAULT: 'Wrong vault',
  ERR_MALFORMED_BLOB: 'Invalid Input',
  ERR_BAD_JSON: 'unexpected end of JSON input',
  ERR_BAD_BASE64: 'illegal base64 data',
  ERR_BODY_TOO_LARGE: 'request body too large',
  ERR_PAYLOAD_TOO_LARGE: 'Data too large: its blob could not be sent back to this server to decrypt',
  ERR_BODY_CUT_SHORT: 'request body cut short',
  ERR_BAD_HTTP_REQUEST: 'malformed HTTP request',
  ERR_HEADERS_TOO_LARGE: 'request headers too large',
  ERR_REQUEST_TIMEOUT: 'request took too long to arrive',
  ERR_PERSIST_NULL_STORE: 'persist: null store does not support delegations',
  ERR_PERSIST_WRITE_FAILED: 'persist: the delegations could not be stored',
  ERR_PERSIST_CORRUPT: 'persist: the stored delegations are unreadable',
  ERR_ORDER_DURATION_REQUIRED: 'Duration required when placing an order.',
  ERR_ORDER_USES_REQUIRED: 'Number of required uses necessary when placing an order.',
  ERR_ORDER_USERS_REQUIRED: 'Must specify at least one user per order.',
  ERR_ORDER_NOT_FOUND: 'No order with that number',
  ERR_ORDER_CANCEL_REFUSED: 'Invalid Order Number',
  ERR_ORDERS_WRITE_FAILED: 'orders could not be stored',
  // Ours: the TOTP second factor (the original has none).
  ERR_TOTP_CODE_REQUIRED: 'second-factor code required',
  ERR_TOTP_INVALID_CODE: 'wrong second-factor code',
  ERR_TOTP_REPLAYED: 'second-factor code already used; wait for the next one',
  ERR_TOTP_NOT_ENROLLED: 'no second factor is enrolled',
  ERR_TOTP_ALREADY_ENROLLED: 'a second factor is already enrolled; disable it first',
  ERR_TOTP_ENROLMENT_REQUIRED: 'this server requires a second factor: enrol an authenticator first',
  ERR_RECORD_CHANGED: 'the record changed during this request; try again',
  ERR_TOO_MANY_ATTEMPTS: 'too many failed attempts; try again later',
  ERR_BUSY: 'server busy; try again later',
  ERR_TOO_MANY_ITEMS: 'too many items in the request',
  ERR_UNSIGNED_BLOB: 'unsigned (version 1) blobs are refused by this server',
  ERR_AUDIT_UNAVAILABLE: 'audit log unavailable; the request was not carried out',
  ERR_AUDIT_WRITE_FAILED: 'audit log unavailable; the change was made but could not be recorded',
  ERR_VAULT_WRITE_FAILED: 'vault could not be saved; nothing was changed',
  ERR_INTERNAL: 'internal error',
} as const;

export type ErrorCode = keyof typeof CATALOGUE;

/** HTTP status per code; everything not listed answers 200, as the original does. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  ERR_BODY_TOO_LARGE: 413,
  ERR_PAYLOAD_TOO_LARGE: 413,
  ERR_BODY_CUT_SHORT: 400,
  ERR_BAD_HTTP_REQUEST: 400,
  ERR_HEADERS_TOO_LARGE: 431,
  ERR_REQUEST_TIMEOUT: 408,
  ERR_TOO_MANY_ATTEMPTS: 429,
  ERR_BUSY: 503,
  ERR_AUDIT_UNAVAILABLE: 503,
  ERR_AUDIT_WRITE_FAILED: 500,
  ERR_INTERNAL: 500,
};

/**
 * A failure the client may see. `status` is the text sent to the client; it
 * defaults to the catalogue wording and is only overridden for statuses the
 * original builds dynamically (they name the offending field or user, never a
 * secret).
 */
export class RoError extends Error {
  readonly code: ErrorCode;
  readonly status: string;

  constructor(code: ErrorCode, status?: string, options?: { cause?: unknown }) {
    super(status ?? CATALOGUE[code], options);
    this.name = 'RoError';
    this.code = code;
    this.status = status ?? CATALOGUE[code];
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code] ?? 200;
  }
}

export function isRoError(value: unknown): value is RoError {
  return value instanceof RoError;
}

/** The catalogue as [code, status] pairs, for documentation and tests. */
export function listErrorCodes(): Array<[ErrorCode, string]> {
  return Object.entries(CATALOGUE) as Array<[ErrorCode, string]>;
}
