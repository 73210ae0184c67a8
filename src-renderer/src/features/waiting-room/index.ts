export { WaitingRoom } from './WaitingRoom';
