export { buildDashboard, type DashboardOptions } from './app.js';
export { checkHealth, type HealthReport } from './health.js';
