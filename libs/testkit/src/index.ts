export { startTestRedis, type TestRedis } from './redis.js';
export { waitFor } from './wait.js';
export { testConfig } from './env.js';
export { createStandins, STANDIN_BIN, type Standins, type StandinOptions } from './standins.js';
