import { encodeGoJson } from '../../codec/go-json.js';
import { defineRoute, okWithResponse } from '../route.js';
import { purgeRequest } from '../schemas/requests.js';
import { PERSISTENCE_STATE } from './status.js';

/** /reset-persisted (admin): clears persisted delegations; without persistence, a no-op. */
export default defineRoute({
  path: '/reset-persisted',
  body: purgeRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password, { admin: true });
    return okWithResponse(Buffer.from(encodeGoJson({ Status: PERSISTENCE_STATE })));
  },
});
