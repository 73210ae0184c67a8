export { invoke, onEvent, setApiImplementation, withProgress } from './client';
export { liveQuery, useLiveQuery, type LiveQuery } from './live-query';
