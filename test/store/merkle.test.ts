// The log's Merkle tree (RFC 6962 / 9162): roots against the published test vectors and a reference
// written from the RFC's definition, then fast-check properties: a consistency proof between a
// prefix and the whole log verifies, and fails for any log that is not an extension of that prefix.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EMPTY_ROOT, MerkleTree, verifyConsistency, verifyInclusion } from '../../src/store/merkle.ts';

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** MTH from RFC 9162 §2.1.1, word for word: the reference the tree's cached subtrees must agree with. */
function referenceRoot(leaves: Uint8Array[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return sha256(Buffer.from([0]), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Buffer.from([1]), referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

function treeOf(leaves: Uint8Array[]): MerkleTree {
  const tree = new MerkleTree();
  for (const leaf of leaves) tree.append(leaf);
  return tree;
}

test('the roots of RFC 6962 test vectors (certificate-transparency) come out', () => {
  const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
  const roots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  const tree = treeOf(inputs);
  for (let n = 1; n <= 8; n++) assert.is(tree.root(n).toString('hex'), roots[n - 1], `root of ${n}`);
  assert.is(tree.root(0).toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.ok(EMPTY_ROOT.equals(tree.root(0)));
});

test('consistency proofs are the ones RFC 9162 §2.1.5 works out by hand', () => {
  const leaves = Array.from({ length: 8 }, (_, i) => Buffer.from([i]));
  const tree = treeOf(leaves);
  // RFC 9162 §2.1.5's examples over 7 leaves: PROOF(3) = [c, d, g, l], PROOF(4) = [l], PROOF(6) = [i, j, k].
  const h = (from: number, to: number) => referenceRoot(leaves.slice(from, to));
  const same = (proof: Buffer[], expected: Buffer[]) => proof.length === expected.length && proof.every((p, i) => p.equals(expected[i]!));
  assert.ok(same(tree.consistencyProof(3, 7), [h(2, 3), h(3, 4), h(0, 2), h(4, 7)]));
  assert.ok(same(tree.consistencyProof(4, 7), [h(4, 7)]));
  assert.ok(same(tree.consistencyProof(6, 7), [h(4, 6), h(6, 7), h(0, 4)]));
  // 1 within 8: the sibling leaf, then the sibling pair, then the right half.
  assert.ok(same(tree.consistencyProof(1, 8), [h(1, 2), h(2, 4), h(4, 8)]));
});

const leafArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
const logArb = fc.array(leafArb, { minLength: 1, maxLength: 140 });

test('roots agree with the RFC definition for every prefix of random logs', () => {
  fc.assert(
    fc.property(logArb, (leaves) => {
      const tree = treeOf(leaves);
      for (let n = 0; n <= leaves.length; n++) if (!tree.root(n).equals(referenceRoot(leaves.slice(0, n)))) return false;
      return true;
    }),
    { numRuns: 60 },
  );
});

test('property: the proof between a prefix and the whole log verifies, with no server', () => {
  fc.assert(
    fc.property(logArb, fc.nat(), (leaves, pick) => {
      const tree = treeOf(leaves);
      const n = leaves.length;
      const m = pick % (n + 1);
      const oldRoot = referenceRoot(leaves.slice(0, m));
      return verifyConsistency(m, n, tree.consistencyProof(m, n), oldRoot, referenceRoot(leaves));
    }),
    { numRuns: 300 },
  );
});

test('property: a log with one changed leaf inside the prefix is not an extension', () => {
  fc.assert(
    fc.property(logArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (leaves, pickM, pickLeaf, flip) => {
      const n = leaves.length;
      const m = 1 + (pickM % n);
      const changedAt = pickLeaf % m;
      const altered = leaves.map((leaf) => Uint8Array.from(leaf));
      altered[changedAt]![0]! ^= flip;
      const forged = treeOf(altered);
      // The forger recomputes everything honestly from its altered log: the proof still fails
      // against the root the auditor kept from the original prefix.
      return !verifyConsistency(m, n, forged.consistencyProof(m, n), referenceRoot(leaves.slice(0, m)), forged.root(n));
    }),
    { numRuns: 300 },
  );
});

test('property: a log cut short, or any other log, is not an extension', () => {
  fc.assert(
    fc.property(logArb, fc.nat(), fc.nat(), (leaves, pickM, pickCut) => {
      const n = leaves.length;
      const m = 1 + (pickM % n);
      const oldRoot = referenceRoot(leaves.slice(0, m));
      const cut = pickCut % m; // strictly shorter than the stamped prefix
      const short = treeOf(leaves.slice(0, cut));
      // No proof can be made from a shorter log, and a verifier refuses sizes going backwards.
      assert.throws(() => short.consistencyProof(m, cut));
      if (verifyConsistency(m, cut, [], oldRoot, short.root(cut))) return false;
      // An honest proof of the real log checked against a root of the cut log fails too.
      const real = treeOf(leaves);
      return cut === m || !verifyConsistency(m, n, real.consistencyProof(m, n), short.root(cut), real.root(n)) || short.root(cut).equals(oldRoot);
    }),
    { numRuns: 200 },
  );
});

test('property: every leaf has an inclusion proof, and no other leaf passes for it', () => {
  fc.assert(
    fc.property(logArb, fc.nat(), fc.nat(), (leaves, pickN, pickI) => {
      const tree = treeOf(leaves);
      const n = 1 + (pickN % leaves.length);
      const i = pickI % n;
      const root = tree.root(n);
      const path = tree.inclusionProof(i, n);
      if (!verifyInclusion(leaves[i]!, i, n, path, root)) return false;
      const other = Uint8Array.from(leaves[i]!);
      other[31]! ^= 1;
      return !verifyInclusion(other, i, n, path, root);
    }),
    { numRuns: 300 },
  );
});

test('a tampered proof hash or a wrong size is refused', () => {
  const leaves = Array.from({ length: 37 }, (_, i) => sha256(Buffer.from([i])));
  const tree = treeOf(leaves);
  const proof = tree.consistencyProof(13, 37);
  assert.ok(verifyConsistency(13, 37, proof, tree.root(13), tree.root(37)));
  for (let j = 0; j < proof.length; j++) {
    const bad = proof.map((h) => Buffer.from(h));
    bad[j]![0]! ^= 0x80;
    assert.not.ok(verifyConsistency(13, 37, bad, tree.root(13), tree.root(37)), `hash ${j} changed`);
  }
  assert.not.ok(verifyConsistency(12, 37, proof, tree.root(13), tree.root(37)));
  assert.not.ok(verifyConsistency(13, 37, proof.slice(1), tree.root(13), tree.root(37)));
});

test.run();
