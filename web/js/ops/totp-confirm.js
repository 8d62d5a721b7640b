/**
 * /totp-confirm: the first code from the app turns the authenticator on. The
 * recovery codes that come back are shown this once, with a download.
 */
import { callApi } from '../lib/api.js';
import { decodeJsonResponse, textToBytes } from '../lib/bytes.js';
import { h } from '../lib/dom.js';
import { saveBytes } from '../lib/download.js';
import { codeField, credentialFields } from '../lib/fields.js';

export default {
  id: 'totp-confirm',
  tab: 'authenticator',
  title: 'Confirm the authenticator',
  intro: 'Enter the code your app shows to finish adding it.',
  submitLabel: 'Confirm',
  busyLabel: 'Confirming…',
  fields: [...credentialFields(), codeField({ required: true })],
  async run(values, ui) {
    const reply = await callApi('/totp-confirm', {
      Name: values.Name,
      Password: values.Password,
      Code: values.Code,
    });
    const codes = decodeJsonResponse(reply.Response).RecoveryCodes;
    const download = h('button', {
      type: 'button',
      class: 'button',
      text: 'Download the recovery codes',
    });
    const text = `Red October recovery codes for ${values.Name}\n\n${codes.join('\n')}\n`;
    download.addEventListener('click', () =>
      saveBytes(textToBytes(text), `recovery-codes-${values.Name}.txt`, 'text/plain'),
    );
    ui.result.append(
      h(
        'p',
        { class: 'warning' },
        'Keep these recovery codes somewhere safe: each works once in place of a code from the app. They are not shown again.',
      ),
      h(
        'ol',
        { class: 'recovery-codes' },
        codes.map((code) => h('li', { text: code })),
      ),
      h('div', { class: 'actions' }, download),
    );
    return `The authenticator of ${values.Name} is on.`;
  },
};
