import { GoStruct } from '../../codec/go-struct.js';
import { RoError } from '../../errors.js';
import { defineRoute, type ApiRoute } from '../route.js';

const anyBody = new GoStruct('core.Request', { Name: 'string' });

/**
 * Endpoints of the original whose features are still to come. They answer a
 * clear status instead of the web page, so a client knows what happened.
 */
// TODO(#4): the order endpoints.
export const pendingRoutes: ApiRoute[] = ['/order', '/orderout', '/orderinfo', '/ordercancel'].map(
  (path) =>
    defineRoute({
      path,
      body: anyBody,
      async handle() {
        throw new RoError('ERR_NOT_IMPLEMENTED', `not implemented: ${path}`);
      },
    }),
);
