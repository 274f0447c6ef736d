// Deep-freezes a published read-model version so that any write into it throws at once (tests and
// SOCLE_FREEZE_VERSIONS=1 turn it on; see LiveProjection's onPublish). Object.freeze does not stop
// Map.set or Set.add, so a Map or Set also gets its mutators replaced by ones that throw. Parts
// already frozen are not walked again: a version shares most of its parts with the one before, so
// freezing each new version costs what changed. Typed arrays cannot be frozen and are left as they
// are (a snapshot's rows, never written after decoding).

const MAP_MUTATORS = ['set', 'delete', 'clear'] as const;
const SET_MUTATORS = ['add', 'delete', 'clear'] as const;

function refuse(name: string): () => never {
  return () => {
    throw new TypeError(`write into a published read-model version (${name})`);
  };
}

export function deepFreeze<T>(root: T): T {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
    if (Object.isFrozen(value) || ArrayBuffer.isView(value)) continue;
    if (value instanceof Map) {
      for (const m of MAP_MUTATORS) Object.defineProperty(value, m, { value: refuse(`Map.${m}`) });
      for (const [k, v] of value) pending.push(k, v);
    } else if (value instanceof Set) {
      for (const m of SET_MUTATORS) Object.defineProperty(value, m, { value: refuse(`Set.${m}`) });
      for (const v of value) pending.push(v);
    }
    Object.freeze(value);
    if (typeof value === 'function') continue;
    for (const key of Reflect.ownKeys(value)) pending.push((value as Record<PropertyKey, unknown>)[key]);
  }
  return root;
}
