// Which server a REGISTER was addressed to. GB devices are configured with the platform's ID and domain;
// when those differ from ours the device still reaches us (by IP), and we tell the installer.
import { serverText, type ServerText } from '../../../shared/texts';
import { parseUri, type SipUri } from '../../sip/message';

export interface ServerIdentity {
  sipId: string;
  domain: string;
}

export interface TargetCheck {
  /** The server ID the device addressed (Request-URI user), when it gave one. */
  serverId?: string;
  /** The domain the device addressed, when the Request-URI host is a GB domain (10 digits or <10 digits>.spvmn.cn). */
  domain?: string;
  /** Installer-readable description of the mismatch, or null when the REGISTER was addressed to us. */
  mismatch: ServerText | null;
}

const GB_DOMAIN_HOST = /^(\d{10})(?:\.spvmn\.cn)?$/i;

/** `requestUri` as text or already parsed (undefined when it did not parse). */
export function checkTarget(requestUri: string | SipUri | undefined, ours: ServerIdentity): TargetCheck {
  const uri = typeof requestUri === 'string' ? parseUri(requestUri) : requestUri;
  if (!uri) return { mismatch: null };
  const out: TargetCheck = { mismatch: null };
  if (uri.user) out.serverId = uri.user;
  const m = GB_DOMAIN_HOST.exec(uri.host);
  if (m) out.domain = m[1];
  const problems: string[] = [];
  const otherId = out.serverId !== undefined && out.serverId !== ours.sipId;
  const otherDomain = out.domain !== undefined && out.domain !== ours.domain;
  if (otherId) problems.push(`server ID ${out.serverId}`);
  if (otherDomain) problems.push(`domain ${out.domain}`);
  if (problems.length) {
    const english = `registered to ${problems.join(' and ')}, but this server is ${ours.sipId} in domain ${ours.domain}`;
    const code = otherId && otherDomain ? 'reg.target.both' : otherId ? 'reg.target.serverId' : 'reg.target.domain';
    out.mismatch = serverText(code, { serverId: out.serverId ?? '', domain: out.domain ?? '', ourId: ours.sipId, ourDomain: ours.domain }, english);
  }
  return out;
}
