import { encodeGoJson, goMap, RawJson, type GoJsonValue } from '../../codec/go-json.js';
import { summaryKey } from '../../delegation/delegation-cache.js';
import { RoError } from '../../errors.js';
import { delegationTerms } from '../../persist/persisted-delegations.js';
import { defineRoute, type Services } from '../route.js';
import { summaryRequest } from '../schemas/requests.js';

/**
 * `encode` of `source`, kept until `source.version` moves: a thousand live
 * delegations or ten thousand users took milliseconds of the event loop to
 * encode, on every /summary, while they change far less often than it is asked.
 */
function encodedOnce<S extends { readonly version: number }>(encode: (source: S) => GoJsonValue) {
  const kept = new WeakMap<S, { version: number; json: RawJson }>();
  return (source: S): RawJson => {
    const entry = kept.get(source);
    if (entry !== undefined && entry.version === source.version) return entry.json;
    const json = new RawJson(encodeGoJson(encode(source)));
    kept.set(source, { version: source.version, json });
    return json;
  };
}

const liveDelegations = encodedOnce((delegations: Services['delegations']) =>
  goMap(
    delegations.list().map((delegation): [string, GoJsonValue] => [
      summaryKey(delegation.name, delegation.slot),
      delegationTerms(delegation),
    ]),
  ),
);

const allUsers = encodedOnce((vault: Services['vault']) =>
  goMap([...vault.summary()].map(([name, user]): [string, GoJsonValue] => [name, { Admin: user.admin, Type: user.type }])),
);

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

    return {
      Status: 'ok',
      State: services.persistence.state,
      Live: liveDelegations(services.delegations),
      All: allUsers(services.vault),
    };
  },
});
