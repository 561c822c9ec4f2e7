import sys,re
s=sys.stdin.read()
if 'ALARM_TABLES_SQL' not in s:
    v=max(int(x) for x in re.findall(r'version:\s*(\d+)',s))+1
    s=s.replace("export interface Migration","import { ALARM_TABLES_SQL } from '../alarms/schema';\n\nexport interface Migration",1)
    i=s.rindex('];')
    s=s[:i]+"  {\n    version: %d,\n    name: 'alarms, mobile positions, preset names, wanted Alarm/MobilePosition subscriptions',\n    sql: ALARM_TABLES_SQL,\n  },\n"%v+s[i:]
sys.stdout.write(s)
