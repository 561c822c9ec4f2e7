import { describe, expect, it } from 'vitest';
import { decodeEventMessage, encodeEventMessage } from './event-message';
import * as says from './event-texts';

describe('a history row in the message column', () => {
  it('keeps the English sentence first and gives back its code and parameters, nested ones too', () => {
    const said = says.offline(says.noKeepalive(60, 3));
    const stored = encodeEventMessage(said);
    expect(stored.startsWith('offline: no keepalive for 180 s (3 missed at 60 s)')).toBe(true);
    expect(decodeEventMessage(5, stored)).toEqual({ time: 5, message: said.text, text: said });
  });

  it('reads a row stored before (plain English) as its text alone', () => {
    expect(decodeEventMessage(7, 'catalog received: 4 items')).toEqual({ time: 7, message: 'catalog received: 4 items' });
    expect(encodeEventMessage('a plain sentence')).toBe('a plain sentence');
  });

  it('keeps a sentence whose code part cannot be read, or that holds the separator itself, as English', () => {
    expect(decodeEventMessage(1, 'moved\u001f{"code":')).toEqual({ time: 1, message: 'moved' });
    expect(decodeEventMessage(1, 'moved\u001f{"params":{}}')).toEqual({ time: 1, message: 'moved' });
    const ua = says.registered('10.0.0.7:5060', 'UDP', 3600, 'cam\u001fera');
    expect(decodeEventMessage(1, encodeEventMessage(ua))).toEqual({ time: 1, message: ua.text, text: ua });
  });
});
