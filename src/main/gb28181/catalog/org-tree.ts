// Organisation view of one device's catalog (GB/T 28181-2016 Annex C / D): civil-code regions, business groups
// (215), virtual organisations (216) and sub-devices as containers; cameras under their ParentID, else under
// their business group or region, else directly under the device.
import { isCivilCode, isGbId, typeCode } from '../ids/gb-id';
import { isRecorderType, TYPE } from '../ids/type-names';

export interface OrgSource {
  deviceId: string;
  name?: string;
  parentIds?: readonly string[];
  parentId?: string;
  civilCode?: string;
  businessGroupId?: string;
}

export type OrgNodeKind = 'device' | 'civil-region' | 'business-group' | 'virtual-org' | 'sub-device' | 'channel';

export interface OrgNode<T> {
  id: string;
  name: string;
  kind: OrgNodeKind;
  /** The catalog item; absent on the device root. */
  item?: T;
  children: OrgNode<T>[];
  /** Other listed parents (ParentID "a/b") this node also belongs to; it is placed once, under the first. */
  alsoUnder?: string[];
  /** Its ParentID named nodes that are not in the catalog, so it was placed by fallback. */
  missingParent?: boolean;
  /** Its parent chain looped back to it; placed under the device instead. */
  cycle?: boolean;
}

function kindOf(id: string): OrgNodeKind {
  if (isCivilCode(id)) return 'civil-region';
  const t = typeCode(id);
  if (t === TYPE.BUSINESS_GROUP) return 'business-group';
  if (t === TYPE.VIRTUAL_ORG) return 'virtual-org';
  if (isRecorderType(t) || t === TYPE.SIP_SERVER) return 'sub-device';
  return 'channel';
}

const CONTAINER_ORDER: Record<OrgNodeKind, number> = {
  device: 0,
  'civil-region': 1,
  'business-group': 2,
  'virtual-org': 3,
  'sub-device': 4,
  channel: 5,
};

function parentList(src: OrgSource): string[] {
  if (src.parentIds?.length) return [...src.parentIds];
  return (src.parentId ?? '').split('/').map((s) => s.trim()).filter(Boolean);
}

/** Longest existing civil-code prefix of `code` (itself included when `inclusive`). */
function civilParent(code: string, nodes: Map<string, unknown>, inclusive: boolean): string | undefined {
  for (let len = inclusive ? code.length : code.length - 2; len >= 2; len -= 2) {
    const c = code.slice(0, len);
    if (isCivilCode(c) && nodes.has(c)) return c;
  }
  return undefined;
}

export function buildOrgTree<T extends OrgSource>(device: { deviceId: string; name?: string }, items: readonly T[]): OrgNode<T> {
  const root: OrgNode<T> = { id: device.deviceId, name: device.name || device.deviceId, kind: 'device', children: [] };
  const nodes = new Map<string, OrgNode<T>>();
  const order = new Map<string, number>();
  for (const item of items) {
    const id = item.deviceId?.trim();
    if (!id || id === device.deviceId || nodes.has(id)) continue;
    nodes.set(id, { id, name: item.name || id, kind: kindOf(id), item, children: [] });
    order.set(id, order.size);
  }

  const parentOf = new Map<string, string>();
  for (const node of nodes.values()) {
    const src = node.item!;
    const listed = parentList(src).filter((p) => p !== node.id);
    const existing = listed.filter((p) => nodes.has(p));
    let parent: string | undefined;
    if (existing.length) {
      // "a/b/c" read as a path: the deepest listed node that exists is the direct parent.
      parent = existing[existing.length - 1];
      const others = existing.slice(0, -1);
      if (others.length) node.alsoUnder = others;
    } else if (listed.some((p) => p === device.deviceId || (isGbId(p) && typeCode(p) === '200'))) {
      parent = undefined;
    } else {
      if (node.kind !== 'business-group' && src.businessGroupId && src.businessGroupId !== node.id && nodes.has(src.businessGroupId)) {
        parent = src.businessGroupId;
      } else if (node.kind === 'civil-region') {
        parent = civilParent(node.id, nodes, false);
      } else if (src.civilCode && isCivilCode(src.civilCode)) {
        parent = civilParent(src.civilCode, nodes, true);
      }
      if (listed.length) node.missingParent = true;
    }
    if (parent !== undefined) parentOf.set(node.id, parent);
  }

  // Break cycles: a node whose chain returns to itself goes under the device.
  for (const id of nodes.keys()) {
    const seen = new Set<string>([id]);
    let cur = parentOf.get(id);
    while (cur !== undefined) {
      if (cur === id) {
        parentOf.delete(id);
        nodes.get(id)!.cycle = true;
        break;
      }
      // A loop further up that does not include this node is cut when its own members are visited.
      if (seen.has(cur)) break;
      seen.add(cur);
      cur = parentOf.get(cur);
    }
  }

  for (const node of nodes.values()) {
    const p = parentOf.get(node.id);
    (p === undefined ? root : nodes.get(p)!).children.push(node);
  }
  const sortRec = (n: OrgNode<T>) => {
    n.children.sort((a, b) => CONTAINER_ORDER[a.kind] - CONTAINER_ORDER[b.kind] || order.get(a.id)! - order.get(b.id)!);
    n.children.forEach(sortRec);
  };
  sortRec(root);
  return root;
}

/** Depth-first list of nodes with their depth, for flat renderers and tests. */
export function flattenOrgTree<T>(root: OrgNode<T>): { node: OrgNode<T>; depth: number }[] {
  const out: { node: OrgNode<T>; depth: number }[] = [];
  const walk = (n: OrgNode<T>, depth: number) => {
    out.push({ node: n, depth });
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}
