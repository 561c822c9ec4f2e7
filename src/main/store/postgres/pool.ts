import pg from 'pg';

// BIGINT columns (times in ms, BIGSERIAL ids) come back as numbers: every value stored is below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export function createPool(url: string, max = 10): pg.Pool {
  return new pg.Pool({ connectionString: url, max, types, application_name: 'gb28181-console' });
}

/** Without the password: for logs and errors. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
