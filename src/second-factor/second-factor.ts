/**
 * The TOTP second factor: enrolling an authenticator, confirming it with a
 * first code, removing it, and the check routes make before an operation.
 *
 * The shared secret lives only in the user's vault record, sealed under the
 * password key like the private key; it is unsealed for one check and zeroed
 * after it. Every code is checked only after the password, so the answers
 * tell nothing about a user's factor to someone without the password.
 * Spending a code (its time step, or a recovery code) happens under the
 * vault's write lock on the current record, so two requests can never both
 * spend the same code.
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';

import { isRoError, RoError } from '../errors.js';
import type { Vault } from '../vault/vault.js';
import {
  checkPassword,
  sealWithPassword,
  unsealWithPassword,
  type TotpEnrolment,
  type VaultRecord,
} from '../vault/vault-record.js';
import { createRecoveryCodes, findRecoveryCode, hashRecoveryCode } from './recovery-codes.js';
import { createTotpSecret, findTotpStep, totpSecretText, totpUri } from './totp.js';

export interface SecondFactorPolicy {
  /**
   * Which calls ask an enrolled user for a code: `delegate` (/delegate,
   * /restore, /password) or `all` (every call that checks a password).
   */
  requiredFor: 'delegate' | 'all';
  /** Users without a confirmed authenticator may not lend their key (with `all`: do nothing but enrol). */
  requireEnrolment: boolean;
}

export const DEFAULT_SECOND_FACTOR_POLICY: SecondFactorPolicy = {
  requiredFor: 'delegate',
  requireEnrolment: false,
};

export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes one user may send per window before code checks are refused for the rest of it. */
const CODE_FAILURES = 5;
const CODE_FAILURE_WINDOW_SECONDS = 300;

/** What enrolment hands the user: everything an authenticator app needs. */
export interface PendingEnrolment {
  uri: string;
  /** The secret in base32, for typing into an app by hand. */
  secret: string;
}

export interface SecondFactorCheck {
  name: string;
  password: string;
  code: string;
  /** The call lends the user's key (/delegate, /restore). */
  lendsKey: boolean;
}

/** Which factor a check spent, for the audit trail; null when none was needed. */
export type SpentFactor = 'totp' | 'recovery-code' | null;

export class SecondFactor {
  private readonly failures = new RateLimiterMemory({
    keyPrefix: 'totp',
    points: CODE_FAILURES,
    duration: CODE_FAILURE_WINDOW_SECONDS,
  });

  constructor(
    private readonly vault: Vault,
    readonly policy: SecondFactorPolicy,
    private readonly nowMs: () => number,
  ) {}

  /** True once the user's authenticator is confirmed. */
  isEnrolled(name: string): boolean {
    return this.vault.getRecord(name)?.totp?.confirmed === true;
  }

  /**
   * Starts an enrolment with a fresh secret, replacing any unconfirmed one.
   * Throws the password statuses, or ERR_TOTP_ALREADY_ENROLLED: replacing a
   * confirmed factor needs its code (/totp-disable first), or the password
   * alone would be enough to take it over.
   */
  async enrol(name: string, password: string): Promise<PendingEnrolment> {
    const record = await this.recordOf(name, password);
    const secret = createTotpSecret();
    try {
      const sealed = await sealWithPassword(record, password, secret);
      if (sealed === null) throw new RoError('ERR_WRONG_PASSWORD');
      if (record.totp?.confirmed) throw new RoError('ERR_TOTP_ALREADY_ENROLLED');

      await this.vault.updateTotp(name, (current) => {
        // The password changed meanwhile: the seal is under a key it no longer derives.
        if (current.hashedPassword !== record.hashedPassword) throw new RoError('ERR_RECORD_CHANGED');
        if (current.totp?.confirmed) throw new RoError('ERR_TOTP_ALREADY_ENROLLED');
        return { secret: sealed, confirmed: false, lastStep: 0, recoveryCodes: [] };
      });
      return { uri: totpUri(name, secret), secret: totpSecretText(secret) };
    } finally {
      secret.fill(0);
    }
  }

