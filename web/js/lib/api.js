/**
 * The JSON API of this server. Every reply is `{"Status": "ok", ...}` or
 * `{"Status": "<what went wrong>"}`; a status other than "ok" becomes an
 * ApiError carrying the server's words.
 */

export class ApiError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Something the user entered cannot be sent as it is; the message says what to change. */
export class InputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * POSTs `body` as JSON to `path` and returns the reply and the HTTP response
 * (for its Date header). Fields that are undefined are left out, so Go sees
 * them as absent.
 */
export async function request(path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('Could not reach the server. Check the connection and try again.');
  }

  let reply;
  try {
    reply = await response.json();
  } catch {
    throw new ApiError(`The server answered HTTP ${response.status} without a status.`);
  }
  if (typeof reply?.Status !== 'string') {
    throw new ApiError(`The server answered HTTP ${response.status} without a status.`);
  }
  if (reply.Status !== 'ok') throw new ApiError(reply.Status);
  return { reply, response };
}

/** Like request, for callers that only need the reply. */
export async function callApi(path, body) {
  return (await request(path, body)).reply;
}

/** Extra advice for the statuses people meet most; the server's words are shown as they are. */
const ADVICE = new Map([
  [
    'need more delegated keys',
    'Not enough owners have a live delegation for this blob. Ask them to delegate, then try again; the Summary tab shows who has uses left.',
  ],
  [
    'not enough shares to recover',
    'Not enough owners have a live delegation for this blob. Ask them to delegate, then try again.',
  ],
  ['Vault is not created yet', 'An administrator creates the vault on the Admin tab.'],
  ['vault has not been created', 'An administrator creates the vault on the Admin tab.'],
  ['Admin required', 'Only an administrator can do this.'],
  [
    'User not present',
    'Check the spelling of the name; an administrator can create users on the Users tab.',
  ],
  ['Signature mismatch', 'This blob was not made by this vault, or it was changed.'],
  ['time: invalid duration', 'Write the time as a duration such as 1h30m, 90m or 45s.'],
]);

export function adviceFor(status) {
  return ADVICE.get(status) ?? null;
}
