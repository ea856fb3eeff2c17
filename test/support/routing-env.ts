/** Short, test-friendly timings for the routing ladder; the real defaults are in config/defaults.json. */
export const FAST_ROUTING_ENV: Record<string, string> = {
  ARI_APP: 'salescall',
  // Queues of their own per test file: delayed jobs another suite left in Redis never run here.
  QUEUE_PREFIX: `salescall-test-routing-${process.pid}-${Date.now().toString(36)}`,
  RULE_ROUTING_OWNER_RING_SECONDS: '5',
  RULE_ROUTING_REP_RING_SECONDS: '5',
  RULE_ROUTING_MID_TIER_JOIN_AFTER_SECONDS: '6',
  RULE_ROUTING_MAX_QUEUE_WAIT_SECONDS: '60',
  RULE_ROUTING_WRAP_UP_SECONDS: '0',
  RULE_ROUTING_NO_ANSWER_PAUSE_AFTER: '2',
  RULE_WORKING_HOURS_DAYS: '[0,1,2,3,4,5,6]',
  RULE_WORKING_HOURS_OPEN: '00:00',
  RULE_WORKING_HOURS_CLOSE: '24:00',
  SHUTDOWN_DRAIN_SECONDS: '2',
};
