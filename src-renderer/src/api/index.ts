export { invoke, onEvent, setApiImplementation } from './client';
export { liveQuery, useLiveQuery, type LiveQuery } from './live-query';
