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
});
