/** The shapes Simply CRM (vtiger's webservice) sends, as docs/vendors.md records them. */

export interface VtEnvelope<T> {
  success: boolean;
  result?: T;
  /** docs/vendors.md: real servers send code/message; the doc says errorCode/errorMessage. Accept both. */
  error?: { code?: string | number; message?: string; errorCode?: string | number; errorMessage?: string };
}

export interface VtLogin {
  /** docs/vendors.md: the session key is `sessionName` (the doc says sessionId). */
  sessionName?: string;
  sessionId?: string;
  userId: string;
  version?: string;
  vtigerVersion?: string;
}

export interface VtFieldType {
  name: string;
  picklistValues?: { label: string; value: string }[] | string[];
  defaultValue?: string;
  refersTo?: string[];
  format?: string;
}

export interface VtField {
  name: string;
  label: string;
  mandatory: boolean;
  type: VtFieldType;
  editable?: boolean;
  nullable?: boolean;
  default?: string;
}

export interface VtDescribe {
  label: string;
  name: string;
  createable: boolean;
  updateable: boolean;
  deleteable: boolean;
  retrieveable?: boolean;
  fields: VtField[];
  idPrefix: string;
  isEntity?: boolean;
  labelFields?: string | string[];
}

export interface VtListTypes {
  types: string[];
  information?: Record<string, { isEntity?: boolean; label?: string; singular?: string }>;
}

/** Every value of a vtiger record is a string (docs/vendors.md). */
export type VtRecord = Record<string, string>;

export interface VtSync {
  updated: VtRecord[];
  deleted: string[];
  more?: boolean;
  lastModifiedTime: number | string;
}
