import type { AppConfig } from '@swyft/contract';
import { api } from '../api/swyft-api';

/** What every map falls back to when the server cannot say: no base layer, markers and areas still drawn. */
const NO_TILES: AppConfig = { map: { tileUrl: null, attribution: '' } };

let pending: Promise<AppConfig> | undefined;

/** `GET /app-config`, asked once per page load and shared by every map. */
export function loadAppConfig(): Promise<AppConfig> {
  pending ??= api.config.get().catch(() => {
    pending = undefined;
    return NO_TILES;
  });
  return pending;
}
