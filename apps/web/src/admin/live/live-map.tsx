import { useState } from 'react';
import { Marker, Polygon, Polyline, Tooltip } from 'react-leaflet';
import type { Location, Store } from '../../api/types';
import { shortId } from '../../components/format';
import { markerIcon } from '../../map/markers';
import { areaPositions, SwyftMap } from '../../map/swyft-map';
import { statusLabel } from '../../state/order-status';
import { type LiveMapModel, statusMarkerColour } from './live-model';

/**
 * Every online partner and every active order's destination (coloured by status), with the stores and their
 * areas for context. Markers are not in the tab order: the page lists everything on the map as text.
 * Loaded with React.lazy.
 */
export default function LiveMap({
  model,
  stores,
  className,
}: {
  model: LiveMapModel;
  stores: readonly Store[];
  className?: string;
}) {
  // Fit once to the stores (or the first destinations seen): a map that jumps with every position cannot be read.
  const [fit] = useState(() =>
    stores.length
      ? stores.flatMap((store) => [store.location, store.deliveryArea])
      : model.mapped.map((order) => order.destination),
  );
  return (
    <SwyftMap label="Live map of partners and active orders" fit={fit} className={className}>
      {stores.map((store) => (
        <StoreContext key={store.id} store={store} />
      ))}
      {model.partners.map(({ location, order }) =>
        order?.destination && (order.status === 'picked_up' || order.status === 'on_the_way') ? (
          <Polyline
            key={`route-${location.partnerId}`}
            positions={[
              [location.lat, location.lng],
              [order.destination.lat, order.destination.lng],
            ]}
            pathOptions={{ color: statusMarkerColour[order.status], weight: 2, dashArray: '4 6' }}
            interactive={false}
          />
        ) : null,
      )}
      {model.mapped.map((order) => (
        <Marker
          key={order.id}
          position={at(order.destination!)}
          icon={markerIcon('destination', statusMarkerColour[order.status])}
          keyboard={false}
          title={`Order ${shortId(order.id)}: ${statusLabel[order.status]}`}
        >
          <Tooltip direction="top" offset={[0, -14]}>
            {shortId(order.id)} · {statusLabel[order.status]}
          </Tooltip>
        </Marker>
      ))}
      {model.partners.map(({ location, name, order }) => (
        <Marker
          key={location.partnerId}
          position={[location.lat, location.lng]}
          icon={markerIcon('partner')}
          keyboard={false}
          zIndexOffset={500}
          title={`${name ?? 'Partner'}${order ? `, order ${shortId(order.id)}` : ', free'}`}
        >
          <Tooltip direction="top" offset={[0, -14]}>
            {name ?? `Partner ${shortId(location.partnerId)}`}
          </Tooltip>
        </Marker>
      ))}
    </SwyftMap>
  );
}

const at = (location: Location): [number, number] => [location.lat, location.lng];

function StoreContext({ store }: { store: Store }) {
  return (
    <>
      {store.deliveryArea && (
        <Polygon
          positions={areaPositions(store.deliveryArea)}
          pathOptions={{ color: '#047857', weight: 1, fillOpacity: 0.05 }}
          interactive={false}
        />
      )}
      <Marker position={at(store.location)} icon={markerIcon('store')} keyboard={false} title={store.name} />
    </>
  );
}
