/** /modify (administrators): make another user an administrator, revoke that, or delete them. */
import { callApi } from '../lib/api.js';
import { credentialFields } from '../lib/fields.js';

const OUTCOMES = {
  admin: (user) => `${user} is now an administrator.`,
  revoke: (user) => `${user} is no longer an administrator.`,
  delete: (user) => `Deleted user ${user}.`,
};

export default {
  id: 'modify',
  tab: 'admin',
  title: 'Change a user',
  intro: 'Make a user an administrator, take that back, or delete the user and their delegations.',
  submitLabel: 'Apply',
  busyLabel: 'Applying…',
  fields: [
    ...credentialFields({ who: 'Administrator name' }),
    { name: 'ToModify', label: 'User to change', required: true },
    {
      name: 'Command',
      label: 'Change',
      kind: 'select',
      value: 'admin',
      options: [
        { value: 'admin', label: 'Make administrator' },
        { value: 'revoke', label: 'Revoke administrator' },
        { value: 'delete', label: 'Delete user' },
      ],
    },
  ],
  confirm: (values) =>
    values.Command === 'delete'
      ? `Delete ${values.ToModify}? Blobs that need their key can no longer be opened with it.`
      : null,
  async run(values) {
    await callApi('/modify', {
      Name: values.Name,
      Password: values.Password,
      ToModify: values.ToModify,
      Command: values.Command,
    });
    return OUTCOMES[values.Command](values.ToModify);
  },
};
