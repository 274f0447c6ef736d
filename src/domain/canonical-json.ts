// Canonical JSON (RFC 8785, JCS): one spelling per value, so equal content compares and hashes equal.
import canonicalize from 'canonicalize';

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalized');
  return text;
}
