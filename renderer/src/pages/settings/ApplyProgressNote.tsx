import { StatusNote } from '../../components/Notice';
import { useDevices } from '../../stores/devicesStore';
import { applyProgress, type ApplyBaseline } from './modeApplyProgress';

/** "2 of 3 devices in sync", live from the devices' pushed sync state, until every changed device has settled. */
export function ApplyProgressNote({ label, baseline }: { label: string; baseline: ApplyBaseline }) {
  const devices = useDevices((s) => s.devices);
  const { total, inSync, failed, done } = applyProgress(baseline, devices);
  if (done) {
    const failures = failed > 0 ? ` ${failed} stopped on an error; see Devices.` : '';
    return (
      <StatusNote>
        {label} is in force. {total === 0 ? 'No device needed changes.' : `${inSync} of ${total} ${total === 1 ? 'device' : 'devices'} in sync.`}
        {failures}
      </StatusNote>
    );
  }
  return (
    <p className="progress mode-apply-progress" role="status" data-testid="mode-apply-progress">
      <progress max={total} value={inSync + failed} aria-label="Devices in sync" />
      <span className="progress-text">
        {inSync} of {total} devices in sync{failed > 0 ? `, ${failed} in error` : ''}…
      </span>
    </p>
  );
}
