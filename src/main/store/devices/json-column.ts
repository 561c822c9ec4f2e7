/** A JSON text column read back; damaged or missing text yields the fallback (the typed columns remain). */
export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
