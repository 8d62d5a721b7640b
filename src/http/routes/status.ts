import { encodeGoJson } from '../../codec/go-json.js';
import { defineRoute, okWithResponse } from '../route.js';
import { statusRequest } from '../schemas/requests.js';

export function stateResponse(state: string): Buffer {
  return Buffer.from(encodeGoJson({ Status: state }));
}

/** /status: the delegation persistence state: disabled, inactive or active. */
export default defineRoute({
  path: '/status',
  audited: false,
  body: statusRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password);
    return okWithResponse(stateResponse(services.persistence.state));
  },
});
