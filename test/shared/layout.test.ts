import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleSchema, RecordValue } from '../../src/shared/fields.ts';
import {
  collapsedByDefault,
  createLayout,
  defaultColumns,
  fieldOrder,
  isEditableField,
  itemField,
  itemFields,
  recordLayout,
  shortLabel,
  type LayoutItem,
  type RecordLayout,
} from '../../src/shared/layout.ts';
import { chooseColumns } from '../../src/main/services/mirror/export.ts';
import { contract } from '../../src/shared/contract.ts';
import type { SimVendor } from '../../sim/workspace.ts';
import { startSim } from '../helpers/sim.ts';

// The layout over what each simulator's describe really returns, through the real connector.
const modules: Record<SimVendor, string[]> = {
  simply: ['Accounts', 'Potentials'],
  simplicate: ['crm/organization', 'crm/person', 'sales/sales'],
  smartsimple: ['company', 'levelone'],
  sarv: ['Accounts', 'Opportunities'],
  spotler: ['accounts', 'contacts'],
};
const schemas = new Map<string, ModuleSchema>();
const schema = (vendor: SimVendor, module: string) => {
  const s = schemas.get(`${vendor}/${module}`);
  if (!s) throw new Error(`no describe for ${vendor} ${module}`);
  return s;
};

beforeAll(async () => {
  for (const vendor of Object.keys(modules) as SimVendor[]) {
    const h = await startSim(vendor, { records: 3 });
    const c = h.connector();
    try {
      for (const m of modules[vendor]) schemas.set(`${vendor}/${m}`, await c.describe(m));
    } finally {
      await c.close();
      await h.ws.close();
    }
  }
});
afterAll(() => schemas.clear());

const roles = (layout: RecordLayout) =>
  Object.fromEntries(layout.identity.map((i) => [i.role ?? '', itemField(i).name]));
const names = (items: readonly LayoutItem[]) => items.map((i) => itemField(i).name);
const allItems = (layout: RecordLayout) => [...layout.identity, ...layout.sections.flatMap((s) => s.items)];

