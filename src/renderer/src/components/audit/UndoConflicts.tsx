import { useTranslation } from 'react-i18next';
import type { UndoConflict } from '../../../../shared/audit.ts';
import { showValue } from '../../lib/download.ts';

/** Fields that changed at the vendor since the write: the three values, and the user's choice. */
export function UndoConflicts({
  conflicts,
  onKeep,
  onCancel,
}: {
  conflicts: (UndoConflict & { record: string })[];
  onKeep: (keep: 'mine' | 'theirs') => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="conflict-box" role="alert" data-testid="undo-conflicts">
      <p>{t('audit.conflictIntro')}</p>
      <table className="plain-table">
        <thead>
          <tr>
            <th scope="col">{t('audit.record')}</th>
            <th scope="col">{t('audit.field')}</th>
            <th scope="col">{t('audit.before')}</th>
            <th scope="col">{t('audit.after')}</th>
            <th scope="col">{t('audit.now')}</th>
          </tr>
        </thead>
        <tbody>
          {conflicts.map((c) => (
            <tr key={`${c.record}:${c.field}`}>
              <td>{c.record}</td>
              <td>{c.field}</td>
              <td dir="auto">{showValue(c.before)}</td>
              <td dir="auto">{showValue(c.after)}</td>
              <td dir="auto">{showValue(c.now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" onClick={() => onKeep('mine')}>
          {t('audit.keepMine')}
        </button>
        <button type="button" onClick={() => onKeep('theirs')}>
          {t('audit.keepTheirs')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('audit.cancel')}
        </button>
      </div>
    </div>
  );
}
