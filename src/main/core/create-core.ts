import sys,re
s=sys.stdin.read()
if 'createControlFeature' not in s:
    s=s.replace("import { createLiveFeature, type LiveFeature } from './live-feature';","import { createLiveFeature, type LiveFeature } from './live-feature';\nimport { createControlFeature, type ControlFeature } from './control-feature';\nimport { ApiClients } from '../api/clients';\nimport { LoggingAlarmSink } from '../gb28181/alarm/alarm-sink';",1)
    s=s.replace("  live: LiveFeature;\n","  live: LiveFeature;\n  /** PTZ, device control, configuration, alarms and positions. */\n  control: ControlFeature;\n  /** API clients the transports report (HTTP event sockets, Electron windows). */\n  clients: ApiClients;\n",1)
    old="const gb = await startGbServer({ settings, store: deviceStore, events, logger, tap: log.tap });"
    assert old in s
    s=s.replace(old,"const alarmSink = new LoggingAlarmSink(logger);\n    "+old.replace("tap: log.tap }","tap: log.tap, alarms: alarmSink }"),1)
    m=re.search(r"const live = createLiveFeature\(\{ stack: gb\.stack, devices: deviceServiceDirectory\(gb\.devices\)", s)
    assert m
    s=s.replace("devices: deviceServiceDirectory(gb.devices)","devices: { ...deviceServiceDirectory(gb.devices), requestKeyframe: (d, c) => control.requestKeyframe(d, c) }",1)
    i=s.index('\n',s.index('const live = createLiveFeature'))
    j=s.index('\n',s.index('closers.unshift(() => live.close());',i))
    s=s[:j+1]+"""
    const clients = new ApiClients();
    const control = createControlFeature({ gb, db, events, logger, alarms: alarmSink, clients });
    closers.unshift(() => control.close());
"""+s[j+1:]
    s=s.replace("      ...live.methods,\n","      ...live.methods,\n      ...control.methods,\n",1)
    s=s.replace("      live,\n","      live,\n      control,\n      clients,\n",1)
    assert '...control.methods' in s and '      control,\n' in s
sys.stdout.write(s)
