/** /withdraw: an owner takes back their own delegations, all or some, before they run out. */
import { callApi, InputError } from '../lib/api.js';
import { decodeJsonResponse } from '../lib/bytes.js';
import { codeField, credentialFields } from '../lib/fields.js';

// What each choice sends as Slots: none (all of them), the unnamed slot, or the listed ones.
const SLOTS_FOR = {
  all: () => undefined,
  unnamed: () => [''],
  listed: (slots) => {
    if (slots.length === 0) throw new InputError('Name the slots to take back, separated by commas.');
    return slots;
  },
};

export default {
  id: 'withdraw',
  tab: 'delegate',
  title: 'Take back your delegations',
  intro: 'Ends your own delegations now, whatever uses and time they had left.',
  submitLabel: 'Take back',
  busyLabel: 'Taking back…',
  fields: [
    ...credentialFields(),
    codeField(),
    {
      name: 'Which',
      label: 'Which delegations',
      kind: 'select',
      value: 'all',
      options: [
        { value: 'all', label: 'All of mine' },
        { value: 'unnamed', label: 'The one without a slot name' },
        { value: 'listed', label: 'Only the slots below' },
      ],
    },
    {
      name: 'Slots',
      label: 'Slots',
      kind: 'list',
      hint: 'Slot names separated by commas, for "Only the slots below".',
    },
  ],
  async run(values) {
    const reply = await callApi('/withdraw', {
      Name: values.Name,
      Password: values.Password,
      Code: values.Code || undefined,
      Slots: SLOTS_FOR[values.Which](values.Slots),
    });
    const { Withdrawn } = decodeJsonResponse(reply.Response);
    if (Withdrawn.length === 0) return 'Nothing to take back: none of those delegations was live.';
    const count = `${Withdrawn.length} delegation${Withdrawn.length === 1 ? '' : 's'}`;
    return `Took back ${count}: ${Withdrawn.join(', ')}.`;
  },
};
