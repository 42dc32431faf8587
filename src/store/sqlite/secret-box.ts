// Seals secrets that Vigil must be able to read back (webhook signing keys: an HMAC needs the key
// itself, so they cannot be hashed like passwords). AES-256-GCM under a key kept in its own file
// beside the database (`secret.key`, 32 random bytes, readable by the owner alone), so that the
// database file, a dump or a backup of it alone does not reveal them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openingFile, StoreOpenError } from '../store-open-error.ts';

const PREFIX = 'aes256gcm:';
export const SECRET_KEY_FILE = 'secret.key';

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** The box of the database at `path`: its key file is made on first use; ':memory:' gets a key of its own. */
  static forDatabase(path: string): SecretBox {
    if (path === ':memory:' || path === '') return new SecretBox(randomBytes(32));
    const file = join(dirname(path), SECRET_KEY_FILE);
    const key = openingFile(file, () => {
      if (!existsSync(file)) {
        try {
          writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
        } catch (error) {
          // Another process (a CLI command beside the server) made it first: use theirs.
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      }
      return readFileSync(file);
    });
    if (key.length !== 32) throw new StoreOpenError(file, `${file} is not a Vigil secret key (32 bytes): restore it from the backup it was taken with`);
    return new SecretBox(key);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${sealed.toString('base64')}`;
  }

  /** The plain secret; one written before sealing existed is returned as stored. Throws when the key is not the one it was sealed with. */
  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [iv, tag, sealed] = stored.slice(PREFIX.length).split(':').map((part) => Buffer.from(part, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`a stored secret does not open with ${SECRET_KEY_FILE}: the key file beside the database is not the one it was sealed with`);
    }
  }
}
