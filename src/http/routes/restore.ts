import { defineRoute } from '../route.js';
import { requireSecondFactor } from '../second-factor.js';
import { restoreRequest } from '../schemas/requests.js';
import { parseDelegationTime } from './delegate.js';
import { stateReply } from './status.js';

/**
 * /restore: a restore user lends their key to reopen the persisted
 * delegations; once enough have, the policy is met and they come back. The
 * reply's Status is the state afterwards (still "inactive" while more are needed).
 */
export default defineRoute({
  path: '/restore',
  body: restoreRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    const { vault, persistence } = services;
    await vault.authenticate(body.Name, body.Password);
    const active = persistence.state === 'active';
    const durationNs = active || persistence.state === 'disabled' ? 0n : parseDelegationTime(body.Time);
    // Asked even when there is nothing left to restore, so the answer tells nothing to one without the code.
    await requireSecondFactor(body, { services, audit }, true);
    if (active) return stateReply('active');
    const state = await persistence.restore(body.Name, body.Password, durationNs);
    audit({ state });
    return stateReply(state);
  },
});
