// One call's lifetime, in one place: the caller's AbortSignal and the per-attempt timeout.
//
// The first attempt starts with the call (a middleware's onRequest runs in it), a later one before
// its token is awaited; the final attempt ends when the body is read (a stream's when its headers
// arrive: the caller reads it). The caller's signal stays linked until the call ends (for a stream,
// until it ends, fails or is cancelled). Nothing is created for a call with no timeout and no signal.
import { TrutoTimeoutError } from "./errors.js";

export class CallControl {
  readonly #signal: AbortSignal | undefined;
  readonly #timeoutMs: number;
  #attempt: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #method = "";
  /** The call's URL before its first Request exists (start): built only for a timeout then. */
  #plannedUrl: (() => string) | undefined;
  /** Set once an attempt reached the transport (begin): a timeout before that ends the call. */
  #begun = false;
  /** The timeout that ended the call before an attempt reached the transport. */
  #stoppedBy: { reason: unknown } | undefined;
  #unlink: (() => void) | undefined;
  /** Rejects the promise of race(): the caller aborted, or the final attempt timed out. */
  #fail: ((reason: unknown) => void) | undefined;
  /** Wakes a wait between attempts when the caller aborts. */
  #wake: ((reason: unknown) => void) | undefined;
  /** Set once the final response's headers arrived: a timeout from now on ends the call. */
  #responded = false;
  /** The URL of the latest attempt, for errors. */
  url: string | undefined;

  constructor(signal: AbortSignal | undefined, timeoutMs: number) {
    this.#signal = signal;
    this.#timeoutMs = timeoutMs;
    if (signal && !signal.aborted) this.#unlink = onAbort(signal, () => this.#abort(signal.reason));
  }

  /**
   * Why the call was stopped from outside its attempts: the caller aborted it, or its timeout ran
   * out before the first attempt reached the transport (in a middleware's onRequest). Such a call is
   * over: nothing more is sent, nothing is retried.
   */
  stopped(): { reason: unknown } | undefined {
    return this.#signal?.aborted ? { reason: this.#signal.reason } : this.#stoppedBy;
  }

  /** `promise`, or the caller's abort reason, or the final attempt's TrutoTimeoutError, whichever comes first. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.#signal?.aborted) {
      // The call goes on until it notices the abort; its own rejection is not the caller's.
      promise.catch(() => {});
      return Promise.reject(this.#signal.reason);
    }
    if (this.#timeoutMs === Infinity && !this.#signal) return promise;
    return new Promise<T>((resolve, reject) => {
      this.#fail = reject;
      promise.then(resolve, reject);
    });
  }

  /**
   * Starts the call's first attempt: its timeout runs from now, while openapi-fetch builds the
   * Request and runs the caller's middleware. `url` gives the URL the call will have, for a timeout
   * before its Request reaches the transport.
   */
  start(method: string, url: () => string): void {
    this.#method = method;
    this.#plannedUrl = url;
    this.#arm();
  }

  /**
   * The signal `request` is sent with: the first attempt's, when start() began it, or a new
   * attempt's (the previous one's timer dropped). It aborts when the caller aborts (with the caller's
   * reason) or after timeoutMs (with a TrutoTimeoutError). Undefined when nothing could abort it.
   */
  begin(request: Request): AbortSignal | undefined {
    this.#method = request.method;
    this.url = request.url;
    const first = !this.#begun;
    this.#begun = true;
    if (first && this.#attempt) return this.#attempt.signal;
    clearTimeout(this.#timer);
    return this.#arm();
  }

  #arm(): AbortSignal | undefined {
    if (this.#timeoutMs === Infinity && !this.#signal) return undefined;
    const attempt = (this.#attempt = new AbortController());
    if (this.#signal?.aborted) attempt.abort(this.#signal.reason);
    else if (this.#timeoutMs !== Infinity) {
      this.#timer = setTimeout(() => {
        const error = new TrutoTimeoutError(this.#method, this.url ?? this.#plannedUrl?.() ?? "", this.#timeoutMs);
        attempt.abort(error);
        // In an attempt the transport decides (a retry, say); before one, or once the response
        // arrived (its body is read), nothing else would end the call.
        if (!this.#begun || this.#responded) {
          if (!this.#begun) this.#stoppedBy = { reason: error };
          this.#fail?.(error);
        }
      }, this.#timeoutMs);
    }
    return attempt.signal;
  }

  /** Whether the final response's headers arrived: what fails from then on failed while its body was read. */
  get hasResponded(): boolean {
    return this.#responded;
  }

  /** The final response's headers arrived; `stream`: its body is the caller's to read, so no timeout from now on. */
  responded(stream: boolean): void {
    this.#responded = true;
    if (stream) clearTimeout(this.#timer);
  }

  /** Waits `ms` between attempts (no timeout runs meanwhile), unless the caller aborts first. */
  sleep(ms: number): Promise<void> {
    clearTimeout(this.#timer);
    // The caller may have aborted since the attempt ended (in onRetry, say): no timer then.
    const stopped = this.stopped();
    if (stopped) return Promise.reject(stopped.reason);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, ms);
      this.#wake = (reason) => {
        clearTimeout(timer);
        reject(reason);
      };
    });
  }

  /** Releases the timer and the caller's signal: the body was read, or the call failed. Idempotent. */
  end(): void {
    clearTimeout(this.#timer);
    this.#unlink?.();
    this.#unlink = undefined;
  }

  #abort(reason: unknown): void {
    this.#attempt?.abort(reason);
    this.#wake?.(reason);
    this.#fail?.(reason);
    this.end();
  }
}

/** `promise`, or a rejection with `signal`'s reason if it aborts first (for a fetch or a token function that ignores it). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    const done = () => signal.removeEventListener("abort", stop);
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

type Watch = { listener: () => void; callbacks: Set<() => void> };
/** Per caller signal, its one "abort" listener and the callbacks it fans out to. */
const watched = new WeakMap<AbortSignal, Watch>();

/**
 * Calls `callback` when `signal` aborts; returns the function that stops watching. However many
 * calls share one signal, it carries a single listener (no MaxListenersExceededWarning past 10
 * in Node, and the same in browsers), removed when the last call stops watching.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let watch = watched.get(signal);
  if (!watch) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      watched.delete(signal);
      for (const fn of callbacks) fn();
    };
    watched.set(signal, (watch = { listener, callbacks }));
    signal.addEventListener("abort", listener, { once: true });
  }
  const { callbacks, listener } = watch;
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
    if (callbacks.size === 0 && watched.get(signal)?.callbacks === callbacks) {
      watched.delete(signal);
      signal.removeEventListener("abort", listener);
    }
  };
}
