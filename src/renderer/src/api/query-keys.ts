/** Every query key comes from here, so events can invalidate exactly what they change. */
export const queryKeys = {
  nodeStatus: ['node', 'status'] as const,
  audit: ['audit'] as const,
};
