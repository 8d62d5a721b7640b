import type { ApiRoute } from '../route.js';
import create from './create.js';
import createUser from './create-user.js';
import decrypt from './decrypt.js';
import delegate from './delegate.js';
import exportVault from './export.js';
import modify from './modify.js';
import order from './order.js';
import orderCancel from './ordercancel.js';
import orderInfo from './orderinfo.js';
import orderOut from './orderout.js';
import owners from './owners.js';
import password from './password.js';
import purge from './purge.js';
import reEncrypt from './re-encrypt.js';
import resetPersisted from './reset-persisted.js';
import restore from './restore.js';
import sshSignWith from './ssh-sign-with.js';
import status from './status.js';
import summary from './summary.js';
import totpConfirm from './totp-confirm.js';
import totpDisable from './totp-disable.js';
import totpEnroll from './totp-enroll.js';
import withdraw from './withdraw.js';
import encrypt from './encrypt.js';

export const apiRoutes: ApiRoute[] = [
  create,
  createUser,
  summary,
  purge,
  delegate,
  password,
  encrypt,
  reEncrypt,
  decrypt,
  sshSignWith,
  owners,
  modify,
  exportVault,
  restore,
  resetPersisted,
  status,
  order,
  orderOut,
  orderInfo,
  orderCancel,
  withdraw,
  totpEnroll,
  totpConfirm,
  totpDisable,
];
