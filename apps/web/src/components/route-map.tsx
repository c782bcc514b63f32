import { Bike, House, Store } from 'lucide-react';
import { useMemo } from 'react';
import { type LatLng, projector, routeFor } from '../geo/route';
import { usePrefersReducedMotion } from '../lib/use-reduced-motion';

const WIDTH = 360;
const HEIGHT = 220;

/**
 * A hand-drawn map (no tiles offline): street grid, the route from the store to the door, and the
 * partner's latest position, which glides as new positions arrive.
 */
export function RouteMap({
  orderId,
  partner,
  label = 'Delivery route',
}: {
  orderId: string;
  partner?: LatLng | null;
  label?: string;
}) {
  const reducedMotion = usePrefersReducedMotion();
  const route = useMemo(() => routeFor(orderId), [orderId]);
  const project = useMemo(
    () => projector(partner ? [...route, partner] : route, WIDTH, HEIGHT, 28),
    // The frame follows the route; a partner far off the route widens it once.
    [route, partner],
  );
  const points = route.map(project);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const store = points[0]!;
  const door = points[points.length - 1]!;
  const rider = partner ? project(partner) : null;

  return (
    <figure className="overflow-hidden rounded-2xl border border-border bg-[#eef2e6] dark:brightness-90">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="block h-auto w-full"
        role="img"
        aria-label={`${label}: ${partner ? 'the partner is on the map' : 'waiting for the partner’s position'}`}
      >
        <defs>
          <pattern id="blocks" width="40" height="40" patternUnits="userSpaceOnUse">
            <rect width="40" height="40" fill="#eef2e6" />
            <rect x="5" y="5" width="30" height="30" rx="3" fill="#e2e8d8" />
          </pattern>
        </defs>
        <rect width={WIDTH} height={HEIGHT} fill="url(#blocks)" />
        <rect x="250" y="150" width="80" height="50" rx="8" fill="#cfe6c4" />
        <path
          d={`M0,${HEIGHT * 0.62} C120,${HEIGHT * 0.5} 220,${HEIGHT * 0.9} ${WIDTH},${HEIGHT * 0.7}`}
          stroke="#bfdbfe"
          strokeWidth="10"
          fill="none"
        />
        <path d={path} stroke="#ffffff" strokeWidth="9" fill="none" strokeLinecap="round" strokeLinejoin="round" />
        <path
          d={path}
          stroke="#059669"
          strokeWidth="4"
          fill="none"
          strokeDasharray="2 7"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
        <g transform={`translate(${store.x} ${store.y})`}>
          <circle r="13" fill="#0f172a" />
          <Store x={-7} y={-7} size={14} color="#ffffff" strokeWidth={2.25} aria-hidden="true" />
        </g>
        <g transform={`translate(${door.x} ${door.y})`}>
          <circle r="13" fill="#047857" />
          <House x={-7} y={-7} size={14} color="#ffffff" strokeWidth={2.25} aria-hidden="true" />
        </g>
        {rider && (
          <g
            style={{
              transform: `translate(${rider.x}px, ${rider.y}px)`,
              // Glides between positions, unless the person asked for less motion: then it steps.
              transition: reducedMotion ? undefined : 'transform 1.2s linear',
            }}
            data-testid="partner-marker"
          >
            <circle r="18" fill="#f59e0b" opacity="0.25">
              {!reducedMotion && <animate attributeName="r" values="14;22;14" dur="2s" repeatCount="indefinite" />}
            </circle>
            <circle r="13" fill="#b45309" stroke="#fff" strokeWidth="2.5" />
            <Bike x={-7.5} y={-7.5} size={15} color="#ffffff" strokeWidth={2.25} aria-hidden="true" />
          </g>
        )}
      </svg>
    </figure>
  );
}
