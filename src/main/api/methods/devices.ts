// device.*, channel.* and registration.* methods of the contract, over the GB server's device access.
import type { DeviceDetails, MediaTransport, OrgTreeNode } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import { settingRules, type Settings } from '../../../shared/settings';
import { buildOrgTree, type OrgNode, type OrgNodeKind } from '../../gb28181/catalog/org-tree';
import type { Channel } from '../../../shared/types/devices';
import { DeviceUnreachableError } from '../../gb28181/devices/messenger';
import type { DeviceRegistry } from '../../gb28181/devices/registry';
import { reasonForBadDeviceId } from '../../gb28181/ids';
import { QueryRefusedError, type QueryService } from '../../gb28181/query/query-service';
import { QueryTimeoutError } from '../../gb28181/query/pending';
import type { FailureTracker } from '../../gb28181/registrar/failures';
import type { RegistrationLockout } from '../../gb28181/registrar/lockout';
import { registrationProblems, unlockFor } from '../../gb28181/registrar/problems';
import type { CatalogSubscriptions } from '../../gb28181/subscription/catalog-subscriptions';
import { SipTransactionError } from '../../sip/stack/errors';
import type { ApiHandlers } from '../handlers';

export type DeviceMethodName =
  | 'device.list'
  | 'device.get'
  | 'device.add'
  | 'device.update'
  | 'device.remove'
  | 'device.refresh'
  | 'channel.list'
  | 'channel.tree'
  | 'registration.failures'
  | 'registration.clearFailure'
  | 'registration.unlock';

export interface DeviceMethodDeps {
  registry: DeviceRegistry;
  queries: QueryService;
  subscriptions: CatalogSubscriptions;
  failures: FailureTracker;
  lockout: RegistrationLockout;
}

const MEDIA_TRANSPORTS: readonly MediaTransport[] = ['udp', 'tcp-passive', 'tcp-active'];

function deviceIdParam(p: { deviceId?: unknown }): string {
  if (typeof p.deviceId !== 'string' || p.deviceId === '') throw new ApiError('bad_request', 'deviceId is required (the 20-digit device ID)');
  return p.deviceId;
}

function passwordProblem(pw: string): string | null {
  return settingRules.password(pw, {} as Settings);
}

