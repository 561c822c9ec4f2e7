import sys
s=sys.stdin.read()
if 'callerOf' not in s and 'core.clients' not in s:
    old="""    trusted,
  );
  const unbindMedia"""
    assert old in s
    s=s.replace(old,"""    trusted,
    (event) => ({ clientId: `window:${(event as { sender: { id: number } }).sender.id}` }),
  );
  // The window reloading or closing is the API client going away: a PTZ move it started is stopped.
  const windowGone = () => core.clients.ended(`window:${windowId}`);
  const windowId = win.webContents.id;
  win.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) windowGone();
  });
  win.webContents.on('render-process-gone', windowGone);
  win.on('closed', windowGone);
  const unbindMedia""",1)
sys.stdout.write(s)
