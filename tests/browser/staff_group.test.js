// A shopping group at lane 2 on the staff kiosk, in chromium against the real daemon: each
// member sends its own zone webhook; the second picked up beer. The kiosk counts both, says
// the lane needs staff, shows the age check for lane 2, and keeps both while one member is
// still at the lane; a redelivered webhook raises nothing new.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { launch, openLive, screenshot, waitForText } from './lib/browser.js';
import { Daemon } from './lib/daemon.js';
import { groupMember, kPaths } from './lib/payloads.js';

const kLane = '.lane[data-zone="2"]';
const kAgeCheck = '.alert[data-kind="age_check"]';
const kEntered = '2026-11-28T10:14:00.120Z';

describe('The staff kiosk with a group at a lane', { timeout: 90000 }, () => {
  let daemon;
  let browser;
  let page;

  before(async () => {
    daemon = await new Daemon({ 'display.lanes': '1,2' }).start();
    browser = await launch();
    page = await openLive(browser, daemon.url('/staff'));
  });

  after(async () => {
    await browser?.close();
    await daemon?.cleanup();
  });

  it('counts both members and shows the age check for their lane', async () => {
    await daemon.post(kPaths.entered, groupMember('2', 'family-1', 'm-1', { timeOfOrigin: kEntered }));
    await waitForText(page, `${kLane} .lane-people`, '1 shopper');
    await daemon.post(kPaths.entered,
      groupMember('2', 'family-1', 'm-2', { flagged: true, timeOfOrigin: kEntered }));
    await waitForText(page, `${kLane} .lane-people`, '2 shoppers needs staff');
    await waitForText(page, `${kAgeCheck} .alert-kind`, 'Age check');
    await waitForText(page, `${kAgeCheck} .alert-where`, 'Lane 2');
    await waitForText(page, `${kAgeCheck} .alert-text`, 'Age check needed at lane 2');
    await waitForText(page, '#alert-count', '1');
    assert.equal(await page.locator(`${kAgeCheck} button.alert-ack`).isEnabled(), true);
    await screenshot(page, 'staff-group-age-check');
  });

  it('keeps the lane in need of staff while the flagged member is still there', async () => {
    await daemon.post(kPaths.left,
      groupMember('2', 'family-1', 'm-1', { timeOfOrigin: '2026-11-28T10:15:00.000Z' }));
    await waitForText(page, `${kLane} .lane-people`, '1 shopper needs staff');
  });

  it('raises nothing new for a redelivered webhook', async () => {
    const again = await daemon.post(kPaths.entered,
      groupMember('2', 'family-1', 'm-2', { flagged: true, timeOfOrigin: kEntered }));
    assert.deepEqual(again, {});
    const { alerts } = await daemon.getJson('/api/alerts');
    assert.equal(alerts.filter((a) => a.kind === 'age_check').length, 1);
    await waitForText(page, '#alert-count', '1');
    assert.equal(await page.locator(kAgeCheck).count(), 1);
    await waitForText(page, `${kLane} .lane-people`, '1 shopper needs staff');
  });

  it('clears the lane when the last member leaves', async () => {
    await daemon.post(kPaths.left,
      groupMember('2', 'family-1', 'm-2', { flagged: true, timeOfOrigin: '2026-11-28T10:16:00.000Z' }));
    await waitForText(page, `${kLane} .lane-people`, '0 shoppers');
    assert.equal(await page.locator(`${kLane} .lane-flag`).count(), 0);
    await waitForText(page, `${kLane} .lane-phase`, 'Idle');
  });

  it('never showed a script error', () => {
    assert.deepEqual(browser.pageErrors, []);
  });
});
