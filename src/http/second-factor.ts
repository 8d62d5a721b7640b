/**
 * Where the HTTP layer asks for the TOTP second factor. /delegate, /restore
 * and /password call requireSecondFactor themselves; with the `all` policy,
 * the app calls enforceSecondFactor before every other authenticated route.
 * Either way the kind of code spent goes into the request's audit entry.
 */
import type { SpentFactor } from '../second-factor/second-factor.js';
import type { ApiRoute, RouteContext, Services } from './route.js';

/** Routes that make the check themselves, or that an unenrolled user needs in order to enrol. */
const SELF_CHECKING_ROUTES = new Set([
  '/delegate',
  '/restore',
  '/password',
  '/totp-enroll',
  '/totp-confirm',
  '/totp-disable',
]);

interface Credentials {
  Name: string;
  Password: string;
  Code: string;
}

/**
 * The check a route makes before its operation (see SecondFactor.check);
 * `lendsKey` for calls that hand the user's key to the server.
 */
export async function requireSecondFactor(
  body: Credentials,
  context: Pick<RouteContext, 'services' | 'audit'>,
  lendsKey: boolean,
): Promise<void> {
  const spent = await context.services.secondFactor.check({
    name: body.Name,
    password: body.Password,
    code: body.Code,
    lendsKey,
  });
  if (spent !== null) context.audit({ secondFactor: spent });
}

/**
 * For the app, with `totp.required_for: "all"`: checks the second factor of
 * any other authenticated route, from its decoded body. Call it after the
 * brute-force guard and before `route.handle`, inside the same try, so that
 * a wrong code is answered (and counted) like a wrong password. Does nothing
 * under the default policy. Returns the factor spent, for the audit entry.
 */
export async function enforceSecondFactor(
  route: ApiRoute,
  body: Record<string, unknown>,
  services: Services,
): Promise<SpentFactor> {
  const { secondFactor } = services;
  if (secondFactor.policy.requiredFor !== 'all') return null;
  if (route.authenticates === false || SELF_CHECKING_ROUTES.has(route.path)) return null;
  return secondFactor.check({
    name: textField(body.Name),
    password: textField(body.Password),
    code: textField(body.Code),
    lendsKey: false,
  });
}

function textField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
