import { RoError } from '../../errors.js';
import { defineRoute, ok } from '../route.js';
import { modifyRequest } from '../schemas/requests.js';

/** /modify (admin): make another user admin, revoke their admin flag, or delete them. */
export default defineRoute({
  path: '/modify',
  body: modifyRequest,
  async handle(body, { services, actAs, audit }) {
    actAs(body.Name);
    audit({ target: body.ToModify, command: body.Command });
    const { vault, delegations } = services;
    await vault.authenticate(body.Name, body.Password, { admin: true });
    if (!vault.hasUser(body.ToModify)) throw new RoError('ERR_MODIFY_MISSING');
    if (body.Name === body.ToModify) throw new RoError('ERR_MODIFY_SELF');

    switch (body.Command) {
      case 'admin':
        await vault.setAdmin(body.ToModify, true);
        break;
      case 'revoke':
        await vault.setAdmin(body.ToModify, false);
        break;
      case 'delete':
        await vault.deleteUser(body.ToModify);
        // The original left a deleted user's delegations, and those for them, usable until they ran out.
        delegations.removeUser(body.ToModify);
        break;
      default:
        throw new RoError(
          'ERR_MODIFY_UNKNOWN_COMMAND',
          `core: unknown command '${body.Command}' passed to modify`,
        );
    }
    return ok();
  },
});
