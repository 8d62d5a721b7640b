/**
 * /ssh-sign-with: the server opens a blob holding an SSH private key (its
 * usages must include "ssh-sign-with") and signs data with it; the key never
 * leaves the server.
 */
import { callApi } from '../lib/api.js';
import { insecureWarning, readBlob } from '../lib/blob.js';
import { base64ToBytes, bytesToBase64, decodeJsonResponse } from '../lib/bytes.js';
import { h, joinNames, uniqueId } from '../lib/dom.js';
import { saveBytes } from '../lib/download.js';
import { credentialFields } from '../lib/fields.js';
import { sourceBytes, sourceField } from '../lib/source.js';

export default {
  id: 'ssh-sign',
  tab: 'blobs',
  title: 'Sign with an SSH key',
  intro:
    'For a blob that holds an SSH private key and allows the "ssh-sign-with" usage. The key stays on the server; you get the signature.',
  submitLabel: 'Sign',
  busyLabel: 'Signing…',
  fields: [
    ...credentialFields(),
    sourceField({
      name: 'Data',
      legend: 'Blob with the SSH key',
      textLabel: 'Key blob (base64)',
      fileLabel: 'Choose a .ro file',
      accept: '.ro,text/plain',
      rows: 3,
    }),
    sourceField({
      name: 'TBSData',
      legend: 'Data to sign',
      textLabel: 'Text to sign',
      fileLabel: 'Choose a file',
      rows: 3,
    }),
    {
      name: 'Algorithm',
      label: 'RSA signature algorithm',
      kind: 'select',
      value: '',
      hint: 'Only for RSA keys; ssh-rsa is what the original server used.',
      options: [
        { value: '', label: 'ssh-rsa (SHA-1)' },
        { value: 'rsa-sha2-256', label: 'rsa-sha2-256' },
        { value: 'rsa-sha2-512', label: 'rsa-sha2-512' },
      ],
    },
  ],
  async run(values, ui) {
    const reply = await callApi('/ssh-sign-with', {
      Name: values.Name,
      Password: values.Password,
      Data: await readBlob(values.Data),
      TBSData: bytesToBase64(await sourceBytes(values.TBSData)),
      Algorithm: values.Algorithm || undefined,
    });
    const signed = decodeJsonResponse(reply.Response);
    showSignature(ui.result, signed, values.TBSData.file?.name);
    const delegates = signed.Delegates?.length
      ? ` with the delegations of ${joinNames(signed.Delegates)}`
      : '';
    return `Signed${delegates}: ${signed.SignatureFormat} signature.`;
  },
};

function showSignature(container, signed, sourceName) {
  const id = uniqueId('signature');
  const bytes = base64ToBytes(signed.Signature ?? '');
  const name = `${sourceName ?? 'data'}.sig`;
  const download = h('button', {
    type: 'button',
    class: 'button button--primary',
    text: `Download ${name}`,
  });
  download.addEventListener('click', () => saveBytes(bytes, name));
  if (signed.Secure === false) container.append(insecureWarning());
  container.append(
    h(
      'dl',
      { class: 'facts' },
      h('dt', { text: 'Format' }),
      h('dd', { text: signed.SignatureFormat }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: id, text: 'Signature (base64)' }),
      h('textarea', {
        id,
        class: 'blob-text',
        rows: 3,
        readOnly: true,
        spellcheck: 'false',
        value: signed.Signature ?? '',
      }),
    ),
    h('div', { class: 'actions' }, download),
  );
}
