import { DurationError, parseGoDuration } from '../../codec/go-duration.js';
import { formatRfc3339Nano } from '../../delegation/clock.js';
import { delegate } from '../../delegation/delegate.js';
import { RoError } from '../../errors.js';
import { checkPasswordLength, validateNameAndPassword } from '../../vault/vault.js';
import { defineRoute, ok } from '../route.js';
import { requireSecondFactor } from '../second-factor.js';
import { delegateRequest } from '../schemas/requests.js';

/** Parses Time (or /order's Duration); unlike the original, refuses zero and negative durations. */
export function parseDelegationTime(time: string, field: 'Time' | 'Duration' = 'Time'): bigint {
  let durationNs: bigint;
  try {
    durationNs = parseGoDuration(time);
  } catch (error) {
    if (error instanceof DurationError) throw new RoError('ERR_INVALID_DURATION', error.message);
    throw error;
  }
  if (durationNs <= 0n) throw new RoError('ERR_INVALID_TIME', `${field} must be a positive duration`);
  return durationNs;
}

/**
 * /delegate: an owner leaves their unlocked key for Uses decryptions within
 * Time, optionally only for some Users and Labels, in a named Slot.
 */
export default defineRoute({
  path: '/delegate',
  body: delegateRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    audit({ uses: body.Uses, duration: body.Time, slot: body.Slot, users: body.Users, labels: body.Labels });
    const { vault, delegations } = services;
    if (!vault.isCreated) throw new RoError('ERR_VAULT_NOT_CREATED');
    validateNameAndPassword(body.Name, body.Password);
    // The original accepted Uses 0 or below and then allowed one use anyway.
    if (body.Uses < 1) throw new RoError('ERR_INVALID_USES');
    const durationNs = parseDelegationTime(body.Time);
    if (!vault.hasUser(body.Name)) {
      // Delegating under a new name creates that user, unless only admins may register.
      if (services.registration.adminOnly) throw new RoError('ERR_USER_NOT_PRESENT');
      checkPasswordLength(body.Password, services.registration.minPasswordLength);
    }
    const unknownUsers = (body.Users ?? []).filter((user) => !vault.hasUser(user));
    if (unknownUsers.length > 0) {
      throw new RoError('ERR_USERS_NOT_PRESENT', `User(s) not present: ${unknownUsers.join(', ')}`);
    }
    await requireSecondFactor(body, { services, audit }, true);

    const delegation = await delegate(vault, delegations, {
      name: body.Name,
      password: body.Password,
      uses: body.Uses,
      durationNs,
      slot: body.Slot,
      users: body.Users,
      labels: body.Labels,
    });
    services.orders.recordDelegation(delegation, body.Time);
    audit({ expiry: formatRfc3339Nano(delegation.expiresAtNs) });
    return ok();
  },
});
