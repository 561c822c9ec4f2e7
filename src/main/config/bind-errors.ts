/** Turns a bind failure into one line naming the flag and the fault. */
export function describeBindError(flag: string, what: string, ip: string, port: number, err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') return `${flag} ${port}: ${what} port ${ip}:${port} is already in use by another program; stop it or pick another port with ${flag}`;
  if (code === 'EACCES') return `${flag} ${port}: not allowed to listen on ${what} port ${ip}:${port} (ports below 1024 need administrator rights); pick another port with ${flag}`;
  if (code === 'EADDRNOTAVAIL') return `${flag}: ${ip} is not an address of this computer, so ${what} cannot listen on it`;
  return `${flag} ${port}: cannot listen on ${what} ${ip}:${port} (${code ?? String(err)})`;
}

export class StartupError extends Error {}
