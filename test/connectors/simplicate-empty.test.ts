import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplicateModules } from '../../vendor-data/simplicate-fields.generated.ts';
import { flattenRecord } from '../../src/main/connectors/simplicate/records.ts';
import { buildModuleModel } from '../../src/main/connectors/simplicate/schema.ts';
import type { Connector } from '../../src/main/connectors/types.ts';
import { startSim, type SimHarness } from '../helpers/sim.ts';

// Simplicate answers leave an empty field out; older answers sent null, and a field cleared with ""
// comes back as "". The connector reads all three as empty.
const personModel = buildModuleModel(
  simplicateModules.find((m) => m.id === 'crm/person')!,
  [],
);
const projectModel = buildModuleModel(
  simplicateModules.find((m) => m.id === 'projects/project')!,
  [],
);

describe('Simplicate empty values', () => {
  it('reads absent, null and "" alike as null, whatever the field type', () => {
    const person = flattenRecord(personModel, {
      id: 'person:1',
      first_name: 'Anna',
      note: null,
      linkedin_url: '',
      family_name_prefix: '',
      date_of_birth: '',
      is_active: true,
    });
    expect(person).toMatchObject({
      id: 'person:1',
      first_name: 'Anna',
      note: null,
      linkedin_url: null,
      family_name_prefix: null,
      website_url: null,
      date_of_birth: null,
      is_active: true,
    });
    const project = flattenRecord(projectModel, { id: 'project:1', end_date: '', person_id: null, name: 'X' });
    expect(project).toMatchObject({ end_date: null, person_id: null, name: 'X' });
    expect(project['person.full_name']).toBeNull();
  });

  describe('through the simulator', () => {
    let sim: SimHarness;
    let c: Connector;
    beforeAll(async () => {
      sim = await startSim('simplicate', { records: 5 });
      c = sim.connector();
    });
    afterAll(async () => {
      await c?.close();
      await sim?.ws.close();
    });

    it('gets a field stored as "", as null and a cleared one as null', async () => {
      const { rows } = await c.list('crm/person', { page: 1, pageSize: 1, filters: [] });
      const id = rows[0]!.id;
      await sim.control('PATCH', `records/crm/person/${id}`, { note: '', linkedin_url: null, first_name: 'Bea' });
      expect(await c.get('crm/person', id)).toMatchObject({ note: null, linkedin_url: null, first_name: 'Bea' });
      await c.update('crm/person', id, { note: 'kept', website_url: 'https://bea.example' });
      expect(await c.get('crm/person', id)).toMatchObject({ note: 'kept', website_url: 'https://bea.example' });
      await c.update('crm/person', id, { note: null, website_url: '' });
      expect(await c.get('crm/person', id)).toMatchObject({ note: null, website_url: null });
    });
  });
});
