/**
 * Brute-force protection. Every authenticated call costs an scrypt, so a
 * client hammering wrong passwords is both a guessing attack and a denial of
 * service. Failures are counted (rate-limiter-flexible) per client address,
 * per user name, and per (user, address) pair; the pair gets an exponential
 * backoff (1 s, 2 s, 4 s... up to a cap) after a few consecutive failures. A
 * held-back request is refused before any scrypt is spent. The per-user
 * window is short, so a stranger's failures cannot lock a user out for long;
 * a success ends the pair's backoff.
 */
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

import { RoError } from '../errors.js';

export interface AuthLimits {
  /** Failures allowed per client address per hour; then it waits out the hour. */
  failuresPerAddress: number;
  /** Failures allowed per user name (from any address) per `userWindowSeconds`. */
  failuresPerUser: number;
  /** Short, so a stranger's failures lock a user out for this long at most. */
  userWindowSeconds: number;
  /** Consecutive failures for one user from one address before the backoff starts. */
  consecutiveFailures: number;
  maxBackoffSeconds: number;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  failuresPerAddress: 100,
  failuresPerUser: 30,
  userWindowSeconds: 60,
  consecutiveFailures: 5,
  maxBackoffSeconds: 300,
};

const HOUR_SECONDS = 3600;
const DAY_SECONDS = 86_400;

export class AuthGuard {
  private readonly byAddress: RateLimiterMemory;
  private readonly byUser: RateLimiterMemory;
  private readonly pairFailures: RateLimiterMemory;
  private readonly pairBackoff: RateLimiterMemory;

  constructor(private readonly limits: AuthLimits = DEFAULT_AUTH_LIMITS) {
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'address', points: limits.failuresPerAddress, duration: HOUR_SECONDS });
    this.byUser = new RateLimiterMemory({ keyPrefix: 'user', points: limits.failuresPerUser, duration: limits.userWindowSeconds });
    this.pairFailures = new RateLimiterMemory({ keyPrefix: 'pair', points: Number.MAX_SAFE_INTEGER, duration: DAY_SECONDS });
    this.pairBackoff = new RateLimiterMemory({ keyPrefix: 'backoff', points: 1, duration: 1 });
  }

  /** Throws ERR_TOO_MANY_ATTEMPTS (naming the wait) while the address, user or pair is held back. */
  async check(user: string, address: string): Promise<void> {
    const [byAddress, byUser, backoff] = await Promise.all([
      this.byAddress.get(address),
      this.byUser.get(user),
      this.pairBackoff.get(pairKey(user, address)),
    ]);
    const wait = Math.max(
      exhausted(byAddress, this.limits.failuresPerAddress),
      exhausted(byUser, this.limits.failuresPerUser),
      backoff?.msBeforeNext ?? 0,
    );
    if (wait > 0) {
      throw new RoError('ERR_TOO_MANY_ATTEMPTS', `too many failed attempts; try again in ${Math.ceil(wait / 1000)}s`);
    }
  }

  async recordFailure(user: string, address: string): Promise<void> {
    const key = pairKey(user, address);
    const [, , pair] = await Promise.all([
      this.byAddress.consume(address).catch(() => undefined),
      this.byUser.consume(user).catch(() => undefined),
      this.pairFailures.consume(key),
    ]);
    const excess = pair.consumedPoints - this.limits.consecutiveFailures;
    if (excess >= 0) {
      await this.pairBackoff.block(key, Math.min(2 ** excess, this.limits.maxBackoffSeconds));
    }
  }

  /** A success ends the pair's run of failures (the address and user counts stand). */
  async recordSuccess(user: string, address: string): Promise<void> {
    const key = pairKey(user, address);
    await Promise.all([this.pairFailures.delete(key), this.pairBackoff.delete(key)]);
  }
}

function pairKey(user: string, address: string): string {
  return `${address}\u0000${user}`;
}

/** How long a counter stays exhausted, or 0 while failures remain. */
function exhausted(state: RateLimiterRes | null, points: number): number {
  return state !== null && state.consumedPoints >= points ? state.msBeforeNext : 0;
}
