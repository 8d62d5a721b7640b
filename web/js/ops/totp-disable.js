/** /totp-disable: removes your authenticator, with one last code (or a recovery code). */
import { callApi } from '../lib/api.js';
import { codeField, credentialFields } from '../lib/fields.js';

export default {
  id: 'totp-disable',
  tab: 'authenticator',
  title: 'Remove the authenticator',
  intro: 'Afterwards your password alone is enough again, unless this server requires an authenticator.',
  submitLabel: 'Remove',
  busyLabel: 'Removing…',
  fields: [
    ...credentialFields(),
    {
      ...codeField(),
      hint: 'The 6-digit code your app shows, or a recovery code. Not needed for an unconfirmed one.',
    },
  ],
  confirm: (values) => `Remove the authenticator of ${values.Name}?`,
  async run(values) {
    await callApi('/totp-disable', {
      Name: values.Name,
      Password: values.Password,
      Code: values.Code || undefined,
    });
    return `Removed the authenticator of ${values.Name}.`;
  },
};
