import type { DeviceView } from '../../../../shared/devices';
import { ShapeIcon } from '../../components/StateIcon';
import { formatRemaining } from '../../lib/timeText';
import { progressPercent, progressText, syncLabels, syncShapes, syncTone } from './syncText';

/** The sync mark: shape + colour + words, so it never relies on colour alone. */
export function SyncMark({ device }: { device: Pick<DeviceView, 'connection' | 'sync'> }) {
  const { state } = device.sync;
  return (
    <span className={`sync sync-${syncTone(device)}`} data-testid="sync-mark" data-sync={state}>
      <ShapeIcon shape={syncShapes[state]} />
      <span className="sync-label">{syncLabels[state]}</span>
    </span>
  );
}

/** A labelled progress bar with the done/total count and time left. */
export function SyncProgress({ progress, compact = false }: { progress: NonNullable<DeviceView['sync']['progress']>; compact?: boolean }) {
  const percent = progressPercent(progress);
  const text = progressText(progress);
  return (
    <span className={`progress${compact ? ' progress-compact' : ''}`} data-testid="sync-progress">
      <progress max={100} value={percent} aria-label={`Sync progress: ${text}`} />
      <span className="progress-text">{compact ? `${percent} %${progress.etaMs === null ? '' : ` · ${formatRemaining(progress.etaMs)} left`}` : text}</span>
    </span>
  );
}
