/**
 * The core that the HTTP layer drives: the vault, the live delegations and the
 * cryptor joining them. Built once at startup (and per test).
 */
import { Cryptor } from './cryptor/cryptor.js';
import { DelegationPersistence, type PersistenceSettings } from './cryptor/delegation-persistence.js';
import { systemClock, type Clock } from './delegation/clock.js';
import { DelegationCache } from './delegation/delegation-cache.js';
import { silentNotifier, type Notifier } from './order/notifier.js';
import { OrderBook } from './order/order-book.js';
import {
  DEFAULT_SECOND_FACTOR_POLICY,
  SecondFactor,
  type SecondFactorPolicy,
} from './second-factor/second-factor.js';
import { Vault } from './vault/vault.js';
import { vaultStoreFor, type VaultStore } from './vault/vault-store.js';

/** Who may register, and with what passwords (ours; the defaults are the original's behaviour). */
export interface RegistrationPolicy {
  /** Only admins create users; /delegate no longer creates unknown names. */
  adminOnly: boolean;
  minPasswordLength: number;
}

export interface Services {
  registration: RegistrationPolicy;
  vault: Vault;
  delegations: DelegationCache;
  cryptor: Cryptor;
  persistence: DelegationPersistence;
  orders: OrderBook;
  notifier: Notifier;
  secondFactor: SecondFactor;
}

export interface ServiceOptions {
  /** A vault file path, or `memory`. */
  vaultPath?: string;
  /** Or a store of the caller's own (tests, other backends). */
  store?: VaultStore;
  clock?: Clock;
  /** Delegation persistence; none means `disabled`. */
  persistence?: PersistenceSettings | null;
  /** Where notifications for people go; none by default. */
  notifier?: Notifier;
  /** Accept the original's legacy unsigned blobs (off: they are refused). */
  acceptUnsignedBlobs?: boolean;
  registration?: Partial<RegistrationPolicy>;
  /** A file where orders survive restarts; in memory only when not given. */
  ordersLocation?: string;
  /** Who must give a TOTP code, and whether enrolment is required (ours). */
  secondFactor?: Partial<SecondFactorPolicy>;
}

/** Opens the vault (throws VaultLoadError if it is unreadable) and wires the core. */
export async function openServices(options: ServiceOptions): Promise<Services> {
  const store = options.store ?? vaultStoreFor(options.vaultPath ?? 'memory');
  const vault = await Vault.open(store);
  const clock = options.clock ?? systemClock;
  const delegations = new DelegationCache(clock);
  const cryptor = new Cryptor(vault, delegations, { acceptUnsignedBlobs: options.acceptUnsignedBlobs });
  const persistence = await DelegationPersistence.open(options.persistence ?? null, {
    vault,
    delegations,
    cryptor,
    clock,
  });
  const notifier = options.notifier ?? silentNotifier;
  const orders = new OrderBook(() => clock.nowNs(), notifier, options.ordersLocation);
  await orders.load();
  const registration = { adminOnly: false, minPasswordLength: 1, ...options.registration };
  const secondFactor = new SecondFactor(
    vault,
    { ...DEFAULT_SECOND_FACTOR_POLICY, ...options.secondFactor },
    () => Number(clock.nowNs() / 1_000_000n),
  );
  return { registration, vault, delegations, cryptor, persistence, orders, notifier, secondFactor };
}
