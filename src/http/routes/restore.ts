import { RoError } from '../../errors.js';
import { defineRoute } from '../route.js';
import { restoreRequest } from '../schemas/requests.js';

/** /restore: delegate to the persisted store; without persistence, refused as the original does. */
export default defineRoute({
  path: '/restore',
  body: restoreRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password);
    throw new RoError('ERR_PERSIST_NULL_STORE');
  },
});
