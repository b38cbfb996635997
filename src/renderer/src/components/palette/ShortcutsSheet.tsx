import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { actions, GROUP_TEXT, shortcutText } from '../../commands/actions.ts';

/** `?`: every shortcut, read from the same table the palette uses. */
export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
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
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        {groups.map(({ group, items }) => (
          <section key={group}>
            <h3>{t(GROUP_TEXT[group])}</h3>
            <table>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{t(a.label)}</th>
                    <td>{a.shortcut && <kbd>{shortcutText(a.shortcut)}</kbd>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
        <p className="muted">{t('shortcuts.listHint')}</p>
        <button ref={close} type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
