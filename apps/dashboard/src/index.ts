export { buildDashboard, type DashboardOptions } from './app.js';
export { checkHealth, healthMaxAgeMs, type HealthReport } from './health.js';
export { ensureDashboardPassword, passwordFilePath, type DashboardPassword } from '@potion/platform';
export { FailureLimiter, type FailureLimiterOptions } from './failure-limiter.js';
export { SECURITY_HEADERS, CONTENT_SECURITY_POLICY } from './security.js';
export { JOB_STATES } from './metrics.js';
export { BULL_BOARD_PATH } from './bull-board.js';
export { BOARD_ACTIONS, NoAddAdapter } from './board-guard.js';
export { SESSION_COOKIE } from './session.js';