describe('identity', () => {
  it('puts the naming fields first, then status, owner, email, phone, amount, dates', () => {
    const potentials = recordLayout(schema('simply', 'Potentials'));
    expect(names(potentials.identity)).toEqual([
      'potentialname',
      'sales_stage',
      'assigned_user_id',
      'amount',
      'closingdate',
      'createdtime',
      'modifiedtime',
    ]);
    expect(roles(recordLayout(schema('simply', 'Accounts')))).toMatchObject({
      naming: 'accountname',
      owner: 'assigned_user_id',
      email: 'email1',
      phone: 'phone',
      amount: 'annual_revenue',
    });
  });

  it('picks the record’s own email and phone, not a linked record’s copies or a nested object’s', () => {
    const org = recordLayout(schema('simplicate', 'crm/organization'));
    expect(roles(org)).toMatchObject({
      naming: 'name',
      owner: 'relation_manager.id',
      email: 'email',
      phone: 'phone',
      created: 'created_at',
      modified: 'updated_at',
    });
  });

  it('reads roles from types and names, whatever the labels’ language (SarvCRM’s are Persian)', () => {
    expect(roles(recordLayout(schema('sarv', 'Accounts')))).toMatchObject({
      naming: 'name',
      owner: 'assigned_user_id',
      email: 'email1',
      phone: 'primary_number',
      amount: 'annual_revenue',
      created: 'date_entered',
      modified: 'date_modified',
    });
    // "Created by" is a fact about the record, not its owner.
    expect(roles(recordLayout(schema('sarv', 'Opportunities'))).owner).toBe('assigned_user_id');
  });

  it('finds identity in plain text fields when the vendor types nothing (SmartSimple’s company)', () => {
    const company = recordLayout(schema('smartsimple', 'company'));
    expect(roles(company)).toMatchObject({
      naming: 'sf_Name',
      phone: 'sf_Phone',
      created: 'sf_Created Date',
      modified: 'sf_Modified Date',
    });
    expect(company.identity.length).toBeGreaterThanOrEqual(4);
  });

  it('gives every vendor a naming field and at least three more identity fields', () => {
    for (const [key, s] of schemas) {
      const layout = recordLayout(s);
      expect(layout.identity[0]?.role, key).toBe('naming');
      expect(layout.identity.filter((i) => i.role !== 'naming').length, key).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('groups', () => {
  it('makes a section of each nested object, fields named within it', () => {
    const org = recordLayout(schema('simplicate', 'crm/organization'));
    const labels = org.sections.map((s) => s.label);
    expect(labels[0]).toBe('Details');
    expect(labels).toEqual(
      expect.arrayContaining(['Visiting address', 'Postal address', 'Debtor', 'Accountancy', 'Custom fields']),
    );
    expect(labels.at(-1)).toBe('Record info');
    const visiting = org.sections.find((s) => s.label === 'Visiting address');
    const locality = visiting?.items.map(itemField).find((f) => f.name === 'visiting_address.locality');
    expect(locality && shortLabel(locality)).toBe('Locality');
    // The organization's own VAT number is no longer below every nested object.
    expect(names(org.sections[0]?.items ?? [])).toContain('vat_number');
  });

  it('folds a linked record’s copies into the link’s line, labelled by the link', () => {
    const org = recordLayout(schema('simplicate', 'crm/organization'));
    const manager = org.identity.find((i) => i.kind === 'link');
    expect(manager?.kind).toBe('link');
    if (manager?.kind !== 'link') return;
    expect(manager.label).toBe('Relation manager');
    expect(manager.link.name).toBe('relation_manager.id');
    expect(manager.open?.name).toBe('relation_manager.person_id');
    expect(manager.copies.map((f) => f.name)).toContain('relation_manager.work_mobile');
    expect(manager.copies.every((f) => !isEditableField(f))).toBe(true);
    // No section or other line shows those copies again.
    const elsewhere = org.sections.flatMap((s) => s.items).flatMap(itemFields);
    expect(elsewhere.some((f) => f.name.startsWith('relation_manager.'))).toBe(false);
  });

  it('makes a section of a vendor’s own group (SarvCRM’s GetModuleFields group)', () => {
    const accounts = recordLayout(schema('sarv', 'Accounts'));
    const phones = accounts.sections.find((s) => s.label === 'Phones');
    expect(names(phones?.items ?? [])).toEqual(
      expect.arrayContaining(['primary_number_raw', 'sms_number', 'fax_number']),
    );
    expect(accounts.sections.map((s) => s.label)).toContain('Billing address');
  });

  it('keeps read-only facts apart, after the sections', () => {
    const accounts = recordLayout(schema('simply', 'Accounts'));
    const facts = accounts.sections.at(-1);
    expect(facts?.kind).toBe('facts');
    expect(names(facts?.items ?? [])).toEqual(['account_no', 'modifiedby']);
    expect(facts?.items.flatMap(itemFields).every((f) => !isEditableField(f))).toBe(true);
  });

  it('shows every described field exactly once', () => {
    for (const [key, s] of schemas) {
      const shown = allItems(recordLayout(s))
        .flatMap(itemFields)
        .map((f) => f.name);
      expect(new Set(shown).size, key).toBe(shown.length);
      expect([...shown].sort(), key).toEqual(s.fields.map((f) => f.name).sort());
    }
  });
});

describe('create form', () => {
  it('lists every required field first, naming fields leading, and nothing read-only', () => {
    for (const [key, s] of schemas) {
      if (!s.capabilities.create) continue;
      const layout = createLayout(s);
      const items = allItems(layout);
      const required = s.fields.filter((f) => f.required && isEditableField(f)).map((f) => f.name);
      expect(names(items).slice(0, required.length).sort(), key).toEqual([...required].sort());
      expect(names(layout.identity).sort(), key).toEqual([...required].sort());
      expect(items.flatMap(itemFields).every(isEditableField), key).toBe(true);
      const naming = (s.labelFields ?? []).filter((n) => required.includes(n));
      expect(names(layout.identity).slice(0, naming.length), key).toEqual(naming);
    }
    expect(names(createLayout(schema('simply', 'Potentials')).identity)).toEqual([
      'potentialname',
      'sales_stage',
      'assigned_user_id',
      'closingdate',
    ]);
  });

  it('keeps the optional identity fields at the top of Details, and every editable field once', () => {
    const layout = createLayout(schema('spotler', 'contacts'));
    expect(names(layout.identity)).toEqual(['surname', 'accountid']);
    expect(names(layout.sections[0]?.items ?? []).slice(0, 3)).toEqual(['forename', 'ownerid', 'email']);
    for (const [key, s] of schemas) {
      const shown = names(allItems(createLayout(s)));
      const editable = s.fields.filter(isEditableField).map((f) => f.name);
      expect([...shown].sort(), key).toEqual([...editable].sort());
    }
  });
});

describe('collapsed by default', () => {
  const org = () => recordLayout(schema('simplicate', 'crm/organization'));
  const section = (label: string) => {
    const s = org().sections.find((x) => x.label === label);
    if (!s) throw new Error(label);
    return s;
  };

  it('closes a section when all its fields are read-only or empty', () => {
    const values: Record<string, RecordValue> = { 'debtor.provision_method': null, 'debtor.attention_to': '' };
    expect(collapsedByDefault(section('Debtor'), values)).toBe(true);
    expect(collapsedByDefault(section('Record info'), { id: 'x', simplicate_url: 'https://x.example' })).toBe(true);
  });

  it('opens it when one editable field holds a value (false and 0 are values)', () => {
    expect(collapsedByDefault(section('Debtor'), { 'debtor.attention_to': 'contact' })).toBe(false);
    expect(collapsedByDefault(section('Debtor'), { 'debtor.autocollect': false })).toBe(false);
    expect(collapsedByDefault(section('Visiting address'), { 'visiting_address.locality': 'Utrecht' })).toBe(false);
    // A read-only value alone does not open it.
    expect(collapsedByDefault(section('Visiting address'), { 'visiting_address.country': 'NL' })).toBe(true);
  });
});

describe('default columns', () => {
  it('start with the identity fields, for the grid and the export alike', () => {
    expect(defaultColumns(schema('simply', 'Accounts'), 5)).toEqual([
      'accountname',
      'assigned_user_id',
      'email1',
      'phone',
      'annual_revenue',
    ]);
    const order = fieldOrder(schema('simplicate', 'crm/organization'));
    expect(order.slice(0, 4)).toEqual(['name', 'relation_manager.id', 'email', 'phone']);
    expect(order.indexOf('vat_number')).toBeLessThan(order.indexOf('visiting_address.locality'));
    // An export with no columns chosen: the id, then the same order.
    const exported = chooseColumns(schema('simplicate', 'crm/organization'), []);
    expect(exported).toEqual(['id', ...order.filter((n) => n !== 'id')]);
    expect(chooseColumns(schema('simply', 'Accounts'), []).slice(0, 3)).toEqual([
      'id',
      'accountname',
      'assigned_user_id',
    ]);
    expect([...order].sort()).toEqual(
      schema('simplicate', 'crm/organization')
        .fields.map((f) => f.name)
        .sort(),
    );
  });
});

describe('group and help through describe', () => {
  it('come from the vendor’s metadata and pass the contract’s output check unchanged', () => {
    const org = schema('simplicate', 'crm/organization');
    const checked = contract['modules.describe'].output.parse(org);
    const attention = checked.fields.find((f) => f.name === 'debtor.attention_to_person_id');
    expect(attention).toMatchObject({ group: 'Debtor', help: 'See /crm/person' });
    const sarv = contract['modules.describe'].output.parse(schema('sarv', 'Accounts'));
    expect(sarv.fields.find((f) => f.name === 'billing_address_city')?.group).toBe('Billing address');
    // A field the vendor puts in no group and describes with no help carries neither.
    expect(sarv.fields.find((f) => f.name === 'name')).not.toHaveProperty('group');
    expect(checked.fields.find((f) => f.name === 'name')).not.toHaveProperty('help');
  });
});
