import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n/instance.ts';
import type { ConnectionInfo } from '../../../../shared/contract.ts';
import type { SettingSpec, VendorId, VendorInfo } from '../../../../shared/crm-vendors.ts';
import { useSaveConnection } from '../../queries/connections.ts';
import { ConfirmDialog } from '../common/ConfirmDialog.tsx';
import { isolate } from '../../i18n/bidi.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';

interface Props {
  vendors: VendorInfo[];
  /** The connection being edited, or null to add one. */
  existing: ConnectionInfo | null;
  onDone: (name: string) => void;
  onCancel: () => void;
}

function initialSettings(vendor: VendorInfo | undefined, existing: ConnectionInfo | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const s of vendor?.settings ?? []) values[s.name] = existing?.settings[s.name] ?? s.default ?? '';
  return values;
}

function settingError(spec: SettingSpec, value: string): string | null {
  if (spec.required && value.trim() === '') return i18n.t('common.required');
  if (spec.kind === 'json' && value.trim() !== '') {
    try {
      JSON.parse(value);
    } catch {
      return i18n.t('connections.jsonInvalid');
    }
  }
  return null;
}

/** The URL's origin (scheme, host, port), or null when it is not a URL. */
function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Every field comes from the vendor's own settings description (`vendors.list`). Secrets are write-only:
 * a stored secret shows as "stored" and is kept unless the user types a new one.
 */
export function ConnectionForm({ vendors, existing, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const [vendorId, setVendorId] = useState<VendorId>(existing?.vendor ?? vendors[0]?.id ?? 'simply');
  const vendor = vendors.find((v) => v.id === vendorId);
  const [name, setName] = useState(existing?.name ?? '');
  const [url, setUrl] = useState(existing?.url ?? '');
  const [settings, setSettings] = useState(() => initialSettings(vendor, existing));
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState(false);
  /** The new origin the stored secrets would be sent to, while the user is asked to confirm it. */
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const save = useSaveConnection();

  const changeVendor = (id: VendorId) => {
    setVendorId(id);
    setSettings(
      initialSettings(
        vendors.find((v) => v.id === id),
        null,
      ),
    );
    setSecrets({});
  };

  const stored = new Set(existing?.vendor === vendorId ? existing.secretNames : []);
  const errors: Record<string, string> = {};
  if (name.trim() === '') errors.name = t('common.required');
  if (!/^https?:\/\/\S+$/.test(url)) errors.url = t('connections.urlInvalid');
  for (const spec of vendor?.settings ?? []) {
    const e = settingError(spec, settings[spec.name] ?? '');
    if (e) errors[`setting:${spec.name}`] = e;
  }
  for (const spec of vendor?.secrets ?? []) {
    if (!stored.has(spec.name) && !secrets[spec.name]) errors[`secret:${spec.name}`] = t('common.required');
  }

  const send = (confirmHost: string | null) => {
    if (!vendor) return;
    const typed = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ''));
    // Omitting secrets keeps the stored ones (contract: connections.save).
    const keepStored = Object.keys(typed).length === 0 && existing !== null && existing.vendor === vendorId;
    save.mutate(
      {
        name: name.trim(),
        vendor: vendorId,
        url,
        settings,
        ...(keepStored ? {} : { secrets: typed }),
        ...(existing && existing.name !== name.trim() ? { previousName: existing.name } : {}),
        ...(confirmHost ? { confirmHost } : {}),
      },
      { onSuccess: (saved) => onDone(saved.name) },
    );
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(errors).length > 0 || !vendor) return;
    // Stored secrets follow a new scheme, host or port only when the user says so, naming the new host.
    const target = originOf(url);
    const moved = existing !== null && existing.vendor === vendorId && target !== originOf(existing.url);
    const allTyped = vendor.secrets.every((spec) => (secrets[spec.name] ?? '') !== '');
    if (moved && target && stored.size > 0 && !allTyped) {
      setMoveTo(target);
      return;
    }
    send(null);
  };

  const err = (key: string) => (touched && errors[key] ? <span className="field-error">{errors[key]}</span> : null);

  return (
    <form className="connection-form" onSubmit={submit} noValidate data-testid="connection-form">
      <h2 dir="auto">
        {existing ? t('connections.formEdit', { name: isolate(existing.name) }) : t('connections.formNew')}
      </h2>
      <label className="form-row">
        <span>{t('connections.vendor')}</span>
        <select value={vendorId} onChange={(e) => changeVendor(e.target.value as VendorId)} name="vendor">
          {vendors.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </select>
      </label>
      <label className="form-row">
        <span className="required">{t('connections.name')}</span>
        <input name="name" dir="auto" value={name} onChange={(e) => setName(e.target.value)} />
        {err('name')}
      </label>
      <label className="form-row">
        <span className="required">{t('connections.url')}</span>
        <input name="url" type="url" dir="ltr" value={url} onChange={(e) => setUrl(e.target.value)} />
        {err('url')}
      </label>
      {vendor?.settings.map((spec) => (
        <label className="form-row" key={spec.name}>
          <span className={spec.required ? 'required' : undefined}>{spec.label}</span>
          <SettingInput
            spec={spec}
            value={settings[spec.name] ?? ''}
            onChange={(v) => setSettings((s) => ({ ...s, [spec.name]: v }))}
          />
          {spec.help && <small className="help">{spec.help}</small>}
          {err(`setting:${spec.name}`)}
        </label>
      ))}
      {vendor?.secrets.map((spec) => (
        <label className="form-row" key={spec.name}>
          <span className={stored.has(spec.name) ? undefined : 'required'}>{spec.label}</span>
          <input
            name={`secret-${spec.name}`}
            type="password"
            autoComplete="off"
            placeholder={stored.has(spec.name) ? t('connections.secretStored') : ''}
            value={secrets[spec.name] ?? ''}
            onChange={(e) => setSecrets((s) => ({ ...s, [spec.name]: e.target.value }))}
          />
          {err(`secret:${spec.name}`)}
        </label>
      ))}
      {save.isError && <ErrorBox error={save.error} />}
      {moveTo && (
        <ConfirmDialog
          title={t('connections.moveTitle')}
          message={t('connections.moveMessage', { host: isolate(moveTo) })}
          confirmLabel={t('connections.moveConfirm', { host: isolate(moveTo) })}
          danger
          onConfirm={() => {
            const host = moveTo;
            setMoveTo(null);
            send(host);
          }}
          onCancel={() => setMoveTo(null)}
        />
      )}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}

function SettingInput({ spec, value, onChange }: { spec: SettingSpec; value: string; onChange: (v: string) => void }) {
  const name = `setting-${spec.name}`;
  if (spec.kind === 'select') {
    return (
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {!spec.required && <option value="">—</option>}
        {spec.options?.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  if (spec.kind === 'json') {
    return (
      <textarea
        name={name}
        className="mono"
        rows={6}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return <input name={name} dir="auto" value={value} onChange={(e) => onChange(e.target.value)} />;
}
