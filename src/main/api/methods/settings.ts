import type { SettingsUpdateResult, SettingsView } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import type { ApiHandlers } from '../handlers';

/** What the settings methods need; core/settings-service.ts provides it. */
export interface SettingsAccess {
  view(opts?: { reveal?: boolean }): SettingsView;
  update(patch: Partial<Settings>): SettingsUpdateResult;
  rotateToken(): string;
}

export function settingsMethods(settings: SettingsAccess): Pick<ApiHandlers, 'settings.get' | 'settings.update' | 'settings.rotateToken'> {
  return {
    'settings.get': async (params) => settings.view({ reveal: params?.reveal === true }),
    'settings.update': async (patch) => settings.update(patch),
    'settings.rotateToken': async () => ({ apiToken: settings.rotateToken() }),
  };
}
