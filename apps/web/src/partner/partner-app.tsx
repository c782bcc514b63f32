import { Route, Routes } from 'react-router';
import { HistoryPage } from './history-page';
import { PartnerHome } from './partner-home';
import { PartnerLayout } from './partner-layout';

/** The partner area, loaded on demand (customers never download it). */
export default function PartnerApp() {
  return (
    <Routes>
      <Route element={<PartnerLayout />}>
        <Route index element={<PartnerHome />} />
        <Route path="history" element={<HistoryPage />} />
      </Route>
    </Routes>
  );
}
