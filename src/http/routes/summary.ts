import { goMap, type GoJsonValue } from '../../codec/go-json.js';
import { summaryKey } from '../../delegation/delegation-cache.js';
import { RoError } from '../../errors.js';
import { delegationTerms } from '../../persist/persisted-delegations.js';
import { defineRoute, type Services } from '../route.js';
import { summaryRequest } from '../schemas/requests.js';

function liveDelegations(services: Services): Record<string, GoJsonValue> {
  const entries = services.delegations.list().map((delegation): [string, GoJsonValue] => [
    summaryKey(delegation.name, delegation.slot),
    delegationTerms(delegation),
  ]);
  return goMap(entries);
}

/** /summary: live delegations (never key material) and every user. */
export default defineRoute({
  path: '/summary',
  audited: false,
  body: summaryRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    services.delegations.refresh();
    if (!services.vault.isCreated) throw new RoError('ERR_VAULT_NOT_CREATED_SUMMARY');
    await services.vault.authenticate(body.Name, body.Password);

    const users = [...services.vault.summary()].map(([name, user]): [string, GoJsonValue] => [
      name,
      { Admin: user.admin, Type: user.type },
    ]);
    return { Status: 'ok', State: services.persistence.state, Live: liveDelegations(services), All: goMap(users) };
  },
});
