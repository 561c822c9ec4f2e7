import { expect, it } from 'vitest';
import { keepaliveVerdict } from './keepalive-verdict';

const minute = { calls: 10_000, ok: 10_000, failed: 0, said: '', cpuPercent: 3, rssKb: 200 * 1024 };

it('a minute in which sipp made no keepalive (its port was taken) is not measured, however idle the server was', () => {
  expect(keepaliveVerdict({ ...minute, ok: 0, cpuPercent: 0.4, said: 'Address already in use' })).toBe('NOT measured (sipp made 0 of 10000 keepalives: Address already in use)');
});

it('a full minute is judged on CPU, memory and failures', () => {
  expect(keepaliveVerdict(minute)).toBe('met');
  expect(keepaliveVerdict({ ...minute, cpuPercent: 5.2 })).toBe('NOT met');
  expect(keepaliveVerdict({ ...minute, rssKb: 310 * 1024 })).toBe('NOT met');
  expect(keepaliveVerdict({ ...minute, ok: 9_990, failed: 10 })).toBe('NOT met');
});
