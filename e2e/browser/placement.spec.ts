import { expect, test } from '@playwright/test';
import { demoSiteData, type DemoSiteData } from '../../electron/sim/demoSiteData';
import { ControlApi } from '../support/controlApi';
import { bridgeRequest } from '../support/bridgeRequest';
import { startHost, type RunningHost } from '../support/host';

/*
 * "Which mode placed a user on a device, and why": a host of its own started in Specific devices
 * (so no other spec's site changes mode under it), the demo site, and the device panel's
 * explanation of one user the routing sends to a device and one it does not.
 */
let site: RunningHost;

test.beforeAll(async () => {
  site = await startHost(['--sync-mode', 'specific']);
});

test.afterAll(async () => {
  await site?.stop();
});

/** One contract request over this host's bridge. */
const request = <T>(name: string, args?: unknown): Promise<T> => bridgeRequest<T>(site.url, name, args);

interface Example {
  deviceId: number;
  deviceName: string;
  doorName: string;
  routedUserId: string;
  chain: string;
  unroutedUserId: string;
}

/**
 * From the demo data the host seeded (the same function, the same fleet): a door's entry
 * device, a user one of whose groups reaches it (group → level → door), and a user none of whose
 * groups reaches any door of that device. Worked out here by hand, not by the code under test.
 */
function findExample(data: DemoSiteData, fleet: readonly { deviceID: number; name: string }[]): Example {
  for (const door of data.doors) {
    const deviceId = door.entryDeviceId;
    const deviceDoors = new Set(data.doors.filter((d) => d.entryDeviceId === deviceId || d.exitDeviceId === deviceId).map((d) => d.id));
    const reachingLevels = new Set(data.accessLevels.filter((level) => level.doorSchedules.some((pair) => deviceDoors.has(pair.doorId))).map((level) => level.id));
    const reachingGroups = new Set(data.accessGroups.filter((group) => group.levelIds.some((id) => reachingLevels.has(id))).map((group) => group.id));
    const level = data.accessLevels.find((candidate) => candidate.doorSchedules.some((pair) => pair.doorId === door.id));
    const group = level && data.accessGroups.find((candidate) => candidate.levelIds.includes(level.id));
    const routed = group && data.users.find((user) => !user.disabled && user.accessGroupIds.includes(group.id));
    const unrouted = data.users.find((user) => !user.disabled && !user.accessGroupIds.some((id) => reachingGroups.has(id)));
    const deviceName = fleet.find((device) => device.deviceID === deviceId)?.name;
    if (level && group && routed && unrouted && deviceName) {
      return {
        deviceId,
        deviceName,
        doorName: door.name,
        routedUserId: routed.id,
        chain: `Placed by Specific devices: group ${group.name} → level ${level.name} → door ${door.name} (entry device)`,
        unroutedUserId: unrouted.id,
      };
    }
  }
  throw new Error('the demo site has no device that routes some users and not others');
}

test('the device panel names the mode and the group → level → door chain that puts a demo user on the device', async ({ page }) => {
  await page.goto(site.url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  expect(await request<{ mode: string }>('getSyncMode')).toEqual({ mode: 'specific' });
  const fleet = await new ControlApi(site.virtualSite!.controlPort).devices();
  const example = findExample(demoSiteData(fleet), fleet);

  await page.getByRole('navigation').getByRole('link', { name: 'Devices', exact: true }).click();
  await page.locator(`[data-testid="device-row"][data-device-id="${example.deviceId}"]`).getByRole('button', { name: example.deviceName }).click();
  const detail = page.getByTestId('device-detail');
  await expect(detail.getByTestId('sync-mode-line')).toHaveText(/^Automatic sync: Specific devices · \d+ users wanted here, through \d+ doors?:$/);
  // The door is among those the mode line lists, as this device's entry.
  await expect(detail.getByTestId('placement-doors').getByRole('listitem').filter({ hasText: `${example.doorName} (entry): ` })).toHaveCount(1);

  // The placement section's own field: the Virtual site panel below has a User ID field too.
  const placement = detail.getByTestId('placement');
  const userId = placement.getByRole('textbox', { name: 'User ID' });
  const explain = placement.getByRole('button', { name: 'Explain', exact: true });
  const answer = detail.getByTestId('placement-answer');
  await userId.fill(example.routedUserId);
  await explain.click();
  await expect(answer).toHaveAttribute('data-user-id', example.routedUserId);
  await expect(answer).toHaveAttribute('data-wanted', 'true');
  await expect(detail.getByTestId('placement-chains').getByRole('listitem').filter({ hasText: example.chain })).toHaveCount(1);
  // The mode pushes by itself: once the automatic sync has run, the console's journal has the user there.
  await expect(async () => {
    await explain.click();
    await expect(answer).toHaveAttribute('data-placed', 'true', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(answer).toContainText('The console placed this user on this device, and the mode keeps them here.');

  await userId.fill(example.unroutedUserId);
  await explain.click();
  await expect(answer).toHaveAttribute('data-user-id', example.unroutedUserId);
  await expect(answer).toHaveAttribute('data-wanted', 'false');
  await expect(answer).toContainText('Specific devices: none of the user’s access groups reaches a door of this device.');
  await expect(detail.getByTestId('placement-chains')).toHaveCount(0);
});
