// Signed checkpoints: a claim "the log at position P had chained hash H and Merkle root R" (with
// the time it was signed), signed with Ed25519 by a key kept outside the ledger (see
// src/app/signing-key.ts). Each is an event of its own in the stream `ledger-checkpoints`: it
// belongs to the log, not to the domain, so the read model and the journal step over it and the
// domain's import checks do not apply to it. Someone who can write the data folder can rewrite the
// chain and every hash, but cannot sign: a claim that no longer matches the log names the rewrite.
import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json.ts';

export const CHECKPOINT_STREAM = 'ledger-checkpoints';
export const CHECKPOINT_EVENT_TYPE = 'LedgerCheckpointSigned';
export const CHECKPOINT_SCHEMA_VERSION = 1;
/** Prefixed to what is signed, so a checkpoint's signature can never pass for any other message. */
const SIGNED_PREFIX = 'socle-checkpoint/1\n';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const SignedCheckpointSchema = z.strictObject({
  position: z.number().int().nonnegative(),
  headHash: Hex64,
  merkleRoot: Hex64,
  signedAt: z.string().datetime({ precision: 3 }),
  /** sha256 of the public key (SubjectPublicKeyInfo DER), hex: which key signed. */
  keyId: Hex64,
  /** The public key itself (SPKI DER, base64), so a checkpoint can be checked with nothing else. */
  publicKey: z.string().min(40).max(200),
  /** Ed25519 over SIGNED_PREFIX + canonical JSON of {headHash, keyId, merkleRoot, position, signedAt}, base64. */
  signature: z.string().min(80).max(100),
});

export type SignedCheckpoint = z.infer<typeof SignedCheckpointSchema>;
export type CheckpointClaim = Pick<SignedCheckpoint, 'position' | 'headHash' | 'merkleRoot' | 'signedAt' | 'keyId'>;

export function checkpointMessage(claim: CheckpointClaim): Buffer {
  const { position, headHash, merkleRoot, signedAt, keyId } = claim;
  return Buffer.from(SIGNED_PREFIX + canonicalJson({ position, headHash, merkleRoot, signedAt, keyId }), 'utf8');
}

export function isCheckpointEvent(event: { stream: string }): boolean {
  return event.stream === CHECKPOINT_STREAM;
}

/** The checkpoint in a stored event's data; throws, in French, when it is not one. */
export function parseCheckpoint(event: { type: string; schemaVersion: number; data: unknown }): SignedCheckpoint {
  if (event.type !== CHECKPOINT_EVENT_TYPE || event.schemaVersion !== CHECKPOINT_SCHEMA_VERSION)
    throw new TypeError(`le flux ${CHECKPOINT_STREAM} ne contient que des ${CHECKPOINT_EVENT_TYPE} v${CHECKPOINT_SCHEMA_VERSION}, pas ${event.type} v${event.schemaVersion}`);
  const parsed = SignedCheckpointSchema.safeParse(event.data);
  if (!parsed.success) throw new TypeError(`point de contrôle mal formé (${parsed.error.issues[0]?.path.join('.') || 'données'})`);
  return parsed.data;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/**
 * Whether the checkpoint's signature holds under the public key it carries, and that key is the
 * one its keyId names. `trusted`, when given, must be that key too (the operator's own key).
 */
export function checkpointSignatureHolds(checkpoint: SignedCheckpoint, trusted?: KeyObject): boolean {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(checkpoint.publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return false;
  }
  if (key.asymmetricKeyType !== 'ed25519' || keyIdOf(key) !== checkpoint.keyId) return false;
  if (trusted !== undefined && keyIdOf(trusted) !== checkpoint.keyId) return false;
  return verifySignature(null, checkpointMessage(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'));
}
