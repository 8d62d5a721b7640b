/**
 * /re-encrypt: opens a blob with its owners' delegations and seals the same
 * content for new owners, without the content ever reaching this page.
 */
import { callApi } from '../lib/api.js';
import { accessField } from '../lib/access.js';
import { blobFileName, readBlob, showBlob } from '../lib/blob.js';
import { nameWithoutBlobSuffix } from '../lib/download.js';
import { credentialFields, listOrNothing } from '../lib/fields.js';
import { sourceField } from '../lib/source.js';

export default {
  id: 're-encrypt',
  tab: 'blobs',
  title: 'Re-encrypt for new owners',
  intro: 'Needs the same delegations as decrypting. The blob keeps its usages.',
  submitLabel: 'Re-encrypt',
  busyLabel: 'Re-encrypting…',
  fields: [
    ...credentialFields(),
    sourceField({
      name: 'Data',
      legend: 'Blob to re-encrypt',
      textLabel: 'Blob (base64)',
      fileLabel: 'Choose a .ro file',
      accept: '.ro,text/plain',
      rows: 3,
    }),
    accessField(),
    { name: 'Labels', label: 'New labels', kind: 'list', hint: 'Labels separated by commas.' },
  ],
  async run(values, ui) {
    const reply = await callApi('/re-encrypt', {
      Name: values.Name,
      Password: values.Password,
      Data: await readBlob(values.Data),
      ...values.Access.request,
      Labels: listOrNothing(values.Labels),
    });
    const sourceName = nameWithoutBlobSuffix(values.Data.file?.name, null);
    showBlob(ui.result, reply.Response, blobFileName(sourceName));
    return `Re-encrypted the blob for ${values.Access.sentence}.`;
  },
};
