import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleSchema } from '../../src/shared/fields.ts';
import type { Relation } from '../../src/shared/relations.ts';
import type { Connector } from '../../src/main/connectors/types.ts';
import { startSim, type SimHarness } from '../helpers/sim.ts';

/**
 * Each vendor's relation map, read from its own relation metadata, against its simulator: the map names
 * the relations the vendor documents, and each relation's filter on the linked id finds exactly the
 * records that point at the parent (checked against the records the simulator seeded).
 */
const expected: Record<string, { module: string; relations: Pick<Relation, 'module' | 'field'>[] }[]> = {
  simply: [
    {
      module: 'Accounts',
      relations: [
        { module: 'Accounts', field: 'account_id' },
        { module: 'Contacts', field: 'account_id' },
        { module: 'Potentials', field: 'related_to' },
      ],
    },
    {
      module: 'Contacts',
      relations: [
        { module: 'Potentials', field: 'related_to' },
        { module: 'Potentials', field: 'contact_id' },
      ],
    },
  ],
  simplicate: [
    {
      module: 'crm/organization',
      relations: [
        { module: 'sales/sales', field: 'organization_id' },
        { module: 'projects/project', field: 'abnormal_organization_id' },
        { module: 'projects/project', field: 'organization_id' },
      ],
    },
    {
      module: 'crm/person',
      relations: [
        { module: 'sales/sales', field: 'person_id' },
        { module: 'projects/project', field: 'abnormal_person_id' },
        { module: 'projects/project', field: 'person_id' },
      ],
    },
  ],
  smartsimple: [{ module: 'company', relations: [{ module: 'levelone', field: 'sf_Customer' }] }],
  sarv: [
    {
      module: 'Accounts',
      relations: [
        { module: 'Contacts', field: 'account_id' },
        { module: 'Opportunities', field: 'account_id' },
      ],
    },
  ],
  spotler: [
    {
      module: 'accounts',
      relations: [
        { module: 'contacts', field: 'accountid' },
        { module: 'opportunities', field: 'accountid' },
      ],
    },
    { module: 'contacts', relations: [{ module: 'opportunities', field: 'contactid' }] },
  ],
};

for (const [vendor, cases] of Object.entries(expected)) {
  describe(`relations: ${vendor}`, () => {
    let h: SimHarness;
    let c: Connector;
    let schemas: ModuleSchema[];

    beforeAll(async () => {
      h = await startSim(vendor as Parameters<typeof startSim>[0], { records: 40 });
      c = h.connector();
      schemas = [];
      for (const m of await c.modules()) schemas.push(await c.describe(m.name));
    });
    afterAll(async () => {
      await c?.close();
      await h?.ws.close();
    });

    for (const { module, relations } of cases) {
      it(`maps the relations of ${module}`, () => {
        const got = c.relations?.(module, schemas) ?? [];
        expect(got.map((r) => ({ module: r.module, field: r.field }))).toEqual(relations);
        for (const r of got) expect(r.label).not.toBe('');
      });

      it(`finds the records that point at a ${module} record by each relation's linked id`, async () => {
        let checked = 0;
        for (const rel of relations) {
          const children = await c.list(rel.module, { page: 1, pageSize: 100, filters: [] });
          const linked = children.rows.find((r) => typeof r[rel.field] === 'string' && r[rel.field] !== '');
          if (!linked) continue; // the seed left this link empty everywhere: checked by the next relation
          const parent = String(linked[rel.field]);
          const page = await c.list(rel.module, {
            page: 1,
            pageSize: 100,
            filters: [{ field: rel.field, op: '=', value: parent }],
          });
          expect(page.rows.map((r) => r.id)).toContain(linked.id);
          for (const r of page.rows) expect(r[rel.field]).toBe(parent);
          const want = children.hasMore ? undefined : children.rows.filter((r) => r[rel.field] === parent).length;
          if (want !== undefined) expect(page.rows.length).toBe(want);
          checked++;
        }
        expect(checked).toBeGreaterThan(0);
      });
    }
  });
}
