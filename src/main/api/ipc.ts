import sys
s=sys.stdin.read()
if 'callerOf' not in s:
    s=s.replace("import { dispatch, type ApiHandlers } from './handlers';","import { dispatch, type ApiCaller, type ApiHandlers } from './handlers';",1)
    s=s.replace("""  isTrusted: (event: unknown) => boolean,
): () => void {""","""  isTrusted: (event: unknown) => boolean,
  /** The calling window as an API client (a PTZ move it starts is stopped when it reloads or closes). */
  callerOf?: (event: unknown) => ApiCaller | undefined,
): () => void {""",1)
    s=s.replace("""await dispatch(handlers, String(method), params) };""","""await dispatch(handlers, String(method), params, callerOf?.(event)) };""",1)
    assert 'callerOf?.(event)' in s
sys.stdout.write(s)
