// IPC is answered only for the app's own window, main frame, showing the app's own page: an iframe, a page the
// window was navigated to, or another webContents gets nothing (Electron security checklist: validate the
// sender of every IPC message).

/** The parts of Electron's IpcMainEvent / IpcMainInvokeEvent read here. */
export interface IpcSenderEvent {
  sender?: { id: number };
  senderFrame?: { url: string; parent: unknown } | null;
}

export function isTrustedSender(event: unknown, windowContentsId: () => number | null, isAppUrl: (url: string) => boolean): boolean {
  const e = event as IpcSenderEvent | null;
  const frame = e?.senderFrame;
  if (!e?.sender || !frame) return false;
  return e.sender.id === windowContentsId() && frame.parent === null && isAppUrl(frame.url);
}
