// Which Catalog items are tree nodes rather than video sources (GB/T 28181 Annex D type codes): civil-code
// nodes (2/4/6/8 digits), business groups (215), virtual organisations (216) and platforms (200) organise the
// tree; everything else is counted and offered as a channel.
const ORGANISATION_TYPES = new Set([200, 215, 216]);

/** Read by character codes: every device summary asks it of each of the device's channels. */
export function isOrganisationNodeId(id: string): boolean {
  const n = id.length;
  if (n !== 2 && n !== 4 && n !== 6 && n !== 8 && n !== 20) return false;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (n < 20) return true;
  return ORGANISATION_TYPES.has((id.charCodeAt(10) - 48) * 100 + (id.charCodeAt(11) - 48) * 10 + (id.charCodeAt(12) - 48));
}
