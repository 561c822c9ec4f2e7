// Why an update of the settings or the API token was refused, as server texts the console words.
import { serverText, type ServerText } from '../../shared/texts';

export function unknownSettingText(keys: readonly string[]): ServerText {
  const names = keys.map((k) => `"${k.slice(0, 60)}"`).slice(0, 10).join(', ');
  return serverText('setting.unknown', { names }, `unknown setting ${names}`);
}

/** A rule's problem with one setting, the setting named first. */
export function invalidSettingText(key: string, problem: ServerText): ServerText {
  return serverText('setting.invalid', { key, problem }, `${key}: ${problem.text}`);
}

export function apiTokenFormatText(): ServerText {
  return serverText('setting.apiTokenFormat', {}, 'an API token is 16 to 128 letters, digits, "-" or "_"');
}
