// Which Catalog items are tree nodes rather than video sources (GB/T 28181 Annex D type codes): civil-code
// nodes (2/4/6/8 digits), business groups (215), virtual organisations (216) and platforms (200) organise the
// tree; everything else is counted and offered as a channel.
const ORGANISATION_TYPES = new Set(['200', '215', '216']);

export function isOrganisationNodeId(id: string): boolean {
  if (/^\d{2}$|^\d{4}$|^\d{6}$|^\d{8}$/.test(id)) return true;
  return /^\d{20}$/.test(id) && ORGANISATION_TYPES.has(id.slice(10, 13));
}
