export * from './nal-split';
export type { AnnexBRules } from './codec-rules';
export * from './access-unit-assembler';
export * from './split-access-units';
