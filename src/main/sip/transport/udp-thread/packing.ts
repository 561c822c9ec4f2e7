// Packs datagrams for one postMessage and unpacks them on the other side (protocol.ts).
import type { PackedDatagrams } from './protocol';

export class DatagramPacker {
  private raws: Uint8Array[] = [];
  private addresses: string[] = [];
  private ports: number[] = [];
  private total = 0;

  get count(): number {
    return this.raws.length;
  }

  get bytes(): number {
    return this.total;
  }

  add(raw: Uint8Array, address: string, port: number): void {
    this.raws.push(raw);
    this.addresses.push(address);
    this.ports.push(port);
    this.total += raw.length;
  }

  /** The datagrams added so far, packed; the packer is empty afterwards. */
  take(): PackedDatagrams {
    const bytes = new Uint8Array(this.total);
    const lengths = new Array<number>(this.raws.length);
    let at = 0;
    for (let i = 0; i < this.raws.length; i++) {
      const r = this.raws[i];
      bytes.set(r, at);
      at += r.length;
      lengths[i] = r.length;
    }
    const out = { bytes, lengths, addresses: this.addresses, ports: this.ports };
    this.raws = [];
    this.addresses = [];
    this.ports = [];
    this.total = 0;
    return out;
  }
}
