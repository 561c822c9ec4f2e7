// The device.* / channel.* / registration.* API methods over a GB server under test (gb28181's harness), called
// through dispatch as the shells call them: params checked, errors mapped.
import type { GbServer } from '../../gb28181/server/start-gb-server';
import { startHarness, type Harness } from '../../gb28181/server/testing/harness';
import { dispatch, type ApiHandlers } from '../handlers';
import { deviceMethods, type DeviceMethodName } from '../methods/devices';

export type DeviceApi = Pick<ApiHandlers, DeviceMethodName>;

export function deviceApi(server: GbServer): DeviceApi {
  const handlers = deviceMethods(server);
  const all = handlers as unknown as ApiHandlers;
  return Object.fromEntries(Object.keys(handlers).map((m) => [m, (p: unknown) => dispatch(all, m, p)])) as unknown as DeviceApi;
}

export interface ApiHarness extends Harness {
  methods: DeviceApi;
}

/** gb28181's harness with the device API methods over its server. */
export async function startApiHarness(o: Parameters<typeof startHarness>[0]): Promise<ApiHarness> {
  const h = await startHarness(o);
  return { ...h, methods: deviceApi(h.server) };
}
