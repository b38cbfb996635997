import { useState } from 'react';

export interface TypedInputProps {
  /** The value as the app stores and sends it ('' for none), whatever is shown. */
  value: string;
  onChange: (value: string) => void;
  id?: string;
  name?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  placeholder?: string;
  title?: string;
  autoFocus?: boolean;
  disabled?: boolean;
  required?: boolean;
  className?: string;
  onBlur?: () => void;
  onKeyDown?: React.KeyboardEventHandler<HTMLInputElement>;
}

/**
 * The browser's own date, date-time or time input (English, or Persian with the Gregorian calendar).
 * `toInput`/`fromInput` convert between the stored value and the input's text where they differ.
 */
export function NativeInput({
  type,
  toInput = (v) => v,
  fromInput = (v) => v,
  value,
  onChange,
  placeholder,
  ...rest
}: TypedInputProps & {
  type: 'date' | 'datetime-local' | 'time';
  toInput?: (value: string) => string;
  fromInput?: (text: string) => string;
}) {
  return (
    <input
      {...rest}
      type={type}
      {...(type === 'time' ? { step: 1 } : {})}
      value={toInput(value)}
      {...(placeholder ? { placeholder } : {})}
      onChange={(e) => onChange(fromInput(e.target.value))}
    />
  );
}

interface Props extends TypedInputProps {
  /** Typed text to the stored value, or null when the text is not one. */
  parse: (text: string) => string | null;
  /** The stored value as the field shows it. */
  display: (value: string) => string;
  /** The stored value written out in full, shown under the field while the user types. */
  readBack: (value: string) => string;
  /** Said under the field while the text is not a value. */
  invalidMessage: string;
  /** Marks which calendar the text is read in (`data-calendar`). */
  calendar: string;
}

/**
 * A text field for a value typed in the user's own calendar and digits. What was typed stays on screen
 * while it is being typed; under it the value it reads as, or what is wrong with it. Text that is not a
 * value yet is marked invalid and not handed on; leaving the field shows a handed-on value in its usual
 * form, still read back until the value changes from elsewhere (saved, reverted).
 */
export function TypedInput({
  value,
  onChange,
  parse,
  display,
  readBack,
  invalidMessage,
  calendar,
  placeholder,
  onBlur,
  ...rest
}: Props) {
  const [draft, setDraft] = useState<{ text: string; for: string } | null>(null);
  const typing = draft !== null && draft.for === value;
  const shown = typing ? draft.text : display(value);
  const invalid = shown.trim() !== '' && parse(shown) === null;
  const echoId = rest.id ? `${rest.id}-read-back` : undefined;
  const echo = invalid ? invalidMessage : typing && value !== '' ? readBack(value) : null;
  return (
    <>
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        dir="ltr"
        data-calendar={calendar}
        {...(placeholder ? { placeholder } : {})}
        value={shown}
        aria-invalid={rest['aria-invalid'] || invalid || undefined}
        {...(echo !== null && echoId
          ? { 'aria-describedby': [rest['aria-describedby'], echoId].filter(Boolean).join(' ') }
          : {})}
        title={invalid ? invalidMessage : rest.title}
        onChange={(e) => {
          const text = e.target.value;
          const parsed = text.trim() === '' ? '' : parse(text);
          if (parsed !== null && parsed !== value) {
            setDraft({ text, for: parsed });
            onChange(parsed);
          } else setDraft({ text, for: value });
        }}
        onBlur={() => {
          // The text takes its usual form; what it reads as stays said under it (the layout does not
          // move under a click that ends the typing).
          if (typing && !invalid) setDraft({ text: display(value), for: value });
          onBlur?.();
        }}
      />
      {echo !== null && (
        <output
          className={invalid ? 'typed-read-back invalid' : 'typed-read-back'}
          data-testid="typed-read-back"
          dir="auto"
          {...(echoId ? { id: echoId } : {})}
        >
          {echo}
        </output>
      )}
    </>
  );
}
