import { RoError } from '../../errors.js';
import { defineRoute, ok } from '../route.js';
import { purgeRequest } from '../schemas/requests.js';

/** /purge (admin): drops every live delegation. */
export default defineRoute({
  path: '/purge',
  body: purgeRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    if (!services.vault.isCreated) throw new RoError('ERR_VAULT_NOT_CREATED_SUMMARY');
    await services.vault.authenticate(body.Name, body.Password, { admin: true });
    services.delegations.purge();
    return ok();
  },
});
