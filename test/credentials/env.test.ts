import { describe, expect, it } from 'vitest';
import { readEnvSecrets, secretEnvName } from '../../src/main/credentials/env.ts';

describe('CRM_SECRET_<NAME>', () => {
  it('upper-cases the name and turns every character outside A-Z0-9 into _', () => {
    expect(secretEnvName('acme')).toBe('CRM_SECRET_ACME');
    expect(secretEnvName('Acme EU-2')).toBe('CRM_SECRET_ACME_EU_2');
    expect(secretEnvName('a.b/c:d')).toBe('CRM_SECRET_A_B_C_D');
    expect(secretEnvName('کرم')).toBe('CRM_SECRET____');
    expect(secretEnvName('straße')).toBe('CRM_SECRET_STRASSE');
  });

  it('reads a JSON object of strings, or null when unset or empty', () => {
    expect(readEnvSecrets('acme', {})).toBeNull();
    expect(readEnvSecrets('acme', { CRM_SECRET_ACME: '' })).toBeNull();
    expect(readEnvSecrets('acme', { CRM_SECRET_ACME: '{"apiKey":"k","apiSecret":"s"}' })).toEqual({
      apiKey: 'k',
      apiSecret: 's',
    });
    // A nested value (SmartSimple's functions list) is kept as JSON text.
    expect(readEnvSecrets('acme', { CRM_SECRET_ACME: '{"functions":[{"a":1}]}' })).toEqual({ functions: '[{"a":1}]' });
  });

  it('refuses a malformed value without echoing it', () => {
    expect(() => readEnvSecrets('acme', { CRM_SECRET_ACME: 'topsecret{' })).toThrow(
      /CRM_SECRET_ACME is not valid JSON/,
    );
    try {
      readEnvSecrets('acme', { CRM_SECRET_ACME: 'topsecret{' });
    } catch (err) {
      expect((err as Error).message).not.toContain('topsecret');
    }
    expect(() => readEnvSecrets('acme', { CRM_SECRET_ACME: '["x"]' })).toThrow(/one JSON object/);
    expect(() => readEnvSecrets('acme', { CRM_SECRET_ACME: '{"a":null}' })).toThrow(/"a" must be a string/);
  });
});
