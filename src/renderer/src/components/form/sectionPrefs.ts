import { useCallback, useState } from 'react';
import { isBoolean, isRecordOf, loadJson, saveJson } from '../../lib/storage.ts';

/** The sections the user opened or closed in a module's record view (id -> open), kept in localStorage. */
export type SectionChoices = Record<string, boolean>;

const isChoices = isRecordOf(isBoolean);

export function useSectionPrefs(connection: string, module: string) {
  const key = `crm-desk:sections:${connection}:${module}`;
  const [state, setState] = useState(() => ({ key, choices: loadJson<SectionChoices>(key, {}, isChoices) }));
  // Another module: its own choices (state derived during render, as the grid's layout does).
  const choices = state.key === key ? state.choices : loadJson<SectionChoices>(key, {}, isChoices);
  if (state.key !== key) setState({ key, choices });
  const choose = useCallback(
    (patch: SectionChoices) => {
      setState((s) => {
        const next = { ...(s.key === key ? s.choices : loadJson<SectionChoices>(key, {}, isChoices)), ...patch };
        saveJson(key, next);
        return { key, choices: next };
      });
    },
    [key],
  );
  return { choices, choose };
}
