export { invoke, isAbort, onEvent, setApiImplementation, type InvokeOptions } from './client';
export { liveQuery, useLiveQuery, type LiveQuery, type LiveQueryOptions, type QueryState, type QueryStatus } from './live-query';
