import type { Decoded } from '../../codec/go-struct.js';
import type { AccessRequest } from '../../cryptor/cryptor.js';
import { RoError } from '../../errors.js';
import { defineRoute, okWithResponse } from '../route.js';
import { encryptRequest } from '../schemas/requests.js';

export function accessOf(body: Decoded<typeof encryptRequest.fields>): AccessRequest {
  return {
    minimum: body.Minimum,
    owners: body.Owners ?? [],
    leftOwners: body.LeftOwners ?? [],
    rightOwners: body.RightOwners ?? [],
    predicate: body.Predicate,
  };
}

/** /encrypt: seals Data for an access structure; any user may encrypt. */
export default defineRoute({
  path: '/encrypt',
  body: encryptRequest,
  async handle(body, { services, actAs, maxPayloadBytes }) {
    actAs(body.Name);
    await services.vault.authenticate(body.Name, body.Password);
    if (body.Data.length > maxPayloadBytes) {
      const status = `Data too large: ${body.Data.length} bytes, and this server decrypts at most ${maxPayloadBytes}`;
      throw new RoError('ERR_PAYLOAD_TOO_LARGE', status);
    }
    const blob = await services.cryptor.encrypt(body.Data, accessOf(body), body.Labels ?? [], body.Usages ?? []);
    return okWithResponse(blob);
  },
});
