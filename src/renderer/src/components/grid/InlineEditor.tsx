import type { Field, RecordValue } from '../../../../shared/fields.ts';
import { FieldWidget } from '../form/FieldWidget.tsx';

interface Props {
  connection: string;
  field: Field;
  value: RecordValue | undefined;
  onCommit: (value: RecordValue) => void;
  onCancel: () => void;
  onChange: (value: RecordValue) => void;
  /** The edit was ended with Enter or Escape (the grid takes focus back). */
  onKeyboardExit?: () => void;
}

/** The editor shown in a grid cell: Enter or leaving the cell keeps the value, Escape drops it. */
export function InlineEditor({ connection, field, value, onCommit, onCancel, onChange, onKeyboardExit }: Props) {
  return (
    <div
      className="inline-editor"
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter' && field.type !== 'text') {
          onKeyboardExit?.();
          onCommit(value ?? null);
        }
        if (e.key === 'Escape') {
          onKeyboardExit?.();
          onCancel();
        }
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) onCommit(value ?? null);
      }}
    >
      <FieldWidget
        connection={connection}
        field={field}
        value={value}
        onChange={onChange}
        invalid={false}
        inputId={`inline-${field.name}`}
        autoFocus
      />
    </div>
  );
}
