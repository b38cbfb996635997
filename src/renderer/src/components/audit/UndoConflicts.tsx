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
  return (
    <div className="conflict-box" role="alert" data-testid="undo-conflicts">
      <p>Changed at the vendor since this write:</p>
      <table className="plain-table">
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After the write</th>
            <th scope="col">Now</th>
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
          Write the before values anyway
        </button>
        <button type="button" onClick={() => onKeep('theirs')}>
          Keep the new values of those fields
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
