import type { SettingsUpdateResult, SettingsView } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import type { ApiHandlers } from '../handlers';

/** What the settings methods need; core/settings-service.ts provides it. */
export interface SettingsAccess {
  view(): SettingsView;
  update(patch: Partial<Settings>): SettingsUpdateResult;
}

export function settingsMethods(settings: SettingsAccess): Pick<ApiHandlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': async () => settings.view(),
    'settings.update': async (patch) => settings.update(patch),
  };
}
