// Calls the console's HTTP API (POST /api/<method> with a JSON body and the run's token) from a test, and waits
// on it with a deadline.
import type { ApiMethodName, ParamsOf, ResultOf } from '../../src/shared/contract';

const tokens = new Map<string, string>();

/** The API token of the console at this URL (startConsole reads it from the data folder). */
export function rememberToken(baseUrl: string, token: string): void {
  tokens.set(new URL(baseUrl).origin, token);
}

export function tokenFor(baseUrl: string): string | undefined {
  return tokens.get(new URL(baseUrl).origin) ?? process.env.GB_API_TOKEN;
}

export async function callApi<M extends ApiMethodName>(baseUrl: string, method: M, params: ParamsOf<M> | Record<string, never> = {}): Promise<ResultOf<M>> {
  const token = tokenFor(baseUrl);
  const res = await fetch(new URL(`/api/${method}`, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(params),
  });
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${method} answered ${res.status}: ${JSON.stringify(body)}`);
  return body as ResultOf<M>;
}

/** Starts simulated devices in the console process; they register with its own SIP address. */
export function simStart(baseUrl: string, params: ParamsOf<'sim.start'> = {}): Promise<ResultOf<'sim.start'>> {
  return callApi(baseUrl, 'sim.start', params);
}

export function simStop(baseUrl: string): Promise<ResultOf<'sim.stop'>> {
  return callApi(baseUrl, 'sim.stop', {});
}

/**
 * Asks `probe` again until it returns something other than undefined, or fails after `timeoutMs` with the
 * description and the last value seen. Polls the API; it does not sleep to synchronise with anything else.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until every one of `deviceIds` is registered and online, with its catalog complete. */
export function waitForDevicesReady(baseUrl: string, deviceIds: string[], timeoutMs = 20_000) {
  return waitFor(
    `devices ${deviceIds.join(', ')} online with their catalog`,
    async () => {
      const details = await Promise.all(deviceIds.map((deviceId) => callApi(baseUrl, 'device.get', { deviceId })));
      return details.every((d) => d.online && d.catalog.complete) ? details : undefined;
    },
    timeoutMs,
  );
}
