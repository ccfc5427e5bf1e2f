export interface FilterFieldProps {
  /** Accessible name, e.g. "Filter devices". */
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
  maxLength: number;
}

/** The search box at the head of a list: typed text narrows the rows, nothing is submitted. */
export function FilterField({ label, placeholder, value, onChange, maxLength }: FilterFieldProps) {
  return (
    <input
      type="search"
      className="filter"
      aria-label={label}
      placeholder={placeholder}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      maxLength={maxLength}
      spellCheck={false}
      autoComplete="off"
    />
  );
}
