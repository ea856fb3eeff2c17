/** The day boundary is shared with routing (a rep's calls today); it lives with the zoned clock. */
export { startOfDay } from '../common/time/zoned-clock';
