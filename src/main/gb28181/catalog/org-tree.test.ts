import { describe, expect, it } from 'vitest';
import { buildOrgTree, flattenOrgTree, type OrgNode, type OrgSource } from './org-tree';

const NVR = { deviceId: '34020000001180000001', name: 'NVR' };
const PLATFORM = '34020000002000000001';
const BG = '34020000002150000001';
const VO1 = '34020000002160000001';
const VO2 = '34020000002160000002';
const cam = (n: number) => `3402000000132000000${n}`;

/** Renders "name(kind)" with indentation, so a failing test shows the whole tree. */
function render(root: OrgNode<OrgSource>): string[] {
  return flattenOrgTree(root).map(({ node, depth }) => `${'  '.repeat(depth)}${node.id}`);
}

describe('buildOrgTree', () => {
  it('business group > virtual orgs > cameras, orphans under the device', () => {
    const items: OrgSource[] = [
      { deviceId: cam(1), name: 'cam1', parentIds: [VO2], businessGroupId: BG },
      { deviceId: VO2, name: 'sub org', parentIds: [VO1], businessGroupId: BG },
      { deviceId: VO1, name: 'org', parentIds: [BG], businessGroupId: BG },
      { deviceId: BG, name: 'group', parentIds: [PLATFORM] },
      { deviceId: cam(2), name: 'cam2', parentIds: [VO1] },
      { deviceId: cam(3), name: 'no parent' },
    ];
    const tree = buildOrgTree(NVR, items);
    expect(render(tree)).toEqual([NVR.deviceId, `  ${BG}`, `    ${VO1}`, `      ${VO2}`, `        ${cam(1)}`, `      ${cam(2)}`, `  ${cam(3)}`]);
    expect(tree.children[0]).toMatchObject({ kind: 'business-group', name: 'group' });
    expect(tree.children[0].children[0].kind).toBe('virtual-org');
    expect(tree.kind).toBe('device');
  });

  it('virtual org whose ParentID is missing falls back to its BusinessGroupID', () => {
    const tree = buildOrgTree(NVR, [
      { deviceId: BG, parentIds: [PLATFORM] },
      { deviceId: VO1, parentIds: ['34020000002160000999'], businessGroupId: BG },
    ]);
    expect(render(tree)).toEqual([NVR.deviceId, `  ${BG}`, `    ${VO1}`]);
    expect(tree.children[0].children[0].missingParent).toBe(true);
  });

  it('civil-code regions nest by prefix; cameras go under their CivilCode', () => {
    const tree = buildOrgTree(NVR, [
      { deviceId: cam(1), civilCode: '34020001' },
      { deviceId: '340200' },
      { deviceId: '34' },
      { deviceId: '3402' },
      { deviceId: cam(2), civilCode: '340200' },
      { deviceId: cam(3), civilCode: '44' },
    ]);
    expect(render(tree)).toEqual([NVR.deviceId, '  34', '    3402', '      340200', `        ${cam(1)}`, `        ${cam(2)}`, `  ${cam(3)}`]);
    expect(tree.children[0].kind).toBe('civil-region');
  });

  it('cameras hang directly under the NVR when ParentID is the NVR or the platform', () => {
    const tree = buildOrgTree(NVR, [
      { deviceId: cam(1), parentId: NVR.deviceId },
      { deviceId: cam(2), parentId: PLATFORM },
    ]);
    expect(render(tree)).toEqual([NVR.deviceId, `  ${cam(1)}`, `  ${cam(2)}`]);
    expect(tree.children.some((c) => c.missingParent)).toBe(false);
  });

  it('several ParentIDs separated by "/": placed once under the last existing, others noted', () => {
    const tree = buildOrgTree(NVR, [
      { deviceId: VO1 },
      { deviceId: VO2 },
      { deviceId: cam(1), parentId: `${VO1}/${VO2}/34020000002160000404` },
    ]);
    const camNode = flattenOrgTree(tree).find((x) => x.node.id === cam(1))!;
    expect(camNode.depth).toBe(2);
    expect(tree.children.find((c) => c.id === VO2)!.children[0].id).toBe(cam(1));
    expect(camNode.node.alsoUnder).toEqual([VO1]);
  });

  it('sub-devices (an NVR inside a platform catalog) hold their channels', () => {
    const sub = '34020000001180000009';
    const tree = buildOrgTree({ deviceId: PLATFORM }, [
      { deviceId: cam(1), parentId: sub },
      { deviceId: sub, parentId: PLATFORM },
    ]);
    expect(render(tree)).toEqual([PLATFORM, `  ${sub}`, `    ${cam(1)}`]);
    expect(tree.children[0].kind).toBe('sub-device');
  });

  it('cycles are broken, duplicates and the device itself ignored', () => {
    const tree = buildOrgTree(NVR, [
      { deviceId: VO1, parentId: VO2 },
      { deviceId: VO2, parentId: VO1 },
      { deviceId: VO1, name: 'dup' },
      { deviceId: NVR.deviceId, name: 'self' },
      { deviceId: '' },
      { deviceId: cam(1), parentId: cam(1) },
    ]);
    const flat = flattenOrgTree(tree);
    expect(flat).toHaveLength(4);
    expect(flat.filter((x) => x.node.cycle).length).toBeGreaterThan(0);
    expect(flat.find((x) => x.node.id === cam(1))!.depth).toBe(1);
  });

  it('a node hanging below a loop keeps its parent; the loop is cut at one of its members', () => {
    const tree = buildOrgTree(NVR, [
      { deviceId: cam(1), parentId: VO1 },
      { deviceId: VO1, parentId: VO2 },
      { deviceId: VO2, parentId: VO1 },
    ]);
    const camNode = flattenOrgTree(tree).find((x) => x.node.id === cam(1))!;
    expect(camNode.node.cycle).toBeUndefined();
    expect(flattenOrgTree(tree)).toHaveLength(4);
    expect(tree.children).toHaveLength(1);
  });

  it('containers sort before channels; catalog order kept inside each group', () => {
    const tree = buildOrgTree(NVR, [{ deviceId: cam(2) }, { deviceId: VO1 }, { deviceId: cam(1) }, { deviceId: BG }]);
    expect(tree.children.map((c) => c.id)).toEqual([BG, VO1, cam(2), cam(1)]);
  });
});
