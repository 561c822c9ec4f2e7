// Chinese place names for simulated channels, as installers name cameras on site.
const CHANNEL_NAMES = [
  '大门口', '停车场东', '停车场西', '一楼大厅', '电梯厅', '周界北', '周界南', '仓库', '机房', '办公区',
  '后门', '食堂', '二楼走廊', '三楼走廊', '楼顶', '收发室',
];

/** Name of channel `ch` (0-based): the list, then the list again with a number ("大门口2"). */
export function channelName(ch: number): string {
  const base = CHANNEL_NAMES[ch % CHANNEL_NAMES.length];
  const round = Math.floor(ch / CHANNEL_NAMES.length);
  return round === 0 ? base : `${base}${round + 1}`;
}

export const BUSINESS_GROUP_NAME = '园区监控';
export const VIRTUAL_ORG_NAMES = ['东区', '西区'] as const;
