import type { AnnexBRules } from './codec-rules';
import { type AccessUnit, AccessUnitAssembler } from './access-unit-assembler';

/** Splits a whole Annex B elementary stream into access units (timestamps left at 0). */
export function splitAccessUnits(stream: Uint8Array, rules: AnnexBRules): AccessUnit[] {
  const out: AccessUnit[] = [];
  const asm = new AccessUnitAssembler(rules, (au) => out.push(au), {
    maxAccessUnitBytes: Math.max(8 * 1024 * 1024, stream.length + 16),
  });
  asm.push(stream);
  asm.flush();
  return out;
}
