import { defineRoute, okWithJson, type ReplyBody } from '../route.js';
import { statusRequest } from '../schemas/requests.js';

/** The reply of /status, /restore and /reset-persisted: the state inside the envelope. */
export function stateReply(state: string): ReplyBody {
  return okWithJson({ Status: state });
}

/** /status: the delegation persistence state: disabled, inactive or active. */
export default defineRoute({
  path: '/status',
  audited: false,
  body: statusRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password);
    return stateReply(services.persistence.state);
  },
});
