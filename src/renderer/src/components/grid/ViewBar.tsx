import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedView } from '../../../../shared/views.ts';
import { useViewActions, useViews } from '../../queries/views.ts';
import { errorMessage } from '../common/ErrorBox.tsx';

interface Props {
  connection: string;
  module: string;
  /** The view shown now, or null for the module's own layout. */
  current: string | null;
  onChoose: (name: string | null) => void;
  /** The grid's state now, as a view of that name. */
  capture: (name: string) => SavedView;
}

/** Saved views of the module: choose, save the grid as one, rename, delete, set default, share as a file. */
export function ViewBar({ connection, module, current, onChoose, capture }: Props) {
  const { t } = useTranslation();
  const views = useViews(connection, module);
  const actions = useViewActions(connection, module);
  const [naming, setNaming] = useState<'save' | 'rename' | null>(null);
  const [name, setName] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const active = views.data?.find((v) => v.name === current) ?? null;

  const submit = async () => {
    const text = name.trim();
    if (text === '') return;
    try {
      if (naming === 'rename' && active) {
        await actions.rename.mutateAsync({ name: active.name, to: text });
      } else {
        // The grid's state now; a bulk mapping stays with the view it was saved with (or its copy).
        const target = views.data?.find((v) => v.name === text);
        const bulkMap = target ? target.bulkMap : active?.bulkMap;
        await actions.save.mutateAsync({
          ...capture(text),
          default: active?.name === text && active.default,
          ...(bulkMap ? { bulkMap } : {}),
        });
      }
      onChoose(text);
      setNaming(null);
      setNote(null);
    } catch (err) {
      setNote(errorMessage(err));
    }
  };

  const exportView = async () => {
    if (!active) return;
    const { text } = await actions.exportText(active.name);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${active.name.replace(/[^\p{L}\p{N} _-]/gu, '_')}.view.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const importView = async (file: File) => {
    try {
      const result = await actions.importText.mutateAsync(await file.text());
      onChoose(result.name);
      setNote(
        result.unknownFields.length > 0
          ? t('views.importedUnknown', {
              name: result.name,
              fields: result.unknownFields.join(t('common.listSeparator')),
            })
          : t('views.imported', { name: result.name }),
      );
    } catch (err) {
      setNote(errorMessage(err));
    }
  };

  return (
    <div className="view-bar" data-testid="view-bar">
      <label>
        {t('views.view')}{' '}
        <select
          data-testid="view-select"
          value={current ?? ''}
          onChange={(e) => onChoose(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">{t('views.myLayout')}</option>
          {views.data?.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
              {v.default ? t('views.defaultMark') : ''}
            </option>
          ))}
        </select>
      </label>
      {naming ? (
        <form
          className="view-name"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <input
            aria-label={t('views.name')}
            value={name}
            maxLength={100}
            autoFocus
            dir="auto"
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit">{naming === 'rename' ? t('views.rename') : t('views.save')}</button>
          <button type="button" onClick={() => setNaming(null)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <>
          <button
            type="button"
            onClick={() => {
              setName(active?.name ?? '');
              setNaming('save');
            }}
          >
            {t('views.saveAs')}
          </button>
          {active && (
            <>
              <button
                type="button"
                onClick={() => {
                  setName(active.name);
                  setNaming('rename');
                }}
              >
                {t('views.rename')}
              </button>
              <button type="button" onClick={() => actions.setDefault.mutate(active.default ? null : active.name)}>
                {active.default ? t('views.unsetDefault') : t('views.setDefault')}
              </button>
              <button type="button" onClick={() => void exportView()}>
                {t('views.export')}
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => actions.remove.mutate(active.name, { onSuccess: () => onChoose(null) })}
              >
                {t('views.remove')}
              </button>
            </>
          )}
          <button type="button" onClick={() => fileRef.current?.click()}>
            {t('views.import')}
          </button>
          <input
            ref={fileRef}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="view-import"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importView(f);
            }}
          />
        </>
      )}
      {note && (
        <span className="muted" role="status" data-testid="view-note">
          {note}
        </span>
      )}
    </div>
  );
}
