// The workbooks' checks name each nature as the pages do (src/reports/funding-checks.ts keeps its
// own copy, since the browser's module is plain JavaScript outside the server's floors): the two
// lists must stay the same, word for word.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NATURE_LABEL } from '../../src/reports/funding-checks.ts';
// @ts-expect-error: the browser's module is JavaScript without declarations for the server's build.
import { KIND_LABELS } from '../../web/js/labels.js';

test('the workbooks and the pages give every nature the same French words', () => {
  assert.equal(NATURE_LABEL, KIND_LABELS);
  assert.is(NATURE_LABEL.equipment, 'Prêt de matériel');
});

test.run();
