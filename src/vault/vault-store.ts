/**
 * Where the vault's bytes live. The JSON file is the default; the interface is
 * kept to these two calls so that a shared database backend (several replicas
 * behind one vault) can be added without touching the vault logic.
 */
import { constants } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { randomKey } from '../crypto/random.js';

export interface VaultStore {
  /** Where the vault lives, for messages and logs. */
  readonly location: string;
  /** The stored bytes, or null when no vault has been written yet. */
  load(): Promise<Buffer | null>;
  /** Replaces the stored bytes; on failure the previous bytes are intact. */
  save(contents: Buffer): Promise<void>;
}

/** The literal path `memory`: a vault that lives and dies with the process. */
export class MemoryVaultStore implements VaultStore {
  readonly location = 'memory';
  private contents: Buffer | null = null;

  async load(): Promise<Buffer | null> {
    return this.contents;
  }

  async save(contents: Buffer): Promise<void> {
    this.contents = Buffer.from(contents);
  }
}

/**
 * A JSON file replaced atomically: the new bytes go to a temporary file with
 * mode 0600 beside it, are synced, and are renamed over the old file, and the
 * directory is synced so the rename survives a crash. A reader or a crash sees
 * the old file or the new one, never a torn one. (The original rewrote the file
 * in place with mode 0644.)
 */
export class FileVaultStore implements VaultStore {
  constructor(readonly location: string) {}

  async load(): Promise<Buffer | null> {
    try {
      return await readFile(this.location);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async save(contents: Buffer): Promise<void> {
    const directory = dirname(this.location);
    const temporary = join(directory, `.${basename(this.location)}.${randomKey(6).toString('hex')}.tmp`);
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
    const file = await open(temporary, flags, 0o600);
    try {
      await file.writeFile(contents);
      await file.sync();
    } catch (error) {
      await file.close();
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    await file.close();

    try {
      await rename(temporary, this.location);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    await syncDirectory(directory);
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, constants.O_RDONLY).catch(() => null);
  if (handle === null) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself is done.
  } finally {
    await handle.close();
  }
}

export function vaultStoreFor(path: string): VaultStore {
  return path === 'memory' ? new MemoryVaultStore() : new FileVaultStore(path);
}
