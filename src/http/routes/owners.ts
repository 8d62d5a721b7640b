import { defineRoute } from '../route.js';
import { ownersRequest } from '../schemas/requests.js';

/** /owners: who can open a blob, its labels and predicate; no credentials needed. */
export default defineRoute({
  path: '/owners',
  authenticates: false,
  audited: false,
  body: ownersRequest,
  async handle(body, { services }) {
    const { owners, labels, predicate } = await services.cryptor.owners(body.Data);
    return {
      Status: 'ok',
      Owners: owners.length > 0 ? owners : null,
      Labels: labels.length > 0 ? labels : null,
      Predicate: predicate,
    };
  },
});
