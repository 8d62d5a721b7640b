/**
 * Request bodies, as the original's Go structs. Field names are Go's
 * (capitalised) and exist only here; handlers read them and hand camelCase
 * values to the domain. Decoding follows Go's rules (see codec/go-struct.ts).
 */
import { GoStruct } from '../../codec/go-struct.js';

/**
 * `Code` is ours: the caller's TOTP or recovery code. Every authenticated
 * request can carry it, since the server may ask for it on any of them.
 */
const credentials = { Name: 'string', Password: 'string', Code: 'string' } as const;

export const createRequest = new GoStruct('core.CreateRequest', credentials);
export const summaryRequest = new GoStruct('core.SummaryRequest', credentials);
export const purgeRequest = new GoStruct('core.PurgeRequest', credentials);
export const exportRequest = new GoStruct('core.ExportRequest', credentials);
export const statusRequest = new GoStruct('core.StatusRequest', credentials);

export const delegateRequest = new GoStruct('core.DelegateRequest', {
  ...credentials,
  Uses: 'int',
  Time: 'string',
  Slot: 'string',
  Users: 'strings',
  Labels: 'strings',
});

export const createUserRequest = new GoStruct('core.CreateUserRequest', {
  ...credentials,
  UserType: 'string',
  HipchatName: 'string',
  /** Ours: an admin's credentials, needed when registration is admin-only. */
  AdminName: 'string',
  AdminPassword: 'string',
});

export const passwordRequest = new GoStruct('core.PasswordRequest', {
  ...credentials,
  NewPassword: 'string',
  HipchatName: 'string',
});

const encryptFields = {
  ...credentials,
  Minimum: 'int',
  Owners: 'strings',
  LeftOwners: 'strings',
  RightOwners: 'strings',
  Predicate: 'string',
  Data: 'bytes',
  Labels: 'strings',
  Usages: 'strings',
} as const;

export const encryptRequest = new GoStruct('core.EncryptRequest', encryptFields);
export const reEncryptRequest = new GoStruct('core.ReEncryptRequest', encryptFields);

export const decryptRequest = new GoStruct('core.DecryptRequest', { ...credentials, Data: 'bytes' });

export const sshSignWithRequest = new GoStruct('core.SSHSignWithRequest', {
  ...credentials,
  Data: 'bytes',
  TBSData: 'bytes',
  /** Ours: for RSA keys, "ssh-rsa" (default, as the original), "rsa-sha2-256" or "rsa-sha2-512". */
  Algorithm: 'string',
});

export const ownersRequest = new GoStruct('core.OwnersRequest', { Data: 'bytes' });

export const modifyRequest = new GoStruct('core.ModifyRequest', {
  ...credentials,
  ToModify: 'string',
  Command: 'string',
});

/** The original reads /restore bodies into its DelegateRequest too. */
export const restoreRequest = delegateRequest;

export const orderRequest = new GoStruct('core.OrderRequest', {
  ...credentials,
  Duration: 'string',
  Uses: 'int',
  Users: 'strings',
  EncryptedData: 'bytes',
  Labels: 'strings',
});

export const orderInfoRequest = new GoStruct('core.OrderInfoRequest', { ...credentials, OrderNum: 'string' });
export const orderOutstandingRequest = new GoStruct('core.OrderOutstandingRequest', credentials);
export const orderCancelRequest = new GoStruct('core.OrderCancelRequest', { ...credentials, OrderNum: 'string' });

/** Ours: the TOTP second factor (Code on confirm and disable). */
export const totpEnrollRequest = new GoStruct('core.TotpEnrollRequest', credentials);
export const totpConfirmRequest = new GoStruct('core.TotpConfirmRequest', credentials);
export const totpDisableRequest = new GoStruct('core.TotpDisableRequest', credentials);

/** Ours: an owner withdraws their own delegations; Slots null means all of them. */
export const withdrawRequest = new GoStruct('core.WithdrawRequest', { ...credentials, Slots: 'strings' });
