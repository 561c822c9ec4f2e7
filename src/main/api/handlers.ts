import sys
s=sys.stdin.read()
if 'ApiCaller' not in s:
    s=s.replace("""/** The API implemented once: one function per contract method. */
export type ApiHandlers = { [M in ApiMethodName]: (params: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>> };""","""/** Who calls: the API client (a console tab, a script's event socket) when the transport knows it. */
export interface ApiCaller {
  clientId?: string;
}

/** The API implemented once: one function per contract method. */
export type ApiHandlers = { [M in ApiMethodName]: (params: ParamsOf<M>, caller?: ApiCaller) => ResultOf<M> | Promise<ResultOf<M>> };""",1)
    s=s.replace("""export async function dispatch(handlers: ApiHandlers, method: string, params: unknown): Promise<unknown> {""","""export async function dispatch(handlers: ApiHandlers, method: string, params: unknown, caller?: ApiCaller): Promise<unknown> {""",1)
    s=s.replace("""(handlers[method] as (p: unknown) => unknown)(checked);""","""(handlers[method] as (p: unknown, c?: ApiCaller) => unknown)(checked, caller);""",1)
sys.stdout.write(s)
