import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demo,
  desktop,
  launchChromium,
  openContext,
  type Person,
  phone,
  signIn,
  waitUntilLive,
} from './support/browser.js';

/** An admin disables an account while its owner is using the app: the owner is thrown out at once. */
describe('a disabled user is thrown out', () => {
  let browser: Browser;
  let user: Person;
  let admin: Person;

  beforeAll(async () => {
    browser = await launchChromium();
    [user, admin] = await Promise.all([openContext(browser, phone), openContext(browser, desktop)]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs the user out with the reason, without them doing anything, and keeps them out', async () => {
    const email = `dana-${randomBytes(4).toString('hex')}@example.test`;
    const password = 'a long enough password';

    // A new customer signs up and starts shopping.
    await user.page.goto('/register');
    await user.page.getByLabel('Name').fill('Dana Doe');
    await user.page.getByLabel('Email').fill(email);
    await user.page.getByLabel('Password').fill(password);
    await user.page.getByRole('button', { name: 'Create account' }).click();
    await user.page.getByRole('heading', { name: 'What do you need today?' }).waitFor();
    await waitUntilLive(user.page);

    // An admin finds and disables the account.
    await signIn(admin.page, demo.admin);
    await admin.page.getByRole('link', { name: 'Users' }).click();
    await admin.page.getByLabel('Search name or email').fill(email);
    const row = admin.page.locator(`tr[data-user-email="${email}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Disable Dana Doe' }).click();
    // A destructive action asks first, saying what it does.
    const confirm = admin.page.getByRole('alertdialog', { name: 'Disable Dana Doe?' });
    await confirm.getByText('is signed out everywhere at once').waitFor();
    await confirm.getByRole('button', { name: 'Disable', exact: true }).click();
    await row.getByText('Disabled', { exact: true }).waitFor();

    // The user's screen drops to the sign-in page with the reason, untouched.
    await user.page.getByRole('alert').filter({ hasText: 'Your account has been disabled' }).first().waitFor();
    await user.page.getByRole('button', { name: 'Sign in' }).waitFor();

    // Signing in again is refused.
    await user.page.getByLabel('Email').fill(email);
    await user.page.getByLabel('Password').fill(password);
    await user.page.getByRole('button', { name: 'Sign in' }).click();
    await user.page.locator('#login-error').filter({ hasText: 'disabled' }).waitFor();
    expect(user.page.url()).toMatch(/\/login$/);

    // Enabled again, the account works.
    await row.getByRole('button', { name: 'Enable Dana Doe' }).click();
    await row.getByText('Active', { exact: true }).waitFor();
    await user.page.getByRole('button', { name: 'Sign in' }).click();
    await user.page.getByRole('heading', { name: 'What do you need today?' }).waitFor();

    expect([...user.errors, ...admin.errors]).toEqual([]);
  });
});
