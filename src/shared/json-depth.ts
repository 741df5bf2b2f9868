/** How deeply a parsed JSON value nests (a scalar is 0), measured without recursion so no depth can overflow it. */
export function jsonDepth(value: unknown, stopAt = 1_000): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > stopAt) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push({ value: child, depth: level });
  }
  return deepest;
}
