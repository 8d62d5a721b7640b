import { defineRoute, okWithResponse } from '../route.js';
import { exportRequest } from '../schemas/requests.js';

/** /export (admin): the vault file's exact bytes. */
export default defineRoute({
  path: '/export',
  body: exportRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password, { admin: true });
    return okWithResponse(services.vault.serialize());
  },
});
