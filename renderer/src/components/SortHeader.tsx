export interface SortState<K extends string> {
  key: K;
  direction: 'asc' | 'desc';
}

export interface SortHeaderProps<K extends string> {
  sortKey: K;
  label: string;
  className?: string;
  sort: SortState<K>;
  /** The operator clicked the header: sort by this column, or flip the direction if it already is. */
  onSort(key: K): void;
}

/**
 * A column header that sorts its table: a button, with `aria-sort` on the header cell so
 * assistive technology announces the order, and a mark that shows it.
 */
export function SortHeader<K extends string>({ sortKey, label, className, sort, onSort }: SortHeaderProps<K>) {
  const active = sort.key === sortKey;
  const direction = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" className={className === undefined ? 'sortable' : `sortable ${className}`} aria-sort={direction}>
      <button type="button" className="sort-button" onClick={() => onSort(sortKey)}>
        {label}
        <span className={`sort-mark${active ? ' sort-active' : ''}`} aria-hidden="true">
          {active && sort.direction === 'desc' ? '▼' : '▲'}
        </span>
      </button>
    </th>
  );
}
