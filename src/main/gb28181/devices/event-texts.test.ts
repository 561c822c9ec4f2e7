import { describe, expect, it } from 'vitest';
import { keepaliveUnhealthy, saysKeepaliveUnhealthy, targetMismatch } from './event-texts';

describe('saysKeepaliveUnhealthy', () => {
  it('is true only for the sentence keepaliveUnhealthy words for the same status and faulty items', () => {
    expect(saysKeepaliveUnhealthy(keepaliveUnhealthy('ERROR', []), 'ERROR', [])).toBe(true);
    expect(saysKeepaliveUnhealthy(keepaliveUnhealthy('', []), '', [])).toBe(true);
    expect(saysKeepaliveUnhealthy(keepaliveUnhealthy('ERROR', ['1', '2']), 'ERROR', ['1', '2'])).toBe(true);

    expect(saysKeepaliveUnhealthy(keepaliveUnhealthy('ERROR', []), 'OFF', [])).toBe(false);
    expect(saysKeepaliveUnhealthy(keepaliveUnhealthy('ERROR', []), 'ERROR', ['1'])).toBe(false);
    expect(saysKeepaliveUnhealthy(keepaliveUnhealthy('ERROR', ['1']), 'ERROR', [])).toBe(false);
    expect(saysKeepaliveUnhealthy(keepaliveUnhealthy('ERROR', ['1', '2']), 'ERROR', ['1', '3'])).toBe(false);
    expect(saysKeepaliveUnhealthy(targetMismatch('34020000001320000001', 'elsewhere'), 'ERROR', [])).toBe(false);
    expect(saysKeepaliveUnhealthy('keepalive reports Status ERROR', 'ERROR', [])).toBe(false);
    expect(saysKeepaliveUnhealthy(null, 'ERROR', [])).toBe(false);
  });
});
