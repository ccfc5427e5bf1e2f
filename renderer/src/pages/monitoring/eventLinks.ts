import { showDevice, showUser } from '../../app/showFromEvent';
import type { EventLinks } from './EventTable';

/** What a click on an event's user ID or device does: one object, so memoized rows keep their props. */
export const eventLinks: EventLinks = {
  showUser,
  showDevice: (deviceId) => {
    showDevice(deviceId);
  },
};
