// Canonical spellings of MANSCDP element names and CmdType values. Devices and transcribed copies of the
// standard vary in case, so names are matched case-insensitively and rewritten to these spellings.

export const ROOTS = ['Query', 'Control', 'Notify', 'Response'] as const;
export type ManscdpRoot = (typeof ROOTS)[number];

const ELEMENTS = [
  ...ROOTS,
  // header
  'CmdType', 'SN', 'DeviceID', 'Result', 'Reason', 'Status', 'Info', 'Num',
  // catalog
  'SumNum', 'DeviceList', 'Item', 'Name', 'Manufacturer', 'Model', 'Owner', 'CivilCode', 'Block', 'Address',
  'Parental', 'ParentID', 'SafetyWay', 'RegisterWay', 'SecurityLevelCode', 'CertNum', 'Certifiable', 'ErrCode',
  'EndTime', 'Secrecy', 'IPAddress', 'Port', 'Password', 'Longitude', 'Latitude', 'BusinessGroupID', 'Event',
  'PTZType', 'PositionType', 'RoomType', 'UseType', 'SupplyLightType', 'DirectionType', 'Resolution',
  'DownloadSpeed', 'SVCSpaceSupportMode', 'SVCTimeSupportMode', 'SSVCRatioSupportList', 'StreamNumberList',
  'MobileDeviceType', 'HorizontalFieldAngle', 'VerticalFieldAngle', 'MaxViewDistance', 'GrassrootsCode',
  'PoType', 'PoCommonName', 'MAC', 'FunctionType', 'EncodeType', 'InstallTime', 'ManagementUnit', 'ContactInfo',
  'RecordSaveDays', 'IndustrialClassification',
  // device info / status
  'DeviceName', 'DeviceType', 'Firmware', 'Channel', 'MaxCamera', 'MaxAlarm', 'Online', 'Encode', 'Record',
  'DeviceTime', 'Alarmstatus', 'DutyStatus',
  // record info
  'StartTime', 'FilePath', 'Type', 'RecorderID', 'RecordList', 'FileSize', 'IndistinctQuery', 'StreamNumber',
  // device control
  'PTZCmd', 'PTZCmdParams', 'PresetName', 'CruiseTrackName', 'TeleBoot', 'RecordCmd', 'GuardCmd', 'AlarmCmd',
  'IFameCmd', 'IFrameCmd', 'DragZoomIn', 'DragZoomOut', 'Length', 'Width', 'MidPointX', 'MidPointY', 'LengthX',
  'LengthY', 'HomePosition', 'Enabled', 'ResetTime', 'PresetIndex', 'PTZPreciseCtrl', 'Pan', 'Tilt', 'Zoom',
  'DeviceUpgrade', 'FormatSDCard', 'TargetTrack',
  // config
  'ConfigType', 'BasicParam', 'Expiration', 'HeartBeatInterval', 'HeartBeatCount', 'PositionCapability',
  'SVACEncodeConfig', 'SVACDecodeConfig', 'VideoParamAttribute', 'VideoRecordPlan', 'VideoAlarmRecord',
  'PictureMask', 'FrameMirror', 'AlarmReport', 'OSDConfig', 'SnapShotConfig', 'SnapShot', 'SnapNum', 'Interval',
  'UploadURL', 'SessionID',
  // presets
  'PresetList', 'PresetID',
  // alarm
  'AlarmPriority', 'AlarmMethod', 'AlarmTime', 'AlarmDescription', 'AlarmType', 'AlarmTypeParam', 'EventType',
  'StartAlarmPriority', 'EndAlarmPriority',
  // media status, mobile position
  'NotifyType', 'Time', 'CaptureTime', 'Speed', 'Direction', 'Altitude',
] as const;

export const CMD_TYPES = [
  'Keepalive', 'Catalog', 'DeviceInfo', 'DeviceStatus', 'RecordInfo', 'DeviceControl', 'DeviceConfig',
  'ConfigDownload', 'PresetQuery', 'Alarm', 'MediaStatus', 'MobilePosition', 'Broadcast', 'PTZPosition',
  'HomePositionQuery', 'CruiseTrackListQuery', 'CruiseTrackQuery', 'SDCardStatus', 'DeviceUpgradeResult',
  'UploadSnapShotFinished', 'VideoUploadNotify',
] as const;
export type CmdType = (typeof CMD_TYPES)[number];

const byLower = (names: readonly string[]) => new Map(names.map((n) => [n.toLowerCase(), n]));
const ELEMENT_BY_LOWER = byLower(ELEMENTS);
const CMD_BY_LOWER = byLower(CMD_TYPES);
const ROOT_BY_LOWER = byLower(ROOTS);

/** Known element names in their standard spelling; unknown names are kept as sent. */
export function canonicalElement(name: string): string {
  return ELEMENT_BY_LOWER.get(name.toLowerCase()) ?? name;
}

export function canonicalCmdType(value: string): string {
  return CMD_BY_LOWER.get(value.trim().toLowerCase()) ?? value.trim();
}

export function canonicalRoot(name: string): ManscdpRoot | undefined {
  return ROOT_BY_LOWER.get(name.toLowerCase()) as ManscdpRoot | undefined;
}
