import { useTranslation } from 'react-i18next';
import type { Field } from '../../../../shared/fields.ts';

interface Props {
  fields: readonly Field[];
  order: readonly string[];
  visible: (name: string) => boolean;
  onToggle: (name: string, visible: boolean) => void;
  onMove: (name: string, delta: -1 | 1) => void;
  onReset: () => void;
}

/** Which columns show and in what order (saved per module by the grid). */
export function ColumnChooser({ fields, order, visible, onToggle, onMove, onReset }: Props) {
  const { t } = useTranslation();
  const byName = new Map(fields.map((f) => [f.name, f]));
  return (
    <details className="column-chooser">
      <summary>{t('columns.title')}</summary>
      <div className="popup" role="group" aria-label={t('columns.title')}>
        <ul>
          {order.map((name) => {
            const f = byName.get(name);
            if (!f) return null;
            return (
              <li key={name}>
                <label dir="auto">
                  <input type="checkbox" checked={visible(name)} onChange={(e) => onToggle(name, e.target.checked)} />
                  {f.label}
                </label>
                <button
                  type="button"
                  className="icon"
                  aria-label={t('columns.moveUp', { field: f.label })}
                  onClick={() => onMove(name, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon"
                  aria-label={t('columns.moveDown', { field: f.label })}
                  onClick={() => onMove(name, 1)}
                >
                  ↓
                </button>
              </li>
            );
          })}
        </ul>
        <button type="button" onClick={onReset}>
          {t('columns.reset')}
        </button>
      </div>
    </details>
  );
}
