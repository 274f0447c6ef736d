// The key that signs checkpoints and authenticates the read model's snapshot. It lives OUTSIDE the
// ledger: whoever can write the data folder can rewrite the log and recompute every hash, but
// without this file cannot sign a checkpoint nor forge a snapshot's MAC. Its place is the
// operator's choice: --key FILE, else SOCLE_KEY_FILE, else ~/.config/socle/signing-key.pem
// (never the data folder by default). Created on first use (Ed25519, Node's own crypto), readable
// by its owner only; the public key is written beside it (FILE.pub) for auditors.
import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, sign, type KeyObject } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checkpointMessage, keyIdOf, type CheckpointClaim, type SignedCheckpoint } from '../store/checkpoints.ts';

export const DEFAULT_KEY_FILE = join(homedir(), '.config', 'socle', 'signing-key.pem');

export function keyFilePath(option?: string): string {
  return resolve(option || process.env.SOCLE_KEY_FILE || DEFAULT_KEY_FILE);
}

export interface SigningKey {
  path: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** sha256 of the public key (SPKI DER), hex. */
  keyId: string;
}

/** A key file that is not a regular file (a directory, a FIFO, a link) is refused, never read. */
function regularFileOrNothing(path: string): boolean {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (!stat.isFile()) throw new Error(`la clé de signature ${path} n'est pas un fichier ordinaire : refusée`);
  return true;
}

/** The key at `path`, created there (with its directory) when there is none yet. */
export function loadSigningKey(path: string, options: { create?: boolean } = {}): SigningKey | undefined {
  if (!regularFileOrNothing(path)) {
    if (options.create === false) return undefined;
    createKeyFile(path);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(path));
  } catch {
    throw new Error(`la clé de signature ${path} est illisible (attendu : une clé privée Ed25519 PEM)`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`la clé de signature ${path} n'est pas une clé Ed25519`);
  const publicKey = createPublicKey(privateKey);
  return { path, privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

function createKeyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // 'wx': two processes creating it at once, one wins and the other reads the winner's key.
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    writeSync(fd, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const pub = openSync(`${path}.pub`, 'w', 0o644);
  try {
    writeSync(pub, publicKey.export({ type: 'spki', format: 'pem' }) as string);
  } finally {
    closeSync(pub);
  }
}

/**
 * The public key to check checkpoints with: FILE may be the private key or the public one
 * (FILE.pub, which an operator hands to auditors). Undefined when there is no such file.
 */
export function loadVerifyingKey(path: string): { path: string; publicKey: KeyObject; keyId: string; signing?: SigningKey } | undefined {
  if (!regularFileOrNothing(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  if (text.includes('PUBLIC KEY')) {
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey(text);
    } catch {
      throw new Error(`la clé publique ${path} est illisible (attendu : une clé publique Ed25519 PEM)`);
    }
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`la clé ${path} n'est pas une clé Ed25519`);
    return { path, publicKey, keyId: keyIdOf(publicKey) };
  }
  const signing = loadSigningKey(path, { create: false })!;
  return { path, publicKey: signing.publicKey, keyId: signing.keyId, signing };
}

export function signCheckpoint(key: SigningKey, claim: Omit<CheckpointClaim, 'keyId'>): SignedCheckpoint {
  const full: CheckpointClaim = { ...claim, keyId: key.keyId };
  return {
    ...full,
    publicKey: key.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    signature: sign(null, checkpointMessage(full), key.privateKey).toString('base64'),
  };
}

/** The snapshot's MAC key: derived from the signing key (HKDF-SHA256), so one secret guards both. */
export function snapshotMacKey(key: SigningKey): Buffer {
  const secret = key.privateKey.export({ type: 'pkcs8', format: 'der' });
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'socle ledger snapshot mac v1', 32));
}

/** A short name of the key for people: the first 16 hex digits of its id. */
export function keyFingerprint(key: { keyId: string }): string {
  return key.keyId.slice(0, 16);
}
