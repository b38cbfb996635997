import { describe, expect, it } from 'vitest';
import { createHttpClient, errorKindForStatus, parseJsonBody } from '../../src/main/connectors/http.ts';
import { smartsimpleVendor } from '../../src/main/connectors/smartsimple/index.ts';
import { errorOf } from '../helpers/errors.ts';

/** The one status rule (docs/vendors.md): 401 is auth, 403 permission, wherever a status is read. */
describe('HTTP status meaning', () => {
  const answer = (status: number, text: string) => ({ status, headers: new Headers(), text });

  it('gives 401 and 403 the same meaning in both helpers', () => {
    expect(errorKindForStatus(401)).toBe('auth');
    expect(errorKindForStatus(403)).toBe('permission');
    for (const [status, kind] of [
      [401, 'auth'],
      [403, 'permission'],
    ] as const) {
      let thrown: unknown;
      try {
        parseJsonBody(answer(status, '<html>denied</html>'), 'Vendor');
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toMatchObject({ kind, status });
      expect(() => parseJsonBody(answer(status, ''), 'Vendor')).toThrow(expect.objectContaining({ kind }));
    }
  });

  it('reads SmartSimple 401 as auth and 403 as permission', async () => {
    const connectorAnswering = (status: number) => {
      const http = createHttpClient({
        baseUrl: 'http://127.0.0.1:9/ss',
        vendorLabel: 'SmartSimple',
        fetch: async () => new Response('', { status }),
      });
      const settings = {
        alias: 'a',
        companyid: '1',
        username: 'u@example.com',
        functions: JSON.stringify([{ recordType: 'company', action: 'List', apitoken: 't', fieldList: 'name' }]),
      };
      return smartsimpleVendor.create({ baseUrl: http.baseUrl, settings, secrets: { password: 'p' }, http });
    };
    expect((await errorOf(connectorAnswering(401).test())).kind).toBe('auth');
    expect((await errorOf(connectorAnswering(403).test())).kind).toBe('permission');
  });
});
