export const PRODUCT_NAME = 'GB28181 Console';
export const PRODUCT_VERSION = '0.1.0';
export const USER_AGENT = `GB28181-Console/${PRODUCT_VERSION}`;
