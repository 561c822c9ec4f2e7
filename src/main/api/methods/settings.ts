import type { SettingsService } from '../../core/settings-service';
import type { ApiHandlers } from '../handlers';

export function settingsMethods(settings: SettingsService): Pick<ApiHandlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': async () => settings.view(),
    'settings.update': async (patch) => settings.update(patch),
  };
}
