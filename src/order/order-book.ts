/**
 * Decryption orders: a user asks the owners of a blob to delegate for them.
 * Delegations that serve an order are counted on it, and the order closes
 * when one of its users decrypts the blob it was placed for. Orders lapse
 * after their duration (the creator is told). The original kept them in
 * memory only; with a location they also survive restarts.
 */
import { createHash } from 'node:crypto';

import { readFileIfExists, writeFileAtomic } from '../atomic-file.js';
import { goMap, type GoJsonValue } from '../codec/go-json.js';
import { randomKey } from '../crypto/random.js';
import { formatRfc3339Nano } from '../delegation/clock.js';
import type { Delegation } from '../delegation/delegation-cache.js';
import { RoError } from '../errors.js';
import { SerialQueue } from '../serial-queue.js';
import type { Notifier } from './notifier.js';

export interface Order {
  creator: string;
  users: string[];
  num: string;
  requestedAtNs: bigint;
  durationNs: bigint;
  uses: number;
  delegated: number;
  ownersDelegated: string[];
  owners: string[];
  labels: string[] | null;
  /** SHA-256 of the blob the order is for; never shown, only matched. */
  blobHash: string;
}

type StoredOrder = Omit<Order, 'requestedAtNs' | 'durationNs'> & { requestedAtNs: string; durationNs: string };

export interface NewOrder {
  creator: string;
  users: string[];
  durationNs: bigint;
  uses: number;
  owners: string[];
  labels: string[] | null;
  blob: Buffer;
}

/** Order numbers as the original makes them: 12 random bytes in hex. */
export function generateOrderNumber(): string {
  return randomKey(12).toString('hex');
}

export function hashBlob(blob: Buffer): string {
  return createHash('sha256').update(blob).digest('hex');
}

function sharesAny(a: readonly string[] | null, b: readonly string[] | null): boolean {
  return (a ?? []).some((item) => (b ?? []).includes(item));
}

/** The original's JSON for an order (its Go struct, field for field). */
export function orderJson(order: Order): GoJsonValue {
  return {
    Creator: order.creator,
    Users: order.users,
    Num: order.num,
    TimeRequested: formatRfc3339Nano(order.requestedAtNs),
    DurationRequested: order.durationNs,
    Delegated: order.delegated,
    OwnersDelegated: order.ownersDelegated.length > 0 ? order.ownersDelegated : null,
    Owners: order.owners,
    Labels: order.labels,
  };
}

export class OrderBook {
  private readonly orders = new Map<string, Order>();
  private readonly writes = new SerialQueue();
  private lastWrite: Promise<void> = Promise.resolve();

  /** `location`: a file where orders survive restarts (written atomically, mode 0600). */
  constructor(
    private readonly nowNs: () => bigint,
    private readonly notifier: Notifier,
    private readonly location?: string,
  ) {}

  /** Loads the stored orders, if any; throws if the file is unreadable or malformed. */
  async load(): Promise<void> {
    if (this.location === undefined) return;
    const bytes = await readFileIfExists(this.location);
    if (bytes === null) return;
    for (const stored of JSON.parse(bytes.toString('utf8')) as StoredOrder[]) {
      const order = { ...stored, requestedAtNs: BigInt(stored.requestedAtNs), durationNs: BigInt(stored.durationNs) };
      this.orders.set(order.num, order);
    }
  }

  /**
   * Resolves once every change so far is stored; throws ERR_ORDERS_WRITE_FAILED
   * for a failed write (once).
   */
  async flush(): Promise<void> {
    const pending = this.lastWrite;
    this.lastWrite = pending.catch(() => undefined);
    await pending;
  }

  private changed(): void {
    if (this.location === undefined) return;
    const location = this.location;
    const snapshot = [...this.orders.values()].map(
      (order): StoredOrder => ({ ...order, requestedAtNs: String(order.requestedAtNs), durationNs: String(order.durationNs) }),
    );
    this.lastWrite = this.writes.run(async () => {
      try {
        await writeFileAtomic(location, Buffer.from(JSON.stringify(snapshot)));
      } catch (error) {
        throw new RoError('ERR_ORDERS_WRITE_FAILED', undefined, { cause: error });
      }
    });
  }

