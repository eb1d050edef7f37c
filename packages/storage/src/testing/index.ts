export { registerStorageContractTests } from './storageContractSuite'
export * from './storageFixtures'
