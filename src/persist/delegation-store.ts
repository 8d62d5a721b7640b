/**
 * Where persisted delegations are kept: the original's "file" mechanism (the
 * sealed blob as raw JSON at `location`), written atomically with mode 0600.
 */
import { unlink } from 'node:fs/promises';

import { readFileIfExists, writeFileAtomic } from '../atomic-file.js';

export interface DelegationStore {
  readonly location: string;
  /** The stored blob, or null when there is none (or it is empty). */
  load(): Promise<Buffer | null>;
  save(blob: Buffer): Promise<void>;
  /** Deletes the stored blob; no error if there was none. */
  remove(): Promise<void>;
}

export class FileDelegationStore implements DelegationStore {
  constructor(readonly location: string) {}

  async load(): Promise<Buffer | null> {
    const bytes = await readFileIfExists(this.location);
    return bytes === null || bytes.length === 0 ? null : bytes;
  }

  save(blob: Buffer): Promise<void> {
    return writeFileAtomic(this.location, blob);
  }

  async remove(): Promise<void> {
    await unlink(this.location).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
