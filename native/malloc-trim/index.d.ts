export declare const available: boolean;
/** glibc's malloc_trim(0): true when some memory was given back. */
export declare function trim(): boolean;