  /**
   * Confirms a pending enrolment with a first valid code and returns the
   * recovery codes, in clear this once (only their hashes are kept). Throws
   * ERR_TOTP_NOT_ENROLLED, ERR_TOTP_ALREADY_ENROLLED, ERR_TOTP_CODE_REQUIRED,
   * ERR_TOTP_INVALID_CODE or ERR_TOO_MANY_ATTEMPTS.
   */
  async confirm(name: string, password: string, code: string): Promise<string[]> {
    const record = await this.recordOf(name, password);
    const pending = record.totp;
    await this.throttle(name);
    const secret = await this.openSecret(record, password, pending);
    let step: number | null;
    try {
      if (pending!.confirmed) throw new RoError('ERR_TOTP_ALREADY_ENROLLED');
      if (code.trim() === '') throw new RoError('ERR_TOTP_CODE_REQUIRED');
      step = findTotpStep(secret, code, this.nowMs());
    } finally {
      secret.fill(0);
    }
    if (step === null) {
      await this.recordFailure(name);
      throw new RoError('ERR_TOTP_INVALID_CODE');
    }

    const codes = createRecoveryCodes(RECOVERY_CODE_COUNT);
    await this.vault.updateTotp(name, (current) => {
      if (current.totp?.secret !== pending!.secret) throw new RoError('ERR_RECORD_CHANGED');
      if (current.totp.confirmed) throw new RoError('ERR_TOTP_ALREADY_ENROLLED');
      const hashes = codes.map((text) => hashRecoveryCode(text)!);
      return { ...current.totp, confirmed: true, lastStep: step, recoveryCodes: hashes };
    });
    await this.failures.delete(name);
    return codes;
  }

  /**
   * Removes the user's factor: a confirmed one needs a valid code (TOTP or
   * recovery), a pending one only the password. Throws as check() does, and
   * ERR_TOTP_NOT_ENROLLED.
   */
  async disable(name: string, password: string, code: string): Promise<SpentFactor> {
    const record = await this.recordOf(name, password);
    const enrolment = record.totp;
    let spent: SpentFactor = null;
    if (enrolment?.confirmed) spent = await this.spend(name, record, password, code);
    else (await this.openSecret(record, password, enrolment)).fill(0);

    await this.vault.updateTotp(name, (current) => {
      if (current.totp?.secret !== enrolment!.secret) throw new RoError('ERR_RECORD_CHANGED');
      return undefined;
    });
    return spent;
  }

  /**
   * The check a route makes before its operation. An enrolled user must give
   * a valid, unused code, which is then spent; an unenrolled one passes unless
   * the policy requires enrolment for this call (ERR_TOTP_ENROLMENT_REQUIRED,
   * after the password is checked). An unknown name passes (the route answers
   * for it), except where the call would create the user: /delegate.
   * Throws ERR_WRONG_PASSWORD, ERR_TOTP_CODE_REQUIRED, ERR_TOTP_INVALID_CODE,
   * ERR_TOTP_REPLAYED or ERR_TOO_MANY_ATTEMPTS.
   */
  async check({ name, password, code, lendsKey }: SecondFactorCheck): Promise<SpentFactor> {
    const record = this.vault.getRecord(name);
    const { requireEnrolment, requiredFor } = this.policy;
    const enrolmentRequired = requireEnrolment && (lendsKey || requiredFor === 'all');
    if (record === undefined) {
      if (enrolmentRequired && lendsKey) throw new RoError('ERR_TOTP_ENROLMENT_REQUIRED');
      return null;
    }
    if (record.totp?.confirmed) return this.spend(name, record, password, code);
    if (!enrolmentRequired) return null;

    if (!(await checkPassword(record, password))) throw new RoError('ERR_WRONG_PASSWORD');
    throw new RoError('ERR_TOTP_ENROLMENT_REQUIRED');
  }

