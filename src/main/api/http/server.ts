import sys
s=sys.stdin.read()
if 'ApiClients' not in s:
    s=s.replace("import { dispatch, type ApiHandlers } from '../handlers';","import { clientIdFrom, type ApiClients } from '../clients';\nimport { dispatch, type ApiHandlers } from '../handlers';",1)
    s=s.replace("""  /** Live view frames for /api/media (binary WebSocket); absent: no media endpoint. */
  live?: FrameSource;
}""","""  /** Live view frames for /api/media (binary WebSocket); absent: no media endpoint. */
  live?: FrameSource;
  /**
   * API clients: a client names itself with X-GB-Client on calls and ?client= on /api/events; when its last event
   * socket closes it is gone (a PTZ move it started is stopped).
   */
  clients?: ApiClients;
}""",1)
    s=s.replace("""        const result = await dispatch(opts.handlers, method, params);""","""        const clientId = clientIdFrom(req.headers['x-gb-client']);
        const result = await dispatch(opts.handlers, method, params, clientId ? { clientId: `http:${clientId}` } : undefined);""",1)
    s=s.replace("""    wss.handleUpgrade(req, socket, head, (ws) => stream.add(ws));""","""    const clientId = clientIdFrom(url.searchParams.get('client'));
    wss.handleUpgrade(req, socket, head, (ws) => {
      stream.add(ws);
      const clients = opts.clients;
      if (!clientId || !clients) return;
      clients.connected(`http:${clientId}`);
      ws.once('close', () => clients.disconnected(`http:${clientId}`));
    });""",1)
    assert 'clients.connected' in s and "x-gb-client" in s
sys.stdout.write(s)
