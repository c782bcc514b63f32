import { useEffect } from 'react';
import { Route, Routes } from 'react-router';
import { HistoryPage } from './history-page';
import { installPartnerPwa } from './install-pwa';
import { OutboxProvider } from './outbox-provider';
import { PartnerHome } from './partner-home';
import { PartnerLayout } from './partner-layout';

/** The partner area, loaded on demand (customers never download it). */
export default function PartnerApp() {
  useEffect(installPartnerPwa, []);
  return (
    <OutboxProvider>
      <Routes>
        <Route element={<PartnerLayout />}>
          <Route index element={<PartnerHome />} />
          <Route path="history" element={<HistoryPage />} />
        </Route>
      </Routes>
    </OutboxProvider>
  );
}
