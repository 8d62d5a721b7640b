/** /password: reseals your key under a new password. */
import { callApi } from '../lib/api.js';
import { codeField, credentialFields, repeatPasswordField } from '../lib/fields.js';

const [name, current] = credentialFields();

export default {
  id: 'password',
  tab: 'users',
  title: 'Change your password',
  intro: 'Your live delegations stay as they are.',
  submitLabel: 'Change password',
  busyLabel: 'Changing password…',
  fields: [
    name,
    { ...current, label: 'Current password' },
    codeField(),
    {
      name: 'NewPassword',
      label: 'New password',
      kind: 'password',
      required: true,
      autocomplete: 'new-password',
    },
    repeatPasswordField('NewPassword', 'Repeat the new password'),
  ],
  async run(values) {
    await callApi('/password', {
      Name: values.Name,
      Password: values.Password,
      NewPassword: values.NewPassword,
      Code: values.Code || undefined,
    });
    return `Changed the password of ${values.Name}.`;
  },
};
