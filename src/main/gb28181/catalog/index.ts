export * from './multipart-assembler';
export * from './org-tree';