  /** Checks a code for a confirmed enrolment and spends it: its time step, or the recovery code. */
  private async spend(name: string, record: VaultRecord, password: string, code: string): Promise<SpentFactor> {
    const enrolment = record.totp!;
    await this.throttle(name);
    const secret = await this.openSecret(record, password, enrolment);
    let step: number | null;
    try {
      if (code.trim() === '') throw new RoError('ERR_TOTP_CODE_REQUIRED');
      step = findTotpStep(secret, code, this.nowMs());
    } finally {
      secret.fill(0);
    }
    const recoveryHash = step === null ? hashRecoveryCode(code) : null;

    try {
      if (step === null && recoveryHash === null) throw new RoError('ERR_TOTP_INVALID_CODE');
      await this.vault.updateTotp(name, (current) => spendCode(current.totp, enrolment, step, recoveryHash));
    } catch (error) {
      if (isRoError(error) && (error.code === 'ERR_TOTP_INVALID_CODE' || error.code === 'ERR_TOTP_REPLAYED')) {
        await this.recordFailure(name);
      }
      throw error;
    }
    await this.failures.delete(name);
    return step === null ? 'recovery-code' : 'totp';
  }

  /** The user's record; for an unknown name, the original's status after a decoy scrypt. */
  private async recordOf(name: string, password: string): Promise<VaultRecord> {
    const record = this.vault.getRecord(name);
    if (record !== undefined) return record;
    await this.vault.authenticate(name, password);
    throw new RoError('ERR_USER_NOT_PRESENT');
  }

  /** Checks the password, then unseals the secret (ERR_TOTP_NOT_ENROLLED when there is none). */
  private async openSecret(
    record: VaultRecord,
    password: string,
    enrolment: TotpEnrolment | undefined,
  ): Promise<Buffer> {
    if (enrolment === undefined) {
      if (!(await checkPassword(record, password))) throw new RoError('ERR_WRONG_PASSWORD');
      throw new RoError('ERR_TOTP_NOT_ENROLLED');
    }
    const secret = await unsealWithPassword(record, password, enrolment.secret);
    if (secret === null) throw new RoError('ERR_WRONG_PASSWORD');
    return secret;
  }

  /** Refuses, before any scrypt, a user who sent too many wrong codes lately. */
  private async throttle(name: string): Promise<void> {
    const state = await this.failures.get(name);
    if (state !== null && state.consumedPoints >= CODE_FAILURES) {
      const seconds = Math.ceil(state.msBeforeNext / 1000);
      throw new RoError('ERR_TOO_MANY_ATTEMPTS', `too many wrong second-factor codes; try again in ${seconds}s`);
    }
  }

  private async recordFailure(name: string): Promise<void> {
    // consume() rejects once the points are gone; the count is what matters here.
    await this.failures.consume(name).catch(() => undefined);
  }
}

/**
 * The enrolment after spending a code, decided on the current record. A time
 * step at or before the last one used is a replay (RFC 6238 section 5.2).
 */
function spendCode(
  current: TotpEnrolment | undefined,
  checked: TotpEnrolment,
  step: number | null,
  recoveryHash: Buffer | null,
): TotpEnrolment {
  // Removed or enrolled again since the code was checked against `checked`'s secret.
  if (current?.secret !== checked.secret || !current.confirmed) throw new RoError('ERR_RECORD_CHANGED');
  if (step !== null) {
    if (step <= current.lastStep) throw new RoError('ERR_TOTP_REPLAYED');
    return { ...current, lastStep: step };
  }
  const index = findRecoveryCode(current.recoveryCodes, recoveryHash!);
  if (index < 0) throw new RoError('ERR_TOTP_INVALID_CODE');
  return { ...current, recoveryCodes: current.recoveryCodes.filter((_, i) => i !== index) };
}
