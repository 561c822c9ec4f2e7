// A query whose answer can no longer come (the device went offline, was removed, or the server is closing) ends
// at once with a coded sentence, worded by the console in its language.
import { afterEach, expect, it } from 'vitest';
import type { DomainError } from '../../../shared/errors';
import { startRig, type Rig } from '../../live/testing/live-rig';
import { deviceRemovedText } from './texts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const silent = { device: { field: { noConfigDownload: true } } };

it('ends a waiting query when its device unregisters, saying why in a nested coded sentence', async () => {
  rig = await startRig(silent);
  const waiting = rig.h.server.queries.basicParam(rig.deviceId).catch((e: DomainError) => e);
  await rig.fleet!.devices[0].stop();
  const err = (await waiting) as DomainError;
  expect(err.code).toBe('unavailable');
  expect(err.text).toMatchObject({ code: 'query.deviceOffline', params: { deviceId: rig.deviceId, why: { code: expect.any(String) } } });
  expect(err.message).toBe(err.text!.text);
  expect(err.message).toMatch(new RegExp(`^device ${rig.deviceId} went offline \\(`));
});

it('ends waiting queries with a coded sentence when the device is removed and when the server shuts down', async () => {
  rig = await startRig(silent);
  const queries = rig.h.server.queries;
  const removed = queries.basicParam(rig.deviceId).catch((e: DomainError) => e);
  queries.deviceGone(rig.deviceId, deviceRemovedText(rig.deviceId));
  expect(await removed).toMatchObject({ code: 'unavailable', message: `device ${rig.deviceId} was removed in the console`, text: { code: 'query.deviceRemoved' } });
  const closing = queries.basicParam(rig.deviceId).catch((e: DomainError) => e);
  queries.close();
  expect(await closing).toMatchObject({ code: 'unavailable', message: 'the server is shutting down', text: { code: 'query.shuttingDown', params: {} } });
});
