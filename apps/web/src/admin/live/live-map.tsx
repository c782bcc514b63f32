import { useState } from 'react';
import { Marker, Polygon, Polyline, Tooltip } from 'react-leaflet';
import type { Location, Store } from '../../api/types';
import { shortId } from '../../components/format';
import { markerIcon } from '../../map/markers';
import { areaPositions, SwyftMap } from '../../map/swyft-map';
import type { DispatchState } from '../../state/live-orders';
import { EXHAUSTED_COLOUR, type LiveMapModel, markerLabel, statusMarkerColour } from './live-model';

/**
 * Every online partner and every active order's destination (coloured by status), with the stores and their
 * areas for context. Markers are not in the tab order: the page lists everything on the map as text.
 * Loaded with React.lazy.
 */
export default function LiveMap({
  model,
  stores,
  dispatch = {},
  className,
}: {
  model: LiveMapModel;
  stores: readonly Store[];
  /** Placed orders' dispatch: their marker names the wave; red once every wave passed with nobody taking it. */
  dispatch?: Record<string, DispatchState>;
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
      {model.mapped.map((order) => {
        const orderDispatch = order.status === 'placed' ? dispatch[order.id] : undefined;
        const exhausted = orderDispatch?.opened === 'waves_exhausted';
        const label = markerLabel(order, orderDispatch);
        return (
          <Marker
            key={order.id}
            position={at(order.destination!)}
            icon={markerIcon('destination', exhausted ? EXHAUSTED_COLOUR : statusMarkerColour[order.status])}
            keyboard={false}
            zIndexOffset={exhausted ? 400 : 0}
            title={`Order ${label}`}
          >
            <Tooltip direction="top" offset={[0, -14]}>
              {label}
            </Tooltip>
          </Marker>
        );
      })}
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
