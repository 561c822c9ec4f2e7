// What a camera writes in AlarmDescription for an alarm method and type (GB/T 28181-2016 A.2.5.4 lists the types).

const VIDEO = ['人工视频报警', '运动目标检测报警', '遗留物检测报警', '物体移除检测报警', '绊线检测报警', '入侵检测报警', '逆行检测报警', '徘徊检测报警', '流量统计报警', '密度检测报警', '视频异常检测报警', '快速移动报警'];
const DEVICE = ['视频丢失报警', '设备防拆报警', '存储设备磁盘满报警', '设备高温报警', '设备低温报警'];
const FAULT = ['存储设备磁盘故障报警', '存储设备风扇故障报警'];
const METHOD = ['电话报警', '设备报警', '短信报警', 'GPS报警', '视频报警', '设备故障报警', '其他报警'];

export function alarmText(method: number, alarmType: number): string {
  const table = method === 5 ? VIDEO : method === 2 ? DEVICE : method === 6 ? FAULT : undefined;
  return table?.[alarmType - 1] ?? METHOD[method - 1] ?? '报警';
}
