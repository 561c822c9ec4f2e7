import { describe, expect, it } from 'vitest';
import type { TextKey } from '../../i18n';
import { controlEn } from '../../i18n/control-en';
import { controlZh } from '../../i18n/control-zh';
import { outcomeText, outcomeTone } from './outcome';

const words = (dict: Record<string, string>) => (key: TextKey, vars?: Record<string, string | number>) =>
  (dict[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? `{${k}}`));
const en = words(controlEn);
const zh = words(controlZh);

describe('outcomeText', () => {
  it('a Result OK is an answer, not just a 200 to the MESSAGE', () => {
    expect(outcomeText(en, 'Arm', { sent: true, answered: true, result: 'OK' })).toBe('Arm: the device answered OK.');
    expect(outcomeTone({ sent: true, answered: true, result: 'OK' })).toBe('ok');
  });
  it('an ERROR shows the device reason', () => {
    expect(outcomeText(en, 'Arm', { sent: true, answered: true, result: 'ERROR', reason: 'busy' })).toBe('Arm: the device answered ERROR (busy).');
  });
  it('no answer says the device may not support the command over GB28181, in both languages', () => {
    const o = { sent: true, answered: false, note: { code: 'no_answer' as const, params: { what: 'RecordCmd', seconds: 10 }, text: '' } };
    expect(outcomeText(en, 'Start recording', o)).toContain('may not support this command over GB28181');
    expect(outcomeText(zh, '开始录像', o)).toContain('可能不支持通过 GB28181');
    expect(outcomeTone(o)).toBe('error');
  });
  it('a command GB/T 28181 never answers is only "sent"', () => {
    const o = { sent: true, answered: false, note: { code: 'no_response_expected' as const, text: '' } };
    expect(outcomeText(en, 'Request I-frame', o)).toMatch(/sent\. .*not known/);
    expect(outcomeTone(o)).toBe('unknown');
  });
  it('a refused MESSAGE names the status', () => {
    expect(outcomeText(en, 'Reboot', { sent: false, answered: false, note: { code: 'refused', params: { status: 403 }, text: '' } })).toBe(
      'Reboot: the device refused the message (403).',
    );
  });
});
