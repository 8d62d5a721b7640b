import { defineRoute, okWithResponse } from '../route.js';
import { purgeRequest } from '../schemas/requests.js';
import { stateResponse } from './status.js';

/** /reset-persisted (admin): deletes the persisted delegations; the store becomes active. */
export default defineRoute({
  path: '/reset-persisted',
  body: purgeRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password, { admin: true });
    return okWithResponse(stateResponse(await services.persistence.reset()));
  },
});
