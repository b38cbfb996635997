import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelInput } from '../../../../shared/contract.ts';
import { useCommand } from '../../commands/bus.ts';
import { usePinRecord, useRecents, useVisitRecord } from '../../queries/search.ts';

export type RecordMention = ChannelInput<'recents.visit'>;

/** Puts an opened record at the top of the home screen's recent list (once per record and label). */
export function useRememberVisit(record: RecordMention | null): void {
  const visit = useVisitRecord();
  const key = record ? JSON.stringify(record) : null;
  const { mutate } = visit;
  useEffect(() => {
    if (key) mutate(JSON.parse(key) as RecordMention);
  }, [key, mutate]);
}

/** Pins the record to the home screen, or unpins it (also Alt+P and the palette). */
export function RecordPinButton({ record }: { record: RecordMention }) {
  const { t } = useTranslation();
  const recents = useRecents();
  const pin = usePinRecord();
  const pinned = (recents.data?.pinned ?? []).some(
    (p) => p.connection === record.connection && p.module === record.module && p.id === record.id,
  );
  const toggle = () => pin.mutate({ ...record, pinned: !pinned });
  useCommand('pin', toggle);
  return (
    <>
      <button
        type="button"
        className="pin-button"
        aria-pressed={pinned}
        onClick={toggle}
        disabled={pin.isPending || !recents.data}
        data-testid="pin-record"
        title={t('recents.pinTitle')}
      >
        {pinned ? t('recents.unpin') : t('recents.pin')}
      </button>
      {pin.isError && (
        <span className="bad" role="alert">
          {pin.error.message}
        </span>
      )}
    </>
  );
}
