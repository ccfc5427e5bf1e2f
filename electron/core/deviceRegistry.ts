import type { DeviceDelta } from '../../shared/ipc/contract';
import type { DeviceView } from '../../shared/devices';
import { sameFields } from '../../shared/sameFields';

type DeltaListener = (delta: DeviceDelta) => void;

/**
 * The console's live picture of every device on every gateway. Changes are coalesced for a
 * short window and handed out as one delta, so a gateway that reports a hundred status changes
 * at once costs the UI one update, not a hundred.
 */
export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceView>();
  private readonly pendingUpserts = new Set<string>();
  private readonly pendingRemovals = new Set<string>();
  private readonly listeners = new Set<DeltaListener>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly coalesceMs = 25) {}

  list(): DeviceView[] {
    return [...this.devices.values()];
  }

  get(key: string): DeviceView | undefined {
    return this.devices.get(key);
  }

  forGateway(gatewayId: string): DeviceView[] {
    return this.list().filter((device) => device.gatewayId === gatewayId);
  }

  /** Stores `device` and announces it, unless nothing about it changed. */
  upsert(device: DeviceView): void {
    const previous = this.devices.get(device.key);
    if (previous && sameFields(previous, device)) return;
    this.devices.set(device.key, device);
    this.pendingRemovals.delete(device.key);
    this.pendingUpserts.add(device.key);
    this.scheduleFlush();
  }

  /** Applies `change` to a known device; unknown keys are ignored (the device went away). */
  update(key: string, change: (current: DeviceView) => DeviceView): void {
    const current = this.devices.get(key);
    if (current) this.upsert(change(current));
  }

  remove(key: string): void {
    if (!this.devices.delete(key)) return;
    this.pendingUpserts.delete(key);
    this.pendingRemovals.add(key);
    this.scheduleFlush();
  }

  onDelta(listener: DeltaListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends what is pending now; used on shutdown and by tests that must not wait. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pendingUpserts.size === 0 && this.pendingRemovals.size === 0) return;
    const delta: DeviceDelta = {
      upserted: [...this.pendingUpserts].flatMap((key) => this.devices.get(key) ?? []),
      removed: [...this.pendingRemovals],
    };
    this.pendingUpserts.clear();
    this.pendingRemovals.clear();
    for (const listener of this.listeners) listener(delta);
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }
}
