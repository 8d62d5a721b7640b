/**
 * /totp-enroll: starts adding an authenticator app. Shows the QR code to scan
 * and, for apps without a camera, the secret and its otpauth link as text.
 * Nothing is asked for until the first code is confirmed (totp-confirm.js).
 */
import { callApi } from '../lib/api.js';
import { decodeJsonResponse } from '../lib/bytes.js';
import { h } from '../lib/dom.js';
import { credentialFields } from '../lib/fields.js';

export default {
  id: 'totp-enroll',
  tab: 'authenticator',
  title: 'Add an authenticator',
  intro:
    'Once added, delegating, restoring and changing your password also need the code your authenticator app shows.',
  submitLabel: 'Show the QR code',
  busyLabel: 'Preparing…',
  fields: credentialFields(),
  async run(values, ui) {
    const reply = await callApi('/totp-enroll', { Name: values.Name, Password: values.Password });
    const enrolment = decodeJsonResponse(reply.Response);
    // Only the server's own SVG data URL goes into src; the CSP allows data: for images only.
    if (!/^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$/.test(enrolment.QRCode)) {
      throw new Error('the server sent a QR code that is not an SVG data URL');
    }
    ui.result.append(
      h('img', {
        class: 'qr-code',
        src: enrolment.QRCode,
        alt: `QR code that adds ${values.Name} to an authenticator app`,
        width: 220,
        height: 220,
      }),
      h(
        'dl',
        { class: 'facts' },
        h('dt', { text: 'Secret' }),
        h('dd', { class: 'blob-text', text: enrolment.Secret, dataset: { totp: 'secret' } }),
        h('dt', { text: 'Link' }),
        h('dd', { class: 'blob-text', text: enrolment.URI, dataset: { totp: 'uri' } }),
      ),
    );
    return 'Scan the QR code (or type the secret) in your authenticator app, then confirm it below with the code it shows.';
  },
};
