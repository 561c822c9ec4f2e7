import sys
s=sys.stdin.read()
if 'requestKeyframe' not in s:
    i=s.index('export interface LiveDeviceDirectory'); j=s.index('\n}\n',i)
    s=s[:j]+"""
  /** Asks the device for a keyframe (IFrame DeviceControl) once the INVITE is answered; absent: not asked. */
  requestKeyframe?(deviceId: string, channelId: string): Promise<unknown>;"""+s[j:]
sys.stdout.write(s)
