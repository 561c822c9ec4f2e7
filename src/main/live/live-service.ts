import sys
s=sys.stdin.read()
if 'requestKeyframe' not in s:
    old="""    for (const n of answer.answer.notes) this.warn(s, n);
    s.answerIp = answer.answer.ip;"""
    assert old in s
    s=s.replace(old,"""    for (const n of answer.answer.notes) this.warn(s, n);
    s.answerIp = answer.answer.ip;
    // The camera starts mid-GOP: without a keyframe the first picture waits for its next one (docs/protocol.md §3).
    this.o.devices.requestKeyframe?.(s.deviceId, s.channelId).catch((err: Error) =>
      this.o.logger.info(`live view of camera ${s.channelId}: asking for a keyframe failed: ${err.message}`),
    );""",1)
sys.stdout.write(s)
