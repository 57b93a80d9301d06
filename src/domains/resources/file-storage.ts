import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where uploaded files live: one small interface so an object store can replace the disk when several machines
 * serve the site. Keys are made by the storage and never come from a user.
 */
export interface FileStorage {
  /** Stores the bytes under a new key and returns it. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes stored under a key, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes a key's bytes; a key already gone is not an error. */
  remove(key: string): Promise<void>;
}

const keyPattern = /^[0-9a-f-]{36}$/;

/** Files under `dir` (DATA_DIR/resources), each written to a temporary name and renamed, so a reader never sees half a file. */
export function diskFileStorage(dir: string): FileStorage {
  const fileOf = (key: string) => {
    if (!keyPattern.test(key)) throw new Error(`not a storage key: ${key}`);
    return path.join(dir, key.slice(0, 2), key);
  };
  return {
    async put(bytes) {
      const key = randomUUID();
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(`${file}.part`, bytes);
      await fs.rename(`${file}.part`, file);
      return key;
    },
    async get(key) {
      try {
        return await fs.readFile(fileOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async remove(key) {
      await fs.rm(fileOf(key), { force: true });
    },
  };
}
