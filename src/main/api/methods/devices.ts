// device.*, channel.* and registration.* methods of the contract, over the GB server's device access. Params
// arrive checked (params/schemas.ts); query and transaction failures are mapped once, in handlers.ts.
import type { DeviceDetails, OrgTreeNode } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import { serverText } from '../../../shared/texts';
import { buildOrgTree, type OrgNode, type OrgNodeKind } from '../../gb28181/catalog/org-tree';
import type { Channel } from '../../../shared/types/devices';
import type { DeviceRegistry } from '../../gb28181/devices/registry';
import type { QueryService } from '../../gb28181/query/query-service';
import { deviceRemovedText } from '../../gb28181/query/texts';
import { unknownDeviceText } from '../../gb28181/devices/route-texts';
import type { FailureTracker } from '../../gb28181/registrar/failures';
import type { RegistrationLockout } from '../../gb28181/registrar/lockout';
import { registrationProblems, unlockFor } from '../../gb28181/registrar/problems';
import type { CatalogSubscriptions } from '../../gb28181/subscription/catalog-subscriptions';
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
  | 'channel.rename'
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

export function deviceMethods(deps: DeviceMethodDeps): Pick<ApiHandlers, DeviceMethodName> {
  const { registry, queries, subscriptions, failures, lockout } = deps;
  const known = (deviceId: string) => {
    const d = registry.get(deviceId);
    if (!d) throw ApiError.saying('not_found', unknownDeviceText(deviceId));
    return d;
  };
  const details = (deviceId: string): Promise<DeviceDetails> => registry.details(known(deviceId), failures.of(deviceId));

  return {
    'device.list': async () => registry.all().map((d) => registry.summary(d)),

    'device.get': async (p) => details(p.deviceId),

    'device.add': async (p) => registry.summary(registry.add(p.deviceId, p.name, p.password)),

    'device.update': async (p) => {
      known(p.deviceId);
      const patch = { name: p.name, password: p.password, mediaTransport: p.mediaTransport, timeZone: p.timeZone, heartbeatSec: p.heartbeatSec, heartbeatCount: p.heartbeatCount };
      return registry.summary(registry.update(p.deviceId, patch)!);
    },

    'device.remove': async ({ deviceId }) => {
      subscriptions.stop(deviceId);
      queries.deviceGone(deviceId, deviceRemovedText(deviceId));
      return { removed: registry.remove(deviceId) };
    },

    'device.refresh': async ({ deviceId, what }) => {
      const d = known(deviceId);
      if (!registry.isRegistered(deviceId) || !d.online) {
        throw ApiError.saying('conflict', serverText('api.deviceOffline', { deviceId }, `device ${deviceId} is offline; it can be asked once it registers and keepalives again`));
      }
      if (what === 'info') await queries.deviceInfo(deviceId);
      else if (what === 'status') await queries.deviceStatus(deviceId);
      else await queries.catalog(deviceId);
      return details(deviceId);
    },

    'channel.rename': async ({ deviceId, channelId, name }) => {
      known(deviceId);
      const c = registry.renameChannel(deviceId, channelId, name);
      if (!c) throw ApiError.saying('not_found', serverText('api.unknownChannel', { deviceId, channelId }, `device ${deviceId} has no channel ${channelId} in its catalog`));
      return c;
    },

    'channel.list': async (p) => {
      if (p.deviceId === undefined) return registry.allChannels();
      known(p.deviceId);
      return registry.channelsOf(p.deviceId);
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

    'registration.clearFailure': async ({ deviceId }) => {
      const unlocked = unlockFor(lockout, deviceId);
      return { cleared: failures.clear(deviceId) || unlocked > 0 };
    },

    'registration.unlock': async ({ deviceId, ip }) => ({ unlocked: lockout.unlock({ deviceId, ip }) }),
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
