import { useEffect, useRef } from 'react';
import type { ActionId } from './actions.ts';

/**
 * Module and record actions started from the palette or a shortcut reach the open ModuleScreen here:
 * it owns their state (the export dialog, the sync, the create form), the App does not.
 */
const bus = new EventTarget();
const EVENT = 'crm-command';

export function runCommand(id: ActionId): boolean {
  const event = new CustomEvent<ActionId>(EVENT, { detail: id, cancelable: true });
  // A listener that handled it cancels the event: the caller then knows someone acted.
  return !bus.dispatchEvent(event);
}

/** Handles one action while the component is mounted. */
export function useCommand(id: ActionId, handler: () => void, enabled = true): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: Event) => {
      if ((e as CustomEvent<ActionId>).detail !== id) return;
      e.preventDefault();
      latest.current();
    };
    bus.addEventListener(EVENT, listener);
    return () => bus.removeEventListener(EVENT, listener);
  }, [id, enabled]);
}
