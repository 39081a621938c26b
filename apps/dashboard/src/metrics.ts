import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { HealthReport } from './health.js';
import type { HostView } from './host-view.js';
import { JobDurationTracker } from './job-durations.js';

/** Job states counted per queue (BullMQ's getJobCounts names). */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export interface MetricsSource {
  redis: Redis;
  /** Reads every known host (its own first) once per scrape, and the dashboard's own health. */
  read: () => Promise<{ hosts: HostView[]; health: HealthReport }>;
}

const sec = (ms: number) => ms / 1000;

/**
 * The Prometheus registry of the dashboard. Values are read from Redis at scrape time
 * (`collect`), so a scrape shows the state of that moment; the series are documented in
 * apps/dashboard/README.md.
 */
export class DashboardMetrics {
  readonly registry = new Registry();
  readonly #src: MetricsSource;
  readonly #tracker: JobDurationTracker;
  readonly #g;

  constructor(src: MetricsSource) {
    this.#src = src;
    const r = [this.registry];
    // The event-loop lag histogram samples on a timer; prom-client's default (every 10 ms) wakes
    // an idle dashboard 100 times a second, most of its idle CPU. Once a second is plenty.
    collectDefaultMetrics({ register: this.registry, prefix: 'potion_dashboard_', eventLoopMonitoringPrecision: 1000 });
    const g = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Gauge<L>({ name, help, labelNames, registers: r });
    this.#g = {
      redisUp: g('potion_redis_up', '1 when Redis answered this scrape', []),
      healthy: g('potion_health_ok', '1 when /healthz would answer 200 (Redis up and worker alive)', []),
      queueJobs: g('potion_queue_jobs', 'Jobs per queue and state', ['host', 'queue', 'state']),
      hostUp: g('potion_host_up', "1 when the host's worker showed a sign of life (heartbeat or sample) within the health window, else 0", ['host']),
      heartbeat: g('potion_worker_heartbeat_timestamp_seconds', 'Unix time of the worker heartbeat', ['host']),
      sampleAt: g('potion_host_sample_timestamp_seconds', 'Unix time of the newest host sample', ['host']),
      cpu: g('potion_host_cpu_usage_percent', 'CPU busy percent across all cores', ['host']),
      cores: g('potion_host_cpu_cores', 'Logical CPU cores', ['host']),
      load: g('potion_host_load_average', 'Load average', ['host', 'period']),
      mem: g('potion_host_memory_bytes', 'Memory and swap, by kind', ['host', 'kind']),
      disk: g('potion_host_disk_bytes', 'Disk size and use per watched mount', ['host', 'mount', 'kind']),
      diskPct: g('potion_host_disk_use_percent', 'Disk use percent per watched mount (like df)', ['host', 'mount']),
      mounted: g('potion_host_disk_mounted', '1 when the watched path is a mount point of its own', ['host', 'mount']),
      temp: g('potion_host_temperature_celsius', 'CPU package temperature (absent when unreadable)', ['host']),
      uptime: g('potion_host_uptime_seconds', 'Host uptime', ['host']),
      backupOk: g('potion_backup_last_success_timestamp_seconds', 'Unix time the newest successful backup.run finished (absent when unknown)', ['host']),
      backupLast: g('potion_backup_last_run_success', '1 when the newest finished backup.run succeeded, 0 when it failed (absent when unknown)', ['host']),
      verifyAt: g('potion_backup_last_verify_timestamp_seconds', 'Unix time the newest backup.verify finished (absent when unknown)', ['host']),
      verifyOk: g('potion_backup_last_verify_success', '1 when the newest backup.verify succeeded, 0 when it failed (absent when unknown)', ['host']),
      probeUp: g('potion_probe_up', '1 when the SERVICE_PROBES check of the unit answered as expected in the newest sample, else 0', ['host', 'unit']),
      probeLatency: g('potion_probe_latency_seconds', "Time to the probe's answer in the newest sample (absent without an answer)", ['host', 'unit']),
      alert: g('potion_alert_open', '1 per open alert, 0 per resolved alert still kept', ['host', 'alert']),
      alertsOpen: g('potion_alerts_open', 'Number of open alerts', ['host']),
    };
    const durations = new Histogram<'host' | 'queue' | 'name' | 'outcome'>({
      name: 'potion_job_duration_seconds',
      help: 'Run time of finished jobs (finishedOn - processedOn), counted once per job seen by this dashboard',
      labelNames: ['host', 'queue', 'name', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers: r,
    });
    this.#tracker = new JobDurationTracker(src.redis, durations);
  }

