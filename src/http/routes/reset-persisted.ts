import { defineRoute } from '../route.js';
import { purgeRequest } from '../schemas/requests.js';
import { stateReply } from './status.js';

/** /reset-persisted (admin): deletes the persisted delegations; the store becomes active. */
export default defineRoute({
  path: '/reset-persisted',
  body: purgeRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password, { admin: true });
    return stateReply(await services.persistence.reset());
  },
});
