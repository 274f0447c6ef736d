#!/usr/bin/env node
// An auditor's own check of a Socle ledger proof, trusting nothing the server says: only Node's
// crypto and RFC 9162 (§2.1.3.2 inclusion, §2.1.4.2 consistency). Usage:
//   curl -sS -H "Authorization: Bearer $AUDITOR" "$API/ledger/proof?from=1158" > proof.json
//   node verify-proof.mjs 1158:371122a4…a257 proof.json
// STAMP is the Position and Empreinte of a workbook's Provenance sheet (or any stamp you kept).
// Exit 0 when today's log (proof.to) extends the stamped one; 1 otherwise.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const sha256 = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const leafHash = (leaf) => sha256(Buffer.from([0]), leaf);
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);
const hex = (h) => Buffer.from(h, 'hex');
const lsb = (n) => n % 2 === 1;
const half = (n) => Math.floor(n / 2);

function rootFromInclusion(leaf, index, size, path) {
  let fn = index, sn = size - 1, r = leafHash(leaf);
  for (const p of path) {
    if (sn === 0) return null;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!lsb(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else r = nodeHash(r, p);
    fn = half(fn); sn = half(sn);
  }
  return sn === 0 ? r : null;
}

function consistent(first, second, proof, firstRoot, secondRoot) {
  if (first === 0) return proof.length === 0;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : proof;
  if (path.length === 0) return false;
  let fn = first - 1, sn = second - 1;
  while (lsb(fn)) { fn = half(fn); sn = half(sn); }
  let fr = path[0], sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr); sr = nodeHash(c, sr);
      while (!lsb(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else sr = nodeHash(sr, c);
    fn = half(fn); sn = half(sn);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}

const [stampText, file] = process.argv.slice(2);
const match = /^(\d+):([0-9a-f]{64})$/.exec(stampText ?? '');
if (!match || !file) {
  console.error('usage : node verify-proof.mjs POSITION:EMPREINTE preuve.json');
  process.exit(2);
}
const [position, headHash] = [Number(match[1]), match[2]];
const proof = JSON.parse(readFileSync(file, 'utf8'));
const { from, to } = proof;
const ties = (side, path) => side.position === 0 || rootFromInclusion(hex(side.headHash), side.position - 1, side.position, path.map(hex))?.equals(hex(side.root));
const ok =
  from.position === position && from.headHash === headHash &&
  ties(from, proof.inclusion.from) && ties(to, proof.inclusion.to) &&
  consistent(from.position, to.position, proof.consistency.map(hex), hex(from.root), hex(to.root));
if (!ok) {
  console.error(`la preuve ne montre pas que le journal prolonge le tampon ${position}:${headHash}`);
  process.exit(1);
}
console.log(`ok : le journal de ${to.position} événements (tête ${to.headHash}, racine ${to.root}) prolonge le tampon ${position}:${headHash}`);