  /** Reads everything once and renders the text exposition format. */
  async render(): Promise<string> {
    await this.collect();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async collect(): Promise<void> {
    const g = this.#g;
    for (const gauge of Object.values(g)) gauge.reset();
    const { hosts, health } = await this.#src.read();
    const redisOk = hosts.every((h) => h.overview.redisOk);
    g.redisUp.set(redisOk ? 1 : 0);
    g.healthy.set(health.ok ? 1 : 0);
    if (!redisOk) return;
    for (const h of hosts) await this.#collectHost(h);
    await this.#tracker.update(hosts.flatMap((h) => h.queues));
  }

  /** One host's series, each labelled host="<id>": counted by BullMQ and read from its keys, no job loaded. */
  async #collectHost(h: HostView): Promise<void> {
    const g = this.#g;
    const host = h.hostId;
    const o = h.overview;
    g.hostUp.set({ host }, h.up ? 1 : 0);
    for (const q of h.queues) {
      const counts = await q.queue.getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) g.queueJobs.set({ host, queue: q.name, state }, counts[state] ?? 0);
    }
    if (o.heartbeatAt !== null) g.heartbeat.set({ host }, sec(o.heartbeatAt));
    const s = o.sample;
    if (s) {
      g.sampleAt.set({ host }, sec(s.at));
      g.cpu.set({ host }, s.cpu.usagePercent);
      g.cores.set({ host }, s.cpu.cores);
      g.load.set({ host, period: '1m' }, s.cpu.load1);
      g.load.set({ host, period: '5m' }, s.cpu.load5);
      g.load.set({ host, period: '15m' }, s.cpu.load15);
      const m = s.mem;
      const mem: Record<string, number> = {
        total: m.totalBytes,
        used: m.usedBytes,
        free: m.freeBytes,
        available: m.availableBytes,
        swap_total: m.swapTotalBytes,
        swap_used: m.swapUsedBytes,
      };
      for (const [kind, v] of Object.entries(mem)) g.mem.set({ host, kind }, v);
      for (const d of s.disks) {
        g.disk.set({ host, mount: d.mount, kind: 'size' }, d.sizeBytes);
        g.disk.set({ host, mount: d.mount, kind: 'used' }, d.usedBytes);
        g.diskPct.set({ host, mount: d.mount }, d.usePercent);
        g.mounted.set({ host, mount: d.mount }, d.mounted ? 1 : 0);
      }
      if (s.tempC !== null) g.temp.set({ host }, s.tempC);
      g.uptime.set({ host }, s.uptimeSec);
      // Read from the worker's sample: the dashboard never probes the services itself.
      for (const p of s.probes) {
        g.probeUp.set({ host, unit: p.unit }, p.ok ? 1 : 0);
        if (p.latencyMs !== null) g.probeLatency.set({ host, unit: p.unit }, sec(p.latencyMs));
      }
    }
    if (o.lastSuccessfulBackup) g.backupOk.set({ host }, sec(o.lastSuccessfulBackup.at));
    if (o.lastBackup) g.backupLast.set({ host }, o.lastBackup.ok ? 1 : 0);
    if (o.lastVerify) {
      g.verifyAt.set({ host }, sec(o.lastVerify.at));
      g.verifyOk.set({ host }, o.lastVerify.ok ? 1 : 0);
    }
    for (const a of o.alerts) g.alert.set({ host, alert: a.id }, a.open ? 1 : 0);
    g.alertsOpen.set({ host }, o.alerts.filter((a) => a.open).length);
  }
}
