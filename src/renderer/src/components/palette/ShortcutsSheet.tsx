import { useEffect, useRef } from 'react';
import { actions, shortcutText, type ActionGroup } from '../../commands/actions.ts';

const GROUP_TEXT: Record<ActionGroup, string> = {
  App: 'Anywhere',
  Module: 'With a module open',
  Record: 'With a record open',
};

/** `?`: every shortcut, read from the same table the palette uses. */
export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  const groups = (['App', 'Module', 'Record'] as const).map((g) => ({
    group: g,
    items: actions.filter((a) => a.group === g && a.shortcut),
  }));
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal shortcuts-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        data-testid="shortcuts-sheet"
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        {groups.map(({ group, items }) => (
          <section key={group}>
            <h3>{GROUP_TEXT[group]}</h3>
            <table>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{a.label}</th>
                    <td>{a.shortcut && <kbd>{shortcutText(a.shortcut)}</kbd>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
        <p className="muted">In a search list: ↑ ↓ to move, Enter to open, Esc to close.</p>
        <button ref={close} type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
