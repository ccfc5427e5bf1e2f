import type { Card, Finger, User } from '../../../../shared/domain/user';
import { blankUser } from '../../../../shared/domain/user';
import { seededBytes } from '../../../sim/seededRandom';

/** Card numbers for a reader's enrollments start here, so the two sides never hand out the same card. */
const FIRST_DEVICE_CARD = 0x4000_0000;

/**
 * The users and credentials the soak hands out, all from one seeded generator (the same seed
 * gives the same run of people) and every card unique: a card belongs to one user, and a card
 * refused as another's would be a refusal of the soak's making, not the console's.
 */
export class SoakPeople {
  private nextOperatorCard = 1;
  private nextDeviceCard = FIRST_DEVICE_CARD;

  constructor(private readonly random: () => number) {}

  /** The site as it is when the soak starts: users 1..count, half of them with a fingerprint. */
  initialUsers(count: number): User[] {
    return Array.from({ length: count }, (_, i) => this.newUser(String(i + 1), `Employee ${i + 1}`, i % 2 === 0));
  }

  /** A user as the operator adds one: a name, a card, a PIN, one access group, maybe a fingerprint. */
  newUser(id: string, name: string, withFinger: boolean): User {
    return {
      ...blankUser(id, 0),
      name,
      pinHash: this.pin(),
      cards: [this.operatorCard()],
      fingers: withFinger ? [this.finger(0)] : [],
      accessGroupIds: [1],
    };
  }

  operatorCard(): Card {
    return cardWithNumber(this.nextOperatorCard++);
  }

  /** A card presented at a reader (the reader's own number range). */
  deviceCard(): Card {
    return cardWithNumber(this.nextDeviceCard++);
  }

  pin(): string {
    return seededBytes(this.random, 32).toString('base64');
  }

  /** A fingerprint as a reader captures one: two 384-byte templates. */
  finger(index: number): Finger {
    return { index, flag: 0, templates: [seededBytes(this.random, 384).toString('base64'), seededBytes(this.random, 384).toString('base64')] };
  }
}

function cardWithNumber(n: number): Card {
  const data = Buffer.alloc(4);
  data.writeUInt32BE(n >>> 0);
  return { type: 1, data: data.toString('base64') };
}

