/** /create-user: a new user with a fresh key pair, sealed under their password. */
import { callApi } from '../lib/api.js';
import { repeatPasswordField } from '../lib/fields.js';

export default {
  id: 'create-user',
  tab: 'users',
  title: 'Create a user',
  intro: 'Each person makes their own account and chooses its password.',
  submitLabel: 'Create user',
  busyLabel: 'Creating user…',
  fields: [
    {
      name: 'Name',
      label: 'Name',
      required: true,
      autocomplete: 'username',
      hint: 'Letters, digits, "-" and "_"; starts with a letter or digit.',
    },
    {
      name: 'Password',
      label: 'Password',
      kind: 'password',
      required: true,
      autocomplete: 'new-password',
    },
    repeatPasswordField('Password'),
    {
      name: 'UserType',
      label: 'Key type',
      kind: 'select',
      value: 'RSA',
      options: [
        { value: 'RSA', label: 'RSA (2048-bit)' },
        { value: 'ECC', label: 'ECC (P-256)' },
      ],
    },
    {
      name: 'AdminName',
      label: 'Administrator name',
      autocomplete: 'off',
      hint: 'Only where the server lets administrators alone create users.',
    },
    { name: 'AdminPassword', label: 'Administrator password', kind: 'password' },
  ],
  async run(values) {
    await callApi('/create-user', {
      Name: values.Name,
      Password: values.Password,
      UserType: values.UserType,
      AdminName: values.AdminName || undefined,
      AdminPassword: values.AdminPassword || undefined,
    });
    return `Created user ${values.Name} with an ${values.UserType} key.`;
  },
};