  /**
   * Places an order. `alreadyDelegated` are the live delegations that serve it
   * already, counted at once as the original does.
   */
  place(request: NewOrder, alreadyDelegated: readonly Delegation[]): Order {
    const { blob, ...terms } = request;
    const order: Order = {
      ...terms,
      num: generateOrderNumber(),
      requestedAtNs: this.nowNs(),
      delegated: 0,
      ownersDelegated: [],
      blobHash: hashBlob(blob),
    };
    for (const delegation of alreadyDelegated) this.count(order, delegation);
    this.orders.set(order.num, order);
    this.changed();

    const labels = (order.labels ?? []).join(',');
    this.notifier.notify(
      `${order.creator} has created an order ${order.num} for the label ${labels || '(none)'}: ` +
        `requesting ${order.uses} delegations for ${order.users.join(',')}; owners: ${order.owners.join(', ')}`,
    );
    return order;
  }

  /** All open orders, keyed by number in Go's map order. */
  outstanding(): Record<string, GoJsonValue> {
    this.dropLapsed();
    return goMap([...this.orders].map(([num, order]): [string, GoJsonValue] => [num, orderJson(order)]));
  }

  find(num: string): Order | undefined {
    this.dropLapsed();
    return this.orders.get(num);
  }

  /** Cancels an order; only its creator may. Returns false if there was none to cancel. */
  cancel(num: string, user: string): boolean {
    const order = this.find(num);
    if (order === undefined || order.creator !== user) return false;
    this.orders.delete(num);
    this.changed();
    return true;
  }

  /** Counts a new delegation on every open order it serves, and tells the requesters. */
  recordDelegation(delegation: Delegation, time: string): void {
    this.dropLapsed();
    for (const order of this.orders.values()) {
      if (!this.count(order, delegation)) continue;
      this.changed();
      // Nobody is told about their own doing.
      if (delegation.name === order.creator) continue;
      this.notifier.notify(
        `${delegation.name} has delegated the label ${(delegation.labels ?? []).join(', ') || '(none)'} ` +
          `to ${order.users.join(', ')} (per order ${order.num}) for ${time}`,
      );
    }
  }

  /** Closes the orders a decryption of `blob` by `user` fulfils. */
  recordDecryption(blob: Buffer, user: string): void {
    // Hashing a large blob is not free; most decryptions have no order to close.
    if (![...this.orders.values()].some((order) => order.users.includes(user))) return;
    const blobHash = hashBlob(blob);
    for (const order of this.orders.values()) {
      if (order.blobHash !== blobHash || !order.users.includes(user)) continue;
      this.orders.delete(order.num);
      this.changed();
      this.notifier.notify(`${user} has had order ${order.num} fulfilled.`);
    }
  }

  /**
   * A delegation serves an order when it comes from one of the blob's owners,
   * may be used by one of the order's users, and carries one of its labels.
   */
  private count(order: Order, delegation: Delegation): boolean {
    if (!order.owners.includes(delegation.name) || order.ownersDelegated.includes(delegation.name)) {
      return false;
    }
    const forTheirUsers = delegation.users === null || delegation.users.length === 0 || sharesAny(delegation.users, order.users);
    const labelsFit = (order.labels ?? []).length === 0 || sharesAny(delegation.labels, order.labels);
    if (!forTheirUsers || !labelsFit) return false;
    order.ownersDelegated.push(delegation.name);
    order.delegated += 1;
    return true;
  }

  /** Drops orders past their duration and tells their creator. */
  dropLapsed(): void {
    const now = this.nowNs();
    for (const [num, order] of this.orders) {
      if (order.requestedAtNs + order.durationNs > now) continue;
      this.orders.delete(num);
      this.changed();
      this.notifier.notify(`Order ${num} by ${order.creator} expired before it was fulfilled.`);
    }
  }
}
