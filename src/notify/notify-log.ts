// Where forwarding and webhooks report trouble: the server's logger (pino's methods fit).
export interface NotifyLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Says a message at most once per `intervalMs` and skips the rest: for warnings that repeat per message, such as drops. */
export function throttled(say: (message: string) => void, intervalMs: number): (message: string) => void {
  let last = -Infinity;
  return (message) => {
    if (Date.now() - last < intervalMs) return;
    last = Date.now();
    say(message);
  };
}
