/** /create: makes the vault, with its first user as administrator. */
import { callApi } from '../lib/api.js';
import { repeatPasswordField } from '../lib/fields.js';

export default {
  id: 'create-vault',
  tab: 'admin',
  title: 'Create the vault',
  intro: 'Once per server, before anything else. The first user becomes its administrator.',
  submitLabel: 'Create vault',
  busyLabel: 'Creating vault…',
  fields: [
    {
      name: 'Name',
      label: 'Administrator name',
      required: true,
      autocomplete: 'username',
      remember: 'name',
    },
    {
      name: 'Password',
      label: 'Password',
      kind: 'password',
      required: true,
      autocomplete: 'new-password',
    },
    repeatPasswordField('Password'),
  ],
  async run(values) {
    await callApi('/create', { Name: values.Name, Password: values.Password });
    return `Created the vault, with ${values.Name} as its administrator.`;
  },
};
