// Memory that C code (V8's compiler, Node's buffers, SQLite) freed stays resident when it lies in the middle of
// glibc's heaps: free() gives back only the top of a heap. After a registration storm that was about 50 MB of
// the server's resident memory (README: bench:storm's steady state). glibc's malloc_trim(0) gives every whole
// free page back; the optional addon native/malloc-trim calls it.
import { createRequire } from 'node:module';

export interface NativeMemory {
  /** Gives the free pages in malloc's heaps back to the system; true when there were some. */
  release(): boolean;
}

interface TrimAddon {
  available: boolean;
  trim(): boolean;
}

/** The addon where it was built (Linux with glibc), otherwise null: the process runs as before. */
export function loadNativeMemory(): NativeMemory | null {
  let addon: TrimAddon;
  try {
    addon = createRequire(import.meta.url)('gb-malloc-trim') as TrimAddon;
  } catch {
    return null;
  }
  return addon.available ? { release: () => addon.trim() } : null;
}
