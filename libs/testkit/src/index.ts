export { startTestRedis, type TestRedis } from './redis.js';
export { waitFor } from './wait.js';
export { testConfig } from './env.js';
export { createStandins, STANDIN_BIN, type Standins, type StandinOptions } from './standins.js';
export { FakeTelegram, startFakeTelegram, FAKE_BOT_TOKEN, type FakeCall, type FakeMessage, type FakeMode, type FakeTelegramOptions } from './fake-telegram.js';
export { startAppProcess, APP_MAIN, type AppProcess } from './app-process.js';
export { startNotifySocket, type StandinNotifySocket, type NotifyMessage } from './notify-socket.js';
export { createBackupSandbox, type BackupSandbox } from './backup.js';
export { openTestProducer, runStops, stackConfig, startStackWorld, waitBotPolling, waitWorkerReady, type StackWorld, type StackWorldOptions, type StopList } from './stack.js';
