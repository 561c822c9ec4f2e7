import { describe, expect, it } from 'vitest';
import { isOrganisationNodeId } from './gb-ids';

describe('isOrganisationNodeId', () => {
  it('tells tree nodes from video channels', () => {
    expect(isOrganisationNodeId('34020000002150900001')).toBe(true);
    expect(isOrganisationNodeId('34020000002160900001')).toBe(true);
    expect(isOrganisationNodeId('34020000002000000001')).toBe(true);
    expect(isOrganisationNodeId('340200')).toBe(true);
    expect(isOrganisationNodeId('34020000001310900001')).toBe(false);
    expect(isOrganisationNodeId('34020000001320000001')).toBe(false);
    expect(isOrganisationNodeId('34020000001110000001')).toBe(false);
    expect(isOrganisationNodeId('3402000000131090000')).toBe(false);
  });

  it('answers as the pattern it replaced (civil codes of 2-8 digits, 20-digit IDs of type 200, 215 or 216) for IDs of any shape', () => {
    const was = (id: string) => /^\d{2}$|^\d{4}$|^\d{6}$|^\d{8}$/.test(id) || (/^\d{20}$/.test(id) && ['200', '215', '216'].includes(id.slice(10, 13)));
    const ids = ['', '3', '34', '3402', '340200', '34020000', '3402000', '34a2', '34 2', '3402\n', '٣٤', '34020000002150900001\n', 'x4020000002150900001'];
    for (let t = 195; t < 220; t++) ids.push(`3402000000${t}0900001`, `3402000000${t}090000`, `3402000000${t}09000011`);
    ids.push('34020000002/50900001', '340200000021:0900001', '3402000000２150900001');
    for (const id of ids) expect(isOrganisationNodeId(id), JSON.stringify(id)).toBe(was(id));
  });
});
