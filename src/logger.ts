/**
 * The one pino logger. Handlers log what happened (endpoint, user, outcome,
 * duration), never bodies; `redact` is a backstop in case a secret-bearing
 * field ever reaches a log call.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

const SECRET_FIELDS = [
  ...['Password', 'NewPassword', 'Data', 'TBSData', 'password', 'newPassword', 'key', 'privateKey', 'plaintext'],
  // The second factor's: codes, the TOTP secret and its URI, recovery codes.
  ...['Code', 'code', 'Secret', 'secret', 'URI', 'uri', 'RecoveryCodes', 'recoveryCodes'],
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const redact = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]);
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: redact, censor: '[redacted]' },
      base: { service: 'redoctober' },
    },
    options.destination,
  );
}
