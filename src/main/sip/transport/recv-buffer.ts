import type dgram from 'node:dgram';

/**
 * A burst of REGISTERs from thousands of devices overflows the usual 208 KiB default while the reader is busy
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
