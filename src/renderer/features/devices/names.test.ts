import { describe, expect, it } from 'vitest';
import { duplicateTails, idTail, withTail } from './names';

describe('names', () => {
  it('gives the shortest tail of at least 4 characters that tells an ID from the others', () => {
    expect(idTail('34020000001320000001', ['34020000001320000001', '34020000001320000002'])).toBe('0001');
    expect(idTail('34020000001320010001', ['34020000001320010001', '34020000001320020001'])).toBe('10001');
  });

  it('tails only names that are shared (compared as NFKC, case-blind)', () => {
    const tails = duplicateTails([
      { name: 'IP CAMERA', id: '34020000001320000001' },
      { name: 'ip camera', id: '34020000001320000002' },
      { name: '大门口', id: '34020000001320000003' },
      { name: '', id: '34020000001320000004' },
      { name: '', id: '34020000001320000005' },
    ]);
    expect([...tails]).toEqual([
      ['34020000001320000001', '0001'],
      ['34020000001320000002', '0002'],
    ]);
  });

  it('words a name with its tail, or the ID when there is no name', () => {
    expect(withTail('IP CAMERA', 'x', '0001')).toBe('IP CAMERA …0001');
    expect(withTail('大门口', 'x', undefined)).toBe('大门口');
    expect(withTail('', '34020000001320000004', null)).toBe('34020000001320000004');
  });
});
