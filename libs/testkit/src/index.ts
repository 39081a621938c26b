export { startTestRedis, type TestRedis } from './redis.js';
export { waitFor } from './wait.js';
export { testConfig } from './env.js';
export { createStandins, STANDIN_BIN, type Standins } from './standins.js';
export { createBackupSandbox, type BackupSandbox } from './backup.js';
