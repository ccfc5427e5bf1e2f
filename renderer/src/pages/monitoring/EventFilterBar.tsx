import { useEffect, useMemo, useRef, useState } from 'react';
import { eventLevels, type EventLevel } from '../../../../shared/domain/consoleEvent';
import { eventCategories, type EventCategory } from '../../../../shared/domain/eventCatalog';
import { EMPTY_EVENT_FILTER, MAX_FILTER_TEXT, type EventFilter } from '../../../../shared/domain/eventFilter';
import { eventTypeOptions } from '../../../../shared/domain/eventTypes';
import { fromLocalInput, timeChoiceOf, timeChoices, timeFilterOf, toLocalInput, type TimeChoice } from './eventLogText';
import { categoryLabels, levelLabels } from './eventText';
import { MultiPick, type PickGroup } from './MultiPick';

/** Typing settles for this long before the filter is applied. */
const TYPING_SETTLES_MS = 300;

/** A text field of the filter, applied (trimmed) once typing settles: every keystroke would start a new read. */
function SettlingField({ label, placeholder, value, maxLength, onCommit }: { label: string; placeholder: string; value: string; maxLength: number; onCommit(value: string): void }) {
  const [draft, setDraft] = useState(value);
  // The latest callback, so a parent re-rendering meanwhile does not restart the wait.
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => {
    if (draft.trim() === value) return;
    const timer = setTimeout(() => commit.current(draft.trim()), TYPING_SETTLES_MS);
    return () => clearTimeout(timer);
  }, [draft, value]);
  return (
    <input
      type="search"
      className="filter filter-narrow"
      aria-label={label}
      placeholder={placeholder}
      value={draft}
      maxLength={maxLength}
      spellCheck={false}
      autoComplete="off"
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && draft.trim() !== value) onCommit(draft.trim());
      }}
    />
  );
}

const categoryGroups: PickGroup<EventCategory>[] = [{ label: null, options: eventCategories.map((category) => ({ value: category, label: categoryLabels[category] })) }];
const levelGroups: PickGroup<EventLevel>[] = [{ label: null, options: eventLevels.map((level) => ({ value: level, label: levelLabels[level] })) }];
const typeGroups: PickGroup<string>[] = eventCategories
  .map((category) => ({ label: categoryLabels[category], options: eventTypeOptions().filter((option) => option.category === category).map((option) => ({ value: option.kind, label: option.label })) }))
  .filter((group) => group.options.length > 0);

export interface EventFilterBarProps {
  filter: EventFilter;
  deviceNames: ReadonlyMap<number, string>;
  /** Changes when the filter is replaced whole, so the text fields start over from it. */
  replacedCount: number;
  onEdit(filter: EventFilter): void;
  onClear(): void;
}

/** The Event log's filter: when, which devices, which user, which categories, types and severities, what text. */
export function EventFilterBar({ filter, deviceNames, replacedCount, onEdit, onClear }: EventFilterBarProps) {
  const deviceGroups = useMemo<PickGroup<number>[]>(() => {
    const options = [...deviceNames].map(([id, name]) => ({ value: id, label: name === '' ? String(id) : `${name} (${id})` })).sort((a, b) => a.label.localeCompare(b.label));
    // A device the filter names that the console no longer knows stays pickable (to take it off).
    for (const id of filter.deviceIds) if (!deviceNames.has(id)) options.push({ value: id, label: String(id) });
    return [{ label: null, options }];
  }, [deviceNames, filter.deviceIds]);
  const choice = timeChoiceOf(filter.time);
  const { time } = filter;
  const edit = (change: Partial<EventFilter>) => onEdit({ ...filter, ...change });

  return (
    <div className="filter-bar" role="search" aria-label="Event log filter">
      <select className="filter-select" aria-label="Time" value={choice} onChange={(event) => edit({ time: timeFilterOf(event.target.value as TimeChoice, time, Date.now()) })}>
        {timeChoices.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.label}
          </option>
        ))}
      </select>
      {time.kind === 'between' && (
        <>
          <input
            type="datetime-local"
            className="filter-select filter-datetime"
            aria-label="From"
            value={toLocalInput(time.from)}
            onChange={(event) => edit({ time: { ...time, from: fromLocalInput(event.target.value) } })}
          />
          <input
            type="datetime-local"
            className="filter-select filter-datetime"
            aria-label="To"
            value={toLocalInput(time.to)}
            onChange={(event) => edit({ time: { ...time, to: fromLocalInput(event.target.value, true) } })}
          />
        </>
      )}
      <MultiPick label="Devices" any="Any device" plural="devices" groups={deviceGroups} picked={filter.deviceIds} onChange={(deviceIds) => edit({ deviceIds })} />
      <SettlingField
        key={`user-${replacedCount}`}
        label="User ID"
        placeholder="User ID"
        value={filter.userId ?? ''}
        maxLength={32}
        onCommit={(value) => edit({ userId: value === '' ? null : value })}
      />
      <MultiPick label="Category" any="Any category" plural="categories" groups={categoryGroups} picked={filter.categories} onChange={(categories) => edit({ categories })} />
      <MultiPick label="Type" any="Any type" plural="types" groups={typeGroups} picked={filter.kinds} onChange={(kinds) => edit({ kinds })} />
      <MultiPick label="Severity" any="Any severity" plural="severities" groups={levelGroups} picked={filter.levels} onChange={(levels) => edit({ levels })} />
      <SettlingField key={`text-${replacedCount}`} label="Search event text" placeholder="Text in the event" value={filter.text} maxLength={MAX_FILTER_TEXT} onCommit={(text) => edit({ text })} />
      <button type="button" className="button" disabled={JSON.stringify(filter) === JSON.stringify(EMPTY_EVENT_FILTER)} onClick={onClear}>
        Clear filter
      </button>
    </div>
  );
}
