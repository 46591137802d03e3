import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectations, leaks } from './support/leakExpectations.ts';
import { MATRIX_OPERATION } from './support/matrixOperation.ts';
import { startTestSystem, type TestSystem } from './support/testSystem.ts';

describe('anonymous access', () => {
  describe('when it is turned on', () => {
    let t: TestSystem;
    beforeAll(async () => {
      t = await startTestSystem({ allowAnonymous: true });
    });
    afterAll(async () => t?.stop());

    it('answers callers without a token, with no personal information, whatever purpose they state', async () => {
      for (const purpose of [null, 'LEGAL_COMPLIANCE']) {
        const { status, body, json } = await t.query(null, purpose, MATRIX_OPERATION);
        expect(status).toBe(200);
        expect(json.data).toBeTruthy();
        expect(leaks(body, expectations(t.data, t.policy, { role: 'ANONYMOUS', purpose: null }).forbidden)).toEqual([]);
        const everyValue = expectations(t.data, t.policy, { role: 'LEGAL', purpose: 'LEGAL_COMPLIANCE' }).permitted;
        expect(leaks(body, everyValue)).toEqual([]);
      }
    });

    it('still refuses a bad token', async () => {
      const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body: '{"query":"{ __typename }"}' });
      expect(res.status).toBe(401);
    });
  });
});
