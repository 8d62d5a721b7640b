import { encodeGoJson } from '../../codec/go-json.js';
import { defineRoute, okWithResponse } from '../route.js';
import { statusRequest } from '../schemas/requests.js';

// TODO(#4): report the persistence store's real state once persistence lands.
export const PERSISTENCE_STATE = 'disabled';

/** /status: the delegation persistence state. */
export default defineRoute({
  path: '/status',
  body: statusRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password);
    return okWithResponse(Buffer.from(encodeGoJson({ Status: PERSISTENCE_STATE })));
  },
});
