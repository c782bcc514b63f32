import type { DeliveryArea, Location } from '@swyft/contract';

/**
 * A demo city: three dark stores in central Berlin whose delivery areas overlap (Mitte with Kreuzberg and
 * with Prenzlauer Berg), so that "nearest serving store" and "we don't deliver here yet" both show. The
 * first one becomes the default store (it takes over the store the migration created).
 */
export interface DemoStore {
  name: string;
  address: string;
  location: Location;
  deliveryArea: DeliveryArea;
  prepMinutes: number;
  /** Share of the demo catalog's stock this store holds. */
  stockShare: number;
}

const ring = (...positions: [number, number][]): [number, number][] => [...positions, positions[0]!];

export const demoStores: DemoStore[] = [
  {
    name: 'Swyft Mitte',
    address: 'Rosenthaler Straße 40, 10178 Berlin',
    location: { lat: 52.5262, lng: 13.4022 },
    prepMinutes: 8,
    stockShare: 1,
    deliveryArea: {
      type: 'Polygon',
      coordinates: [
        ring(
          [13.3655, 52.5392],
          [13.3948, 52.5452],
          [13.4251, 52.5381],
          [13.4322, 52.5203],
          [13.4183, 52.5049],
          [13.3852, 52.5031],
          [13.3621, 52.5152],
        ),
      ],
    },
  },
  {
    name: 'Swyft Kreuzberg',
    address: 'Adalbertstraße 96, 10999 Berlin',
    location: { lat: 52.4995, lng: 13.4182 },
    prepMinutes: 10,
    stockShare: 1,
    deliveryArea: {
      type: 'Polygon',
      coordinates: [
        ring(
          [13.3851, 52.5081],
          [13.4203, 52.5102],
          [13.4498, 52.5032],
          [13.4553, 52.4901],
          [13.4302, 52.4818],
          [13.3952, 52.4849],
          [13.3779, 52.4951],
        ),
      ],
    },
  },
  {
    name: 'Swyft Prenzlauer Berg',
    address: 'Knaackstraße 30, 10405 Berlin',
    location: { lat: 52.5366, lng: 13.4179 },
    prepMinutes: 7,
    stockShare: 0.5,
    deliveryArea: {
      type: 'Polygon',
      coordinates: [
        ring(
          [13.3951, 52.5302],
          [13.4049, 52.5503],
          [13.4252, 52.5601],
          [13.4503, 52.5522],
          [13.4551, 52.5351],
          [13.4402, 52.5221],
          [13.4148, 52.5199],
        ),
      ],
    },
  },
];

/** Saved addresses of the demo customers, each inside at least one area. */
export const demoAddresses: Record<string, { label: string; line: string; location: Location; notes?: string }[]> = {
  'customer@swyft.local': [
    { label: 'Home', line: 'Torstraße 120, 10119 Berlin', location: { lat: 52.529, lng: 13.399 } },
    {
      label: 'Work',
      line: 'Oranienstraße 25, 10999 Berlin',
      location: { lat: 52.5005, lng: 13.419 },
      notes: 'Reception on the 2nd floor',
    },
  ],
  'customer2@swyft.local': [
    { label: 'Home', line: 'Kastanienallee 10, 10435 Berlin', location: { lat: 52.538, lng: 13.41 } },
    { label: 'Gym', line: 'Schönhauser Allee 36, 10435 Berlin', location: { lat: 52.5398, lng: 13.4125 } },
  ],
};
