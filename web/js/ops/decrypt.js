/**
 * /decrypt: opens a blob with its owners' delegations. The plaintext is shown
 * when it is text and offered as a download either way; "Clear" removes it
 * from the page.
 */
import { callApi } from '../lib/api.js';
import { insecureWarning, readBlob } from '../lib/blob.js';
import { base64ToBytes, bytesAsText, decodeJsonResponse } from '../lib/bytes.js';
import { formatSize, h, joinNames, uniqueId } from '../lib/dom.js';
import { nameWithoutBlobSuffix, saveBytes } from '../lib/download.js';
import { credentialFields } from '../lib/fields.js';
import { sourceField } from '../lib/source.js';

/** Decrypted text longer than this is offered as a download only. */
const SHOW_LIMIT = 200_000;

export default {
  id: 'decrypt',
  tab: 'decrypt',
  title: 'Decrypt',
  intro:
    'Opens a blob once enough of its owners have delegated. Each decryption spends one use of their delegations.',
  submitLabel: 'Decrypt',
  busyLabel: 'Decrypting…',
  fields: [
    ...credentialFields(),
    sourceField({
      name: 'Data',
      legend: 'Blob to decrypt',
      textLabel: 'Blob (base64)',
      fileLabel: 'Choose a .ro file',
      accept: '.ro,text/plain',
    }),
  ],
  async run(values, ui) {
    const blob = await readBlob(values.Data);
    const reply = await callApi('/decrypt', {
      Name: values.Name,
      Password: values.Password,
      Data: blob,
    });
    const decrypted = decodeJsonResponse(reply.Response);
    const plaintext = base64ToBytes(decrypted.Data ?? '');
    const fileName = nameWithoutBlobSuffix(values.Data.file?.name, 'decrypted.bin');

    showPlaintext(ui.result, plaintext, fileName, decrypted.Secure);
    const delegates = decrypted.Delegates?.length
      ? ` with the delegations of ${joinNames(decrypted.Delegates)}`
      : '';
    return `Decrypted ${formatSize(plaintext.length)}${delegates}.`;
  },
};

function showPlaintext(container, plaintext, fileName, secure) {
  const text = plaintext.length <= SHOW_LIMIT ? bytesAsText(plaintext) : null;
  const id = uniqueId('plaintext');
  const download = h('button', {
    type: 'button',
    class: 'button button--primary',
    text: `Download ${fileName}`,
  });
  download.addEventListener('click', () => saveBytes(plaintext, fileName));
  const clear = h('button', { type: 'button', class: 'button', text: 'Clear' });
  clear.addEventListener('click', () => {
    plaintext.fill(0);
    container.replaceChildren(h('p', { class: 'empty', text: 'Cleared.' }));
  });

  if (secure === false) container.append(insecureWarning());
  container.append(
    text === null
      ? h('p', { text: `${formatSize(plaintext.length)} of binary data.` })
      : h(
          'div',
          { class: 'field' },
          h('label', { for: id, text: 'Decrypted text' }),
          h('textarea', { id, rows: 5, readOnly: true, spellcheck: 'false', value: text }),
        ),
    h('div', { class: 'actions' }, download, clear),
  );
}
