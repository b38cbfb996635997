import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathSegment } from '../../src/main/connectors/common/path-segment.ts';
import { createConnector } from '../../src/main/connectors/registry.ts';
import type { Connector } from '../../src/main/connectors/types.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';

// Ids (and names from vendor answers) that would leave their URL path segment: `..` reaching another
// endpoint, `/`, `?`, `#`, or escapes that decode to them. Only Simplicate and SpotlerCRM put such values
// in paths (Simply CRM, SarvCRM and SmartSimple send ids in the query or the body; SmartSimple's path
// segment comes from a fixed table of record types).
const hostile = ['.', '..', 'a/b', '../x', '%2e%2e', '..%2f', '%2F', 'x?y=1', 'x#y', 'a\\b', 'a\u0000b', ''];

async function refusal(p: Promise<unknown>): Promise<CrmError> {
  const err = await p.then(
    () => new Error('accepted'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CrmError);
  return err as CrmError;
}

describe('pathSegment', () => {
  it.each(hostile)('refuses %j with a typed error', (id) => {
    expect(() => pathSegment(id, 'record id')).toThrow(CrmError);
  });
  it('encodes what it keeps, leaving the characters asked for readable', () => {
    expect(pathSegment('organization:ab c', 'id', { keep: ':' })).toBe('organization:ab%20c');
    expect(pathSegment('é&=', 'id')).toBe('%C3%A9%26%3D');
  });
});

describe('Simplicate against its simulator', () => {
  let sim: SimHarness;
  let c: Connector;
  beforeAll(async () => {
    sim = await startSim('simplicate', { records: 3 });
    c = sim.connector();
  });
  afterAll(async () => {
    await c?.close();
    await sim?.ws.close();
  });

  it.each(hostile)('get, update and delete of id %j are refused before any request', async (id) => {
    for (const call of [
      () => c.get('crm/organization', id),
      () => c.update('crm/organization', id, { name: 'x' }),
      () => c.delete('crm/organization', id),
    ]) {
      expect((await refusal(call())).kind).toBe('invalid_input');
    }
  });

  it('a real id still reads', async () => {
    const page = await c.list('crm/organization', { page: 1, pageSize: 1, filters: [] });
    const id = String(page.rows[0]?.id);
    expect((await c.get('crm/organization', id)).id).toBe(id);
  });
});

describe('SpotlerCRM against its simulator', () => {
  let sim: SimHarness;
  let c: Connector;
  beforeAll(async () => {
    sim = await startSim('spotler', { records: 3 });
    c = sim.connector();
  });
  afterAll(async () => {
    await c?.close();
    await sim?.ws.close();
  });

  it.each(hostile)('get and delete of id %j are refused', async (id) => {
    for (const call of [() => c.get('accounts', id), () => c.delete('accounts', id)]) {
      expect(['invalid_input', 'not_found']).toContain((await refusal(call())).kind);
    }
  });
});

describe('SpotlerCRM: a field name from a hostile data dictionary', () => {
  let server: Server;
  const paths: string[] = [];
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        req.url?.startsWith('/datadictionary/')
          ? JSON.stringify({ fields: [{ name: '..', type: 'lookup' }] })
          : JSON.stringify({ list: [] }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('never becomes a path of its own (GET /lookup/accounts/.. would be GET /lookup/)', async () => {
    const c = createConnector({
      ...connectionFromEntry('spotler', { baseUrl: url, accessToken: 'token-1234' }),
      rateLimit: false,
    });
    const err = await refusal(c.describe('accounts'));
    await c.close();
    expect(err.kind).toBe('invalid_input');
    expect(paths.every((p) => p.startsWith('/datadictionary/accounts'))).toBe(true);
  });
});
