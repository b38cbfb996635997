/**
 * The modules this client offers. The API has no module-list method; the doc's "Module List" table gives
 * each module key with its Persian and English label. Only record modules whose fields this client has
 * been tested against are listed.
 */
const labels: Record<string, { fa_IR: string; en_US: string }> = {
  Accounts: { fa_IR: 'حساب ها', en_US: 'Accounts' },
  Contacts: { fa_IR: 'افراد', en_US: 'Contacts' },
  Leads: { fa_IR: 'سرنخ', en_US: 'Leads' },
  Opportunities: { fa_IR: 'فرصت ها', en_US: 'Opportunities' },
};

export const sarvModuleIds: readonly string[] = Object.keys(labels);

export function moduleLabel(module: string, language: 'fa_IR' | 'en_US'): string {
  return labels[module]?.[language] ?? module;
}
