/** Go durations (as /delegate takes them) and countdowns to an RFC 3339 expiry. */

const UNIT_MS = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds in a Go duration such as "1h30m" or "1.5h"; null when it is not one. */
export function parseGoDuration(text) {
  const trimmed = text.trim();
  if (!/^\+?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.test(trimmed)) return null;
  let total = 0;
  PART.lastIndex = trimmed.startsWith('+') ? 1 : 0;
  for (let match = PART.exec(trimmed); match !== null; match = PART.exec(trimmed)) {
    total += Number(match[1]) * UNIT_MS[match[2]];
  }
  return total;
}

/**
 * Epoch milliseconds of an RFC 3339 time with up to nine fraction digits
 * (Date.parse is only specified for three).
 */
export function parseRfc3339(text) {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i.exec(text);
  if (match === null) return NaN;
  const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${match[1]}.${millis}${match[3].toUpperCase()}`);
}

/** "2d 03h", "1h 05m 09s", "4m 09s", "42s"; "expired" at or below zero. */
export function formatRemaining(ms) {
  if (!(ms > 0)) return 'expired';
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${two(hours)}h`;
  if (hours > 0) return `${hours}h ${two(minutes)}m ${two(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${two(seconds)}s`;
  return `${seconds}s`;
}

/** A local wall-clock time, with the date when it is not today. */
export function formatLocalTime(epochMs) {
  const date = new Date(epochMs);
  const time = date.toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  if (date.toDateString() === new Date().toDateString()) return time;
  const day = date.toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' });
  return `${day} ${time}`;
}

/** A length of time in words-light form: "1h 30m", "45s", "2d 4h". */
export function formatDuration(ms) {
  const total = Math.round(ms / 1000);
  const parts = [
    [Math.floor(total / 86_400), 'd'],
    [Math.floor((total % 86_400) / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'm'],
    [total % 60, 's'],
  ].filter(([value]) => value > 0);
  return parts.length > 0 ? parts.map(([value, unit]) => `${value}${unit}`).join(' ') : '0s';
}
