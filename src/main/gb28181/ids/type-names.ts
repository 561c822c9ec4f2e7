// Type codes (digits 11-13 of a GB ID), GB/T 28181 Annex D.
import { typeCode } from './gb-id';

interface TypeName {
  en: string;
  zh: string;
}

const TYPE_NAMES: Record<string, TypeName> = {
  '111': { en: 'DVR', zh: '数字视频录像机' },
  '112': { en: 'video server', zh: '视频服务器' },
  '113': { en: 'encoder', zh: '编码器' },
  '114': { en: 'decoder', zh: '解码器' },
  '115': { en: 'video switching matrix', zh: '视频切换矩阵' },
  '116': { en: 'audio switching matrix', zh: '音频切换矩阵' },
  '117': { en: 'alarm controller', zh: '报警控制器' },
  '118': { en: 'NVR', zh: '网络视频录像机' },
  '121': { en: 'checkpoint', zh: '卡口设备' },
  '130': { en: 'HVR', zh: '混合硬盘录像机' },
  '131': { en: 'camera', zh: '摄像机' },
  '132': { en: 'IP camera', zh: '网络摄像机' },
  '133': { en: 'display', zh: '显示器' },
  '134': { en: 'alarm input', zh: '报警输入设备' },
  '135': { en: 'alarm output', zh: '报警输出设备' },
  '136': { en: 'voice input', zh: '语音输入设备' },
  '137': { en: 'voice output', zh: '语音输出设备' },
  '138': { en: 'mobile transmission device', zh: '移动传输设备' },
  '139': { en: 'other peripheral', zh: '其他外围设备' },
  '200': { en: 'SIP server', zh: '中心信令控制服务器' },
  '210': { en: 'media storage server', zh: '媒体存储服务器' },
  '215': { en: 'business group', zh: '业务分组' },
  '216': { en: 'virtual organisation', zh: '虚拟组织' },
  '300': { en: 'centre user', zh: '中心用户' },
  '400': { en: 'terminal user', zh: '终端用户' },
};

export type Lang = 'en' | 'zh';

/** Name of a 3-digit type code, or undefined for codes we do not know. */
export function typeName(code: string, lang: Lang = 'en'): string | undefined {
  return TYPE_NAMES[code]?.[lang];
}

/** Name of the type of a 20-digit ID, e.g. "IP camera" for 34020000001320000001. */
export function typeNameOf(id: string, lang: Lang = 'en'): string | undefined {
  const code = typeCode(id);
  return code === undefined ? undefined : typeName(code, lang);
}

export const TYPE = {
  DVR: '111',
  NVR: '118',
  HVR: '130',
  CAMERA: '131',
  IPC: '132',
  ALARM_INPUT: '134',
  ALARM_OUTPUT: '135',
  SIP_SERVER: '200',
  BUSINESS_GROUP: '215',
  VIRTUAL_ORG: '216',
} as const;

/** Front-end main devices that carry channels (111-130). */
export function isRecorderType(code: string | undefined): boolean {
  if (!code) return false;
  const n = Number(code);
  return n >= 111 && n <= 130;
}
