import QRCode from 'qrcode';

import { defineRoute, okWithJson } from '../route.js';
import { totpEnrollRequest } from '../schemas/requests.js';

/**
 * /totp-enroll (ours): starts enrolling a TOTP authenticator. Response:
 * {"URI": "otpauth://totp/...", "Secret": "<base32>", "QRCode": "data:image/svg+xml;base64,..."};
 * nothing is enforced until /totp-confirm accepts a first code.
 */
export default defineRoute({
  path: '/totp-enroll',
  body: totpEnrollRequest,
  async handle(body, { services, actAs }) {
    actAs(body.Name);
    const enrolment = await services.secondFactor.enrol(body.Name, body.Password);
    // SVG, not PNG: small, sharp at any size, and an <img> never runs what it holds.
    const svg = await QRCode.toString(enrolment.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    const reply = {
      URI: enrolment.uri,
      Secret: enrolment.secret,
      QRCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    };
    return okWithJson(reply);
  },
});
