/** /encrypt: text or a file into a blob that only the chosen owners can open together. */
import { callApi } from '../lib/api.js';
import { accessField } from '../lib/access.js';
import { blobFileName, showBlob } from '../lib/blob.js';
import { bytesToBase64 } from '../lib/bytes.js';
import { formatSize } from '../lib/dom.js';
import { credentialFields, listOrNothing } from '../lib/fields.js';
import { sourceBytes, sourceField } from '../lib/source.js';

export default {
  id: 'encrypt',
  tab: 'encrypt',
  title: 'Encrypt',
  intro: 'Seals text or a file so that it opens only when enough of its owners have delegated.',
  submitLabel: 'Encrypt',
  busyLabel: 'Encrypting…',
  fields: [
    ...credentialFields(),
    accessField(),
    {
      name: 'Labels',
      label: 'Labels',
      kind: 'list',
      hint: 'Only delegations with one of these labels can open it.',
    },
    {
      name: 'Usages',
      label: 'Usages',
      kind: 'list',
      hint: 'e.g. decrypt, ssh-sign-with. Empty means decrypt only.',
    },
    sourceField({
      name: 'Data',
      legend: 'What to encrypt',
      textLabel: 'Text',
      fileLabel: 'Choose a file',
    }),
  ],
  async run(values, ui) {
    const bytes = await sourceBytes(values.Data);
    const reply = await callApi('/encrypt', {
      Name: values.Name,
      Password: values.Password,
      ...values.Access.request,
      Labels: listOrNothing(values.Labels),
      Usages: listOrNothing(values.Usages),
      Data: bytesToBase64(bytes),
    });
    const sourceName = values.Data.file?.name;
    showBlob(ui.result, reply.Response, blobFileName(sourceName));
    const what = sourceName
      ? `${sourceName} (${formatSize(bytes.length)})`
      : `the text (${formatSize(bytes.length)})`;
    return `Encrypted ${what} for ${values.Access.sentence}.`;
  },
};
