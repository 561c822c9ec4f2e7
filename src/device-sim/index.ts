// Simulated GB/T 28181 devices: the library behind `npm run sim`, the console's sim.* methods, the tests and
// the benchmarks. Speaks only SIP and RTP to a platform.
export { SimFleet, localAddressFor, type FleetOptions, type FleetStats, type FleetEvents } from './fleet/fleet';
export { SimDevice, type DeviceSnapshot, type RegistrationState, type ChannelControlState } from './device/device';
export type { DeviceEvents } from './device/events';
export {
  DEVICE_DEFAULTS,
  DEFAULT_TIMING,
  type DeviceConfig,
  type DeviceFaults,
  type DeviceOverrides,
  type RegisterTiming,
  type ServerTarget,
} from './device/config';
export type { MediaSessionView } from './device/media-sessions';
export type { PtzSnapshot, Preset, Cruise } from './model/ptz-state';
export { deviceIdAt, channelIdAt, businessGroupIdAt, virtualOrgIdAt, serialsUsed } from './ids';
