import { type EventType, eventTypes } from '@swyft/contract';

/** Headings for the event types' families (the part before the dot), in an admin's words. */
const familyNames: Record<string, string> = {
  order: 'Orders',
  product: 'Catalog',
  store: 'Stores',
  stock: 'Stock',
  user: 'Accounts',
  session: 'Accounts',
  api_key: 'API keys',
  webhook: 'Webhooks',
  system: 'Servers',
};

export interface EventFamily {
  name: string;
  types: EventType[];
}

/**
 * Every event type of the log, in families for the checkboxes: orders first (what most receivers want), the
 * rest in the order the contract lists them. A family the contract gains later gets its prefix as its name.
 */
export function eventFamilies(types: readonly EventType[] = eventTypes): EventFamily[] {
  const families = new Map<string, EventType[]>();
  for (const type of types) {
    const prefix = type.slice(0, type.indexOf('.'));
    const name = familyNames[prefix] ?? prefix.charAt(0).toUpperCase() + prefix.slice(1).replaceAll('_', ' ');
    families.set(name, [...(families.get(name) ?? []), type]);
  }
  return [...families]
    .map(([name, list]) => ({ name, types: list }))
    .sort((a, b) => Number(b.name === 'Orders') - Number(a.name === 'Orders'));
}
