/** "Day shift, Night shift" for IDs; an ID whose record is gone shows as "#12"; none as "—". */
export function namesOf(records: readonly { id: number; name: string }[] | undefined): (ids: readonly number[]) => string {
  const names = new Map(records?.map((r) => [r.id, r.name]));
  return (ids) => (ids.length === 0 ? '—' : ids.map((id) => names.get(id) ?? `#${id}`).join(', '));
}
