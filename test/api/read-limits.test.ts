// Given one token firing many heavy reads at once (as-of reads, workbooks), when it passes its
// limit, then it gets 429 with Retry-After, while another token's reads and /api/health are answered.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, P, setUpProgramme, staffTime, startHarness } from './helpers.ts';
import { HEAVY_PER_TOKEN } from '../../src/api/read-limits.ts';
import { OpenApiValidator } from './openapi-validator.ts';

test('a token past its heavy reads gets 429 with Retry-After; other tokens and health are served', async () => {
  const h = await startHarness();
  try {
    await setUpProgramme(h);
    for (let i = 0; i < 30; i++) {
      const a = await call(h.url, 'POST', `/api/programmes/${P}/contributions`, { token: h.tokens.coordinator, body: staffTime(`c-${i}`) });
      assert.is(a.status, 201, a.text);
    }
    const doc = new OpenApiValidator((await call(h.url, 'GET', '/api/openapi.json')).json);
    const paths = Array.from({ length: HEAVY_PER_TOKEN + 4 }, (_, i) => `/api/programmes/${P}/${i % 2 === 0 ? 'exports/contributions.xlsx' : `totals?asOf=${5 + i}`}`);
    const heavy = paths.map((path) => call(h.url, 'GET', path, { token: h.tokens.auditor }));
    const others = call(h.url, 'GET', `/api/programmes/${P}/totals?asOf=7`, { token: h.tokens.treasurer });
    const health = call(h.url, 'GET', '/api/health');
    const answers = await Promise.all(heavy);
    const refused = answers.filter((a) => a.status === 429);
    assert.ok(refused.length >= 1, `statuses: ${answers.map((a) => a.status)}`);
    assert.ok(answers.filter((a) => a.status === 200).length >= HEAVY_PER_TOKEN, `statuses: ${answers.map((a) => a.status)}`);
    // Every answer, the 429s too, as the OpenAPI document describes it.
    assert.equal(answers.flatMap((a, i) => doc.mismatches('GET', paths[i]!, a)), []);
    for (const a of refused) {
      assert.is(a.headers.get('retry-after'), '1');
      assert.is(a.json.title, 'Trop de requêtes');
      assert.is(a.json.status, 429);
      assert.match(a.json.detail, /jeton/);
    }
    assert.is((await others).status, 200);
    assert.is((await health).status, 200);
    // Once they are answered, the same token reads again.
    assert.is((await call(h.url, 'GET', `/api/programmes/${P}/totals?asOf=9`, { token: h.tokens.auditor })).status, 200);
  } finally {
    await h.stop();
  }
});

test('the bearer scheme is case-insensitive', async () => {
  const h = await startHarness();
  try {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const a = await call(h.url, 'GET', '/api/me', { headers: { authorization: `${scheme} ${h.tokens.auditor}` } });
      assert.is(a.status, 200, `${scheme}: ${a.text}`);
    }
  } finally {
    await h.stop();
  }
});

test.run();