export function deviceMethods(deps: DeviceMethodDeps): Pick<ApiHandlers, DeviceMethodName> {
  const { registry, queries, subscriptions, failures, lockout } = deps;
  const known = (deviceId: string) => {
    const d = registry.get(deviceId);
    if (!d) throw new ApiError('not_found', `device ${deviceId} is not known to this server`);
    return d;
  };
  const details = (deviceId: string): DeviceDetails => registry.details(known(deviceId), failures.of(deviceId));

  return {
    'device.list': async () => registry.all().map((d) => registry.summary(d)),

    'device.get': async (p) => details(deviceIdParam(p)),

    'device.add': async (p) => {
      const deviceId = deviceIdParam(p);
      const bad = reasonForBadDeviceId(deviceId);
      if (bad) throw new ApiError('bad_request', bad);
      if (p.name !== undefined && typeof p.name !== 'string') throw new ApiError('bad_request', 'name must be text');
      if (p.password !== undefined) {
        const problem = typeof p.password === 'string' ? passwordProblem(p.password) : 'password must be text';
        if (problem) throw new ApiError('bad_request', problem);
      }
      return registry.summary(registry.add(deviceId, p.name, p.password));
    },

    'device.update': async (p) => {
      const deviceId = deviceIdParam(p);
      known(deviceId);
      if (p.name !== undefined && typeof p.name !== 'string') throw new ApiError('bad_request', 'name must be text');
      if (p.password !== undefined && p.password !== null) {
        const problem = typeof p.password === 'string' ? passwordProblem(p.password) : 'password must be text or null';
        if (problem) throw new ApiError('bad_request', problem);
      }
      if (p.mediaTransport !== undefined && !MEDIA_TRANSPORTS.includes(p.mediaTransport)) {
        throw new ApiError('bad_request', `mediaTransport must be one of ${MEDIA_TRANSPORTS.join(', ')}; got "${String(p.mediaTransport)}"`);
      }
      return registry.summary(registry.update(deviceId, { name: p.name, password: p.password, mediaTransport: p.mediaTransport })!);
    },

    'device.remove': async (p) => {
      const deviceId = deviceIdParam(p);
      subscriptions.stop(deviceId);
      queries.deviceGone(deviceId, 'was removed in the console');
      return { removed: registry.remove(deviceId) };
    },

    'device.refresh': async (p) => {
      const deviceId = deviceIdParam(p);
      const d = known(deviceId);
      if (!registry.isRegistered(deviceId) || !d.online) {
        throw new ApiError('conflict', `device ${deviceId} is offline; it can be asked once it registers and keepalives again`);
      }
      try {
        if (p.what === 'info') await queries.deviceInfo(deviceId);
        else if (p.what === 'status') await queries.deviceStatus(deviceId);
        else if (p.what === 'catalog') await queries.catalog(deviceId);
        else throw new ApiError('bad_request', `what must be "info", "status" or "catalog"; got "${String(p.what)}"`);
      } catch (err) {
        throw toApiError(err);
      }
      return details(deviceId);
    },

    'channel.list': async (p) => {
      if (p.deviceId === undefined) return registry.allChannels();
      const deviceId = deviceIdParam(p);
      known(deviceId);
      return registry.channelsOf(deviceId);
    },

    'channel.tree': async () =>
      registry.all().map((d) => {
        const summary = registry.summary(d);
        const channels = registry.channelsOf(d.deviceId);
        const tree = buildOrgTree(
          { deviceId: d.deviceId, name: summary.name },
          channels.map((c) => ({ ...c, deviceId: c.channelId, channel: c, parentId: c.parentId ?? undefined, civilCode: c.civilCode ?? undefined, businessGroupId: c.businessGroupId ?? undefined })),
        );
        return toTreeNode(tree, d.deviceId, summary.online);
      }),

    'registration.failures': async () => registrationProblems(failures, lockout),

    'registration.clearFailure': async (p) => {
      const deviceId = deviceIdParam(p);
      const unlocked = unlockFor(lockout, deviceId);
      return { cleared: failures.clear(deviceId) || unlocked > 0 };
    },

    'registration.unlock': async (p) => {
      for (const k of ['deviceId', 'ip'] as const) {
        if (p[k] !== undefined && (typeof p[k] !== 'string' || p[k] === '')) throw new ApiError('bad_request', `${k} must be non-empty text`);
      }
      if (p.deviceId === undefined && p.ip === undefined) throw new ApiError('bad_request', 'give deviceId, ip or both: whose registration lock to lift');
      return { unlocked: lockout.unlock({ deviceId: p.deviceId, ip: p.ip }) };
    },
  };
}

const KIND: Record<OrgNodeKind, OrgTreeNode['kind']> = {
  device: 'device',
  'sub-device': 'device',
  'civil-region': 'civil-code',
  'business-group': 'business-group',
  'virtual-org': 'virtual-org',
  channel: 'channel',
};

function toTreeNode(n: OrgNode<{ channel: Channel }>, deviceId: string, deviceOnline: boolean): OrgTreeNode {
  const node: OrgTreeNode = {
    id: n.id,
    name: n.name,
    kind: KIND[n.kind],
    deviceId,
    children: n.children.map((c) => toTreeNode(c, deviceId, deviceOnline)),
  };
  if (n.kind === 'device') node.online = deviceOnline;
  else if (n.kind === 'channel' || n.kind === 'sub-device') node.online = deviceOnline && (n.item?.channel.online ?? false);
  return node;
}

function toApiError(err: unknown): Error {
  if (err instanceof ApiError) return err;
  if (err instanceof QueryTimeoutError) return new ApiError('timeout', err.message);
  if (err instanceof QueryRefusedError || err instanceof DeviceUnreachableError) return new ApiError('conflict', err.message);
  if (err instanceof SipTransactionError) return new ApiError(err.status === 408 ? 'timeout' : 'unavailable', err.message);
  return err instanceof Error ? err : new Error(String(err));
}
