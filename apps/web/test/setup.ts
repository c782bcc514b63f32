import { configure } from '@testing-library/react';

// Component tests share two cores with the server suites: `findBy…` and `waitFor` wait up to 5 s, not
// Testing Library's 1 s. A wait that succeeds returns at once, so this only lengthens a failure.
configure({ asyncUtilTimeout: 5_000 });
