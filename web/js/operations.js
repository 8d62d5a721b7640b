/**
 * Every operation the page offers, and the tabs they sit on. Adding one is a
 * module in ops/ (a spec, see lib/operation.js) plus its line here; a new tab
 * is a line in TABS.
 */
import createUser from './ops/create-user.js';
import createVault from './ops/create-vault.js';
import decrypt from './ops/decrypt.js';
import delegate from './ops/delegate.js';
import encrypt from './ops/encrypt.js';
import exportVault from './ops/export.js';
import modify from './ops/modify.js';
import order from './ops/order.js';
import orderCancel from './ops/order-cancel.js';
import orderInfo from './ops/order-info.js';
import ordersOutstanding from './ops/orders-outstanding.js';
import owners from './ops/owners.js';
import password from './ops/password.js';
import persistenceStatus from './ops/persistence-status.js';
import purge from './ops/purge.js';
import reEncrypt from './ops/re-encrypt.js';
import resetPersisted from './ops/reset-persisted.js';
import restore from './ops/restore.js';
import sshSign from './ops/ssh-sign.js';
import summary from './ops/summary.js';
import totpConfirm from './ops/totp-confirm.js';
import totpDisable from './ops/totp-disable.js';
import totpEnroll from './ops/totp-enroll.js';
import withdraw from './ops/withdraw.js';

export const TABS = [
  { id: 'delegate', label: 'Delegate' },
  { id: 'summary', label: 'Summary' },
  { id: 'encrypt', label: 'Encrypt' },
  { id: 'decrypt', label: 'Decrypt' },
  { id: 'blobs', label: 'Blobs' },
  { id: 'orders', label: 'Orders' },
  { id: 'users', label: 'Users' },
  { id: 'authenticator', label: 'Authenticator' },
  { id: 'persistence', label: 'Persistence' },
  { id: 'admin', label: 'Admin' },
];

export const OPERATIONS = [
  delegate,
  withdraw,
  summary,
  encrypt,
  decrypt,
  owners,
  reEncrypt,
  sshSign,
  order,
  ordersOutstanding,
  orderInfo,
  orderCancel,
  createUser,
  password,
  totpEnroll,
  totpConfirm,
  totpDisable,
  persistenceStatus,
  restore,
  resetPersisted,
  createVault,
  modify,
  purge,
  exportVault,
];
