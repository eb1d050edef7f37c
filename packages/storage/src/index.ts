export * from './ports'
export * from './secrets/createSecretBox'
export { canonicalJson, contentHashOf } from './sql/canonicalJson'
