// --store: which store engine keeps devices, settings and alarms (engines: store/engine.ts).
export type StoreSpec = { kind: 'sqlite' } | { kind: 'memory' } | { kind: 'postgres'; url: string };

export class StoreSpecError extends Error {}

/** `memory`, `sqlite` or a `postgres://` / `postgresql://` URL. */
export function parseStoreSpec(text: string | undefined): StoreSpec {
  const t = (text ?? '').trim();
  if (t === '' || t === 'sqlite') return { kind: 'sqlite' };
  if (t === 'memory') return { kind: 'memory' };
  if (/^postgres(ql)?:\/\/\S+$/i.test(t)) return { kind: 'postgres', url: t };
  throw new StoreSpecError(`--store ${t}: give memory, sqlite or a PostgreSQL URL such as postgres://console:secret@127.0.0.1:5432/gb28181`);
}
