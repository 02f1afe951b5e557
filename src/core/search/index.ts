export { retrieveContext, type RetrievedChunk, type RetrieveContextOptions } from './retrieve-context';
