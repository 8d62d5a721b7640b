/** /owners: who can open a blob, and its labels; no password needed. */
import { callApi } from '../lib/api.js';
import { readBlob } from '../lib/blob.js';
import { h, joinNames } from '../lib/dom.js';
import { sourceField } from '../lib/source.js';

export default {
  id: 'owners',
  tab: 'blobs',
  title: 'Owners of a blob',
  intro: 'Shows who can open a blob and its labels, without decrypting it.',
  submitLabel: 'Show owners',
  busyLabel: 'Reading…',
  fields: [
    sourceField({
      name: 'Data',
      legend: 'Blob',
      textLabel: 'Blob (base64)',
      fileLabel: 'Choose a .ro file',
      accept: '.ro,text/plain',
      rows: 3,
    }),
  ],
  async run(values, ui) {
    const reply = await callApi('/owners', { Data: await readBlob(values.Data) });
    const owners = reply.Owners ?? [];
    ui.result.append(
      h(
        'dl',
        { class: 'facts' },
        h('dt', { text: 'Owners' }),
        h('dd', { text: owners.length > 0 ? joinNames(owners) : 'none listed' }),
        h('dt', { text: 'Labels' }),
        h('dd', { text: reply.Labels?.length ? joinNames(reply.Labels) : 'none' }),
        reply.Predicate
          ? [h('dt', { text: 'Predicate' }), h('dd', { text: reply.Predicate })]
          : null,
      ),
    );
    return `This blob has ${owners.length} owner${owners.length === 1 ? '' : 's'}.`;
  },
};
