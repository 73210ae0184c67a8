export { invoke, onEvent, setApiImplementation } from './client';
