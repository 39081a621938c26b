/** Alert families: each can be switched off in ⚙️ Settings. */
export const ALERT_FAMILIES = ['cpu', 'ram', 'disk', 'temp', 'service', 'hdd', 'net', 'backup', 'power', 'login', 'kernel', 'docker', 'host'] as const;
export type AlertFamily = (typeof ALERT_FAMILIES)[number];

/**
 * What one sample says about one alert:
 * - `bad`: past the threshold (the condition holds);
 * - `hold`: inside the hysteresis band (not past the threshold, not clear by the margin
 *   either), so nothing changes;
 * - `clear`: back past the threshold by the margin.
 */
export type Level = 'bad' | 'hold' | 'clear';

export interface Observation {
  /** Stable id: `cpu`, `ram`, `disk.root`, `disk.hdd`, `temp`, `hdd`, `net`, `svc.<unit>`, `ctr.<container>`, `backup`, `power`, `battery`, `host.<id>`. */
  id: string;
  family: AlertFamily;
  level: Level;
  /** When the condition started, if earlier than this observation (a host's last heartbeat). Default: now. */
  since?: number;
  /** How long the condition must hold before the alert is sent (0: at once). */
  forMs: number;
  /** What the user reads when it fires, already in Indonesian (no prefix), as Telegram HTML (markup: `toHtml(...)`). */
  text: string;
  /** Short name for the recovery message, e.g. "CPU", "Service n8n.service". */
  label: string;
  /** Buttons beyond "Bisukan 1 jam". */
  buttons?: { text: string; data: string }[][];
}

export type AlertStatus = 'pending' | 'firing' | 'recovering';

/** The state of an alert that is not ok; stored as the hash `potion:alert:<id>`. */
export interface AlertState {
  id: string;
  family: AlertFamily;
  status: AlertStatus;
  /** Unix ms when the condition started (first bad observation). */
  since: number;
  firedAt?: number;
  /** Last time a fire or reminder was due (sent, or skipped while muted). */
  notifiedAt?: number;
  /** Unix ms when it became clear, while `recovering`. */
  clearSince?: number;
  reminders: number;
  /** True once a message for this episode actually went out (not muted). */
  notified: boolean;
  label: string;
  /** The newest text of the condition, as Telegram HTML (markup); stored and sent as is. */
  text: string;
}

export type AlertEvent = 'fire' | 'remind' | 'recover';

export interface Timing {
  forMs: number;
  /** Infinity: never remind (one-off alerts such as a failed backup). */
  remindMs: number;
  clearForMs: number;
}
