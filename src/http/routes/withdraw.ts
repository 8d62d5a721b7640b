import { defineRoute, okWithJson } from '../route.js';
import { withdrawRequest } from '../schemas/requests.js';

/**
 * /withdraw (ours): an owner takes back their own delegations at any time,
 * all of them or only the listed Slots ("" is the unnamed slot). Admins keep
 * /purge for everyone's. Response: {"Withdrawn": ["Bob", "Bob-night"]}.
 */
export default defineRoute({
  path: '/withdraw',
  body: withdrawRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password);
    const withdrawn = services.delegations.removeOwner(body.Name, body.Slots ?? undefined);
    audit({ withdrawn });
    return okWithJson({ Withdrawn: withdrawn });
  },
});
