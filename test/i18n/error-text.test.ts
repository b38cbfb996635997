import { describe, expect, it } from 'vitest';
import { CrmError, crmErrorSchema } from '../../src/shared/errors.ts';
import { fieldsError, localizedError, serviceError, serviceText } from '../../src/shared/i18n/error-text.ts';
import { createI18n } from '../../src/shared/i18n/index.ts';
import { validateRecordData } from '../../src/main/services/record-validation.ts';
import type { ModuleSchema } from '../../src/shared/fields.ts';

const fa = createI18n('fa');
const en = createI18n('en');

describe('errors the app writes itself', () => {
  it('keep their English message and carry a catalog key that crosses the IPC contract', () => {
    const err = serviceError('not_found', 'errors.service.noConnection', { name: 'acme' });
    expect(err.kind).toBe('not_found');
    expect(err.message).toBe('No connection named "acme" (see the connections command)');
    const data = crmErrorSchema.parse(JSON.parse(JSON.stringify(err.toData())));
    expect(data.text).toEqual({ key: 'errors.service.noConnection', values: { name: 'acme' } });
    expect(CrmError.fromData(data).text).toEqual(data.text);
  });

  it('are said in Persian, and in English exactly as their message', () => {
    const data = serviceError('conflict', 'errors.service.connectionExists', { name: 'Wonka S.A.' }).toData();
    expect(localizedError(data, fa).message).toBe('اتصالی با نام «Wonka S.A.» از پیش هست');
    expect(localizedError(data, en).message).toBe(data.message);
  });

  it('leave a vendor message as it was sent, in every language', () => {
    const data = new CrmError('validation', 'Field "name" is mandatory', { fields: { name: 'is mandatory' } }).toData();
    expect(localizedError(data, fa)).toEqual({ message: data.message, fields: { name: 'is mandatory' } });
  });

  it('say per-field messages in the language and build the message from them', () => {
    const err = fieldsError('validation', {
      size: serviceText('errors.service.wholeNumber'),
      name: serviceText('errors.service.maxLength', { count: 20 }),
    });
    expect(err.message).toBe('size: must be a whole number; name: at most 20 characters');
    expect(err.fields).toEqual({ size: 'must be a whole number', name: 'at most 20 characters' });
    const said = localizedError(err.toData(), fa);
    expect(said.fields).toEqual({ size: 'باید عدد صحیح باشد', name: 'حداکثر 20 نویسه' });
    expect(said.message).toBe('size: باید عدد صحیح باشد؛ name: حداکثر 20 نویسه');
  });

  it('record validation refuses with texts of its own', () => {
    const schema = {
      module: 'Accounts',
      capabilities: { create: true, update: true, delete: true },
      fields: [
        {
          name: 'employees',
          label: 'Employees',
          type: 'integer',
          required: false,
          readOnly: false,
          options: null,
          referenceTargets: [],
          maxLength: null,
        },
      ],
    } as unknown as ModuleSchema;
    let caught: unknown;
    try {
      validateRecordData(schema, { employees: 'many', shoe: 'x' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CrmError);
    const data = (caught as CrmError).toData();
    expect(data.fields).toEqual({ employees: 'must be a whole number', shoe: 'not a field of Accounts' });
    expect(localizedError(data, fa).fields).toEqual({ employees: 'باید عدد صحیح باشد', shoe: 'فیلد Accounts نیست' });
  });

  it('fall back to the English message when a key is not in the catalog (an older or newer app)', () => {
    const data = { kind: 'internal' as const, message: 'Something', text: { key: 'errors.service.gone' } };
    expect(localizedError(data, fa).message).toBe('Something');
  });
});
