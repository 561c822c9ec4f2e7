import sys
s=sys.stdin.read()
if 'alarms?: AlarmSink' not in s:
    s=s.replace("export interface GbServerOptions {","import type { AlarmSink } from '../alarm/alarm-sink';\n\nexport interface GbServerOptions {",1)
    s=s.replace("""  tap?: SignallingTap;
""","""  tap?: SignallingTap;
  /** Where device alarms go (default: logged only). */
  alarms?: AlarmSink;
""",1)
    s=s.replace("""  subscriptions: CatalogSubscriptions;
  failures: FailureTracker;""","""  subscriptions: CatalogSubscriptions;
  /** Subscription kinds every online device should hold (features add theirs: Alarm, MobilePosition). */
  wanted: WantedSubscriptions;
  failures: FailureTracker;""",1)
    s=s.replace("""new RequestRouter({ registrar, registry, queries, service, logger, subscriptions: wanted });""","""new RequestRouter({ registrar, registry, queries, service, logger, subscriptions: wanted, alarms: opts.alarms });""",1)
    s=s.replace("""    subscriptions,
    failures,
    lockout,""","""    subscriptions,
    wanted,
    failures,
    lockout,""",1)
    assert s.count('wanted,')>=1 and 'alarms: opts.alarms' in s
sys.stdout.write(s)
