import type { Logger } from '@potion/platform';
import type { Transformer } from 'grammy';

/** Telegram shows the button's spinner for about 15 s; an answer later than that is useless. */
const ANSWER_TIMEOUT_MS = 5000;

/**
 * Answering a button press only stops the spinner on the user's phone. A rate limit, an
 * outage or a press too old to answer must not fail the handler before it queues the
 * press's job (issue 21, item 15), nor hold it for long: the answer is given up after a
 * few seconds and its failure is logged, not thrown.
 */
export function bestEffortCallbackAnswers(log: Logger, timeoutMs = ANSWER_TIMEOUT_MS): Transformer {
  const clog = log.child({ module: 'bot:callback-answer' });
  return async (prev, method, payload, signal) => {
    if (method !== 'answerCallbackQuery') return prev(method, payload, signal);
    const timeout = AbortSignal.timeout(timeoutMs);
    // grammY types its signal with the abort-controller shim; Node's AbortSignal is compatible at run time.
    const both = (signal ? AbortSignal.any([signal as unknown as AbortSignal, timeout]) : timeout) as unknown as typeof signal;
    const answered = { ok: true, result: true } as const;
    try {
      const res = await prev(method, payload, both);
      if (res.ok) return res;
      clog.warn({ code: res.error_code, description: res.description }, 'could not answer a button press (the press itself is handled)');
    } catch (err) {
      clog.warn({ err: (err as Error).message }, 'could not answer a button press in time (the press itself is handled)');
    }
    return answered as unknown as Awaited<ReturnType<typeof prev>>;
  };
}
