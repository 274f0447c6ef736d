// The workbooks' checks name each nature as the pages do: both read the one table of
// web/js/kind-labels.js (src/reports/funding-checks.ts NATURE_LABEL, web/js/labels.js KIND_LABELS).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NATURE_LABEL } from '../../src/reports/funding-checks.ts';
import { CONTRIBUTION_KINDS } from '../../src/domain/kinds.ts';
// @ts-expect-error: the browser's module is JavaScript without declarations for the server's build.
import { KIND_LABELS } from '../../web/js/labels.js';

test('the workbooks and the pages give every nature the same French words', () => {
  assert.equal(NATURE_LABEL, KIND_LABELS);
  assert.is(NATURE_LABEL.equipment, 'Prêt de matériel');
});

test('every nature of the domain has its words, and only those', () => {
  assert.equal(Object.keys(NATURE_LABEL).sort(), [...CONTRIBUTION_KINDS].sort());
});

test.run();
