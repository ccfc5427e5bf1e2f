import type { SyncModePreview } from '../../../../shared/domain/syncMode';
import { bytesText } from './modeApplyProgress';

/** What an offline row's figures are, next to its name. */
export const OFFLINE_ESTIMATE_TEXT = 'offline: estimated from the last sync; applied when it is back';

/**
 * The preview before a mode switch: per device, the users added, updated and removed, and the
 * bytes to send. A device offline now is estimated (marked so); one never seen is only named.
 */
export function ModePreviewTable({ preview }: { preview: SyncModePreview }) {
  const { devices, totals, notConnected } = preview;
  const offline = devices.filter((device) => device.offline).length;
  return (
    <div className="mode-preview" data-testid="mode-preview">
      {devices.length === 0 ? (
        <p>No device has been connected since the console started, so nothing can be worked out now.</p>
      ) : (
        <table className="data-table mode-preview-table">
          <caption className="visually-hidden">What each device would receive</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col" className="num">
                Add
              </th>
              <th scope="col" className="num">
                Update
              </th>
              <th scope="col" className="num">
                Remove
              </th>
              <th scope="col" className="num">
                Transfer
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((device) => (
              <tr key={device.key} className={device.offline ? 'preview-offline' : undefined} data-testid="mode-preview-row" data-device-id={device.deviceId} data-offline={device.offline}>
                <th scope="row">
                  {device.name}
                  {device.offline && (
                    <span className="preview-note" data-testid="mode-preview-offline">
                      {OFFLINE_ESTIMATE_TEXT}
                    </span>
                  )}
                </th>
                <td className="num" data-column="add">
                  {device.add}
                </td>
                <td className="num" data-column="update">
                  {device.update}
                </td>
                <td className="num" data-column="remove">
                  {device.remove}
                </td>
                <td className="num" data-column="bytes">
                  {bytesText(device.bytes)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="mode-preview-totals">
              <th scope="row">Total</th>
              <td className="num">{totals.add}</td>
              <td className="num">{totals.update}</td>
              <td className="num">{totals.remove}</td>
              <td className="num">{bytesText(totals.bytes)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      <p className="field-hint">Only users the console placed on a device are removed. Users that exist only on a device are never removed.</p>
      {offline > 0 && (
        <p className="field-hint">
          The total includes {offline === 1 ? 'the device' : `the ${offline} devices`} offline now, estimated from what the console last synced to {offline === 1 ? 'it' : 'them'}.
        </p>
      )}
      {notConnected.length > 0 && (
        <p className="field-hint">
          Not connected since the console started ({notConnected.map((device) => device.name).join(', ')}): checked and synced when they are back.
        </p>
      )}
    </div>
  );
}
