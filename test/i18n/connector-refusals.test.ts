import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/shared/errors.ts';
import type { Field } from '../../src/shared/fields.ts';
import { localizedError } from '../../src/shared/i18n/error-text.ts';
import { createI18n } from '../../src/shared/i18n/index.ts';
import { parseFunctions } from '../../src/main/connectors/smartsimple/settings.ts';
import { filterValue, toVendorBody } from '../../src/main/connectors/spotler/values.ts';

const fa = createI18n('fa');
const en = createI18n('en');

function caught(run: () => unknown): CrmError {
  try {
    run();
  } catch (err) {
    if (err instanceof CrmError) return err;
    throw err;
  }
  throw new Error('expected a CrmError');
}

function field(name: string, type: Field['type'], readOnly = false): Field {
  return {
    name,
    label: name,
    type,
    required: false,
    readOnly,
    options: null,
    referenceTargets: [],
    maxLength: null,
    default: null,
  };
}

describe("a connector's own refusals", () => {
  it('keep their English message and are said in Persian', () => {
    const err = caught(() => parseFunctions('{not json'));
    expect(err.kind).toBe('invalid_input');
    expect(err.message).toBe('SmartSimple "functions" setting is not valid JSON');
    expect(localizedError(err.toData(), en).message).toBe(err.message);
    expect(localizedError(err.toData(), fa).message).toBe('تنظیم «functions» در SmartSimple JSON معتبر نیست');
  });

  it('say each field problem in the language and keep the English per-field messages', () => {
    const fields = [field('name', 'string'), field('created', 'datetime', true), field('size', 'integer')];
    const err = caught(() => toVendorBody({ created: 'x', size: 'big', shoe: 1 }, fields, 'accounts'));
    expect(err.kind).toBe('validation');
    expect(err.message).toBe('SpotlerCRM: some values cannot be sent');
    expect(err.fields).toEqual({
      created: 'is read-only',
      size: 'must be a number',
      shoe: 'is not a field of accounts',
    });
    const said = localizedError(err.toData(), fa);
    expect(said.message).toBe('SpotlerCRM: برخی مقدارها را نمی‌شود فرستاد');
    expect(said.fields).toEqual({
      created: 'فقط‌خواندنی است',
      size: 'باید عدد باشد',
      shoe: 'فیلدی از accounts نیست',
    });
  });

  it('name the filter field and value when a filter value has the wrong type', () => {
    const err = caught(() => filterValue(field('size', 'integer'), '1.5'));
    expect(err.kind).toBe('invalid_input');
    expect(err.message).toBe('Filter on "size": "1.5" is not a whole number');
    expect(localizedError(err.toData(), fa).message).toBe('فیلتر روی «size»: «1.5» عدد صحیح نیست');
  });
});
