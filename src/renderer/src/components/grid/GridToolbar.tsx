import { useTranslation } from 'react-i18next';
import type { Field } from '../../../../shared/fields.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { ColumnChooser } from './ColumnChooser.tsx';
import type { GridLayout } from './useGridTable.ts';
import type { InlineEdits } from './useInlineEdits.ts';

interface Props {
  search: string;
  searchField: Field | null;
  /** Offline the box searches every text field (the mirror's search index), not one field. */
  offline: boolean;
  onSearch: (text: string) => void;
  fields: Field[];
  layout: GridLayout;
  onReload: () => void;
  onExport: () => void;
  edits: Pick<InlineEdits, 'pendingCount' | 'applying' | 'discard' | 'applyPending'>;
  onNew: (() => void) | null;
}

/** Above the grid: quick search, column chooser, reload, export, the inline-edit bar and New. */
export function GridToolbar(p: Props) {
  const { t } = useTranslation();
  const { formats } = useLocale();
  return (
    <div className="toolbar">
      <input
        type="search"
        className="quick-search"
        dir="auto"
        placeholder={
          p.offline
            ? t('grid.searchAll')
            : p.searchField
              ? t('grid.searchField', { field: p.searchField.label })
              : t('grid.search')
        }
        aria-label={t('grid.quickSearch')}
        disabled={!p.offline && !p.searchField}
        value={p.search}
        onChange={(e) => p.onSearch(e.target.value)}
      />
      <ColumnChooser
        fields={p.fields}
        order={p.layout.columnOrder}
        visible={(name) => p.layout.columnVisibility[name] !== false}
        onToggle={p.layout.toggleColumn}
        onMove={p.layout.moveColumn}
        onReset={p.layout.resetLayout}
      />
      <button type="button" onClick={p.onReload} title={t('grid.reload')}>
        ⟳
      </button>
      <button type="button" onClick={p.onExport}>
        {t('grid.export')}
      </button>
      <span className="spacer" />
      {p.edits.pendingCount > 0 && (
        <span className="pending-bar" data-testid="pending-bar">
          {t('grid.rowsChanged', { count: p.edits.pendingCount, n: formats.count(p.edits.pendingCount) })}
          <button type="button" onClick={p.edits.discard} disabled={p.edits.applying}>
            {t('grid.discard')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void p.edits.applyPending()}
            disabled={p.edits.applying}
          >
            {p.edits.applying ? t('grid.applying') : t('grid.apply')}
          </button>
        </span>
      )}
      {p.onNew && (
        <button type="button" className="primary" onClick={p.onNew}>
          {t('grid.new')}
        </button>
      )}
    </div>
  );
}
