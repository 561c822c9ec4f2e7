// The SIP port's receive buffer: the kernel's queue for datagrams that arrive while nobody reads.
import type dgram from 'node:dgram';

/**
 * A burst of REGISTERs from thousands of devices overflows the usual 208 KiB default while the process is busy
 * (e.g. in a GC pause); every datagram dropped there costs a 500 ms retransmission at the device.
 */
export const DEFAULT_RECV_BUFFER = 4 * 1024 * 1024;

/** Asks for a bigger receive buffer; a refusal (limits, platforms) leaves the default, which still works. Returns the size granted. */
export function growRecvBuffer(socket: dgram.Socket, bytes: number): number {
  try {
    if (socket.getRecvBufferSize() < bytes) socket.setRecvBufferSize(bytes);
    return socket.getRecvBufferSize();
  } catch {
    return 0;
  }
}

/**
 * An installer-readable warning when the kernel granted the SIP port less receive buffer than asked (Linux caps it
 * at net.core.rmem_max, 208 KiB by default): a site's registration storm then overflows it, and keepalives are
 * read a couple per wakeup (docs/protocol.md §15). Null when the buffer is as asked.
 */
export function smallRecvBufferWarning(where: string, buffer: { asked: number; granted: number }): string | null {
  if (buffer.granted === 0 || buffer.granted >= buffer.asked) return null;
  const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
  return (
    `the SIP UDP port ${where} got a ${kib(buffer.granted)} receive buffer of the ${kib(buffer.asked)} asked for (limited by net.core.rmem_max): ` +
    `when thousands of devices register at once it will lose datagrams, which they send again 500 ms later. ` +
    `Raise the limit and restart: sysctl -w net.core.rmem_max=${buffer.asked}`
  );
}
