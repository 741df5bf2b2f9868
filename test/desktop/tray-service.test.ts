import { describe, expect, it } from 'vitest';
import { badgeLabel, trayIconPath } from '../../src/main/desktop/tray-icons';
import { createTrayService, trayMenu, trayTooltip, type TrayActions, type TrayState } from '../../src/main/desktop/tray-service';
import { FakeTray } from '../helpers/fake-electron';

const actions: TrayActions = { open() {}, approvals() {}, deadLetters() {}, togglePaused() {}, toggleStartAtLogin() {}, update() {}, quit() {} };
const base: TrayState = { status: 'alpha · http://0.0.0.0:8080 · 0 queued · 0 dead letters', approvals: 0, deadLetters: 0, attention: 0, paused: false, startAtLogin: false, updateLabel: 'Check for updates' };

describe('the tray', () => {
  it('picks the icon for each platform and count: 1–9, then 9+', () => {
    expect([0, 1, 9, 10, 250].map(badgeLabel)).toEqual([null, '1', '9', '9plus', '9plus']);
    expect(trayIconPath('/r', 'darwin', 0)).toEqual({ path: '/r/tray/mac/trayTemplate.png', template: true });
    expect(trayIconPath('/r', 'darwin', 3)).toEqual({ path: '/r/tray/mac/trayTemplate-3.png', template: true });
    expect(trayIconPath('/r', 'win32', 12)).toEqual({ path: '/r/tray/win/tray-9plus.ico', template: false });
    expect(trayIconPath('/r', 'linux', 2)).toEqual({ path: '/r/tray/linux/tray-2.png', template: false });
  });

  it('builds its menu from state, with counts, the pause toggle and the login checkbox', () => {
    const menu = trayMenu({ ...base, approvals: 2, deadLetters: 1, paused: true, startAtLogin: true, updateLabel: 'Restart to update to 1.2.0' }, actions);
    expect(menu.map((item) => item.label ?? item.type)).toEqual([base.status, 'separator', 'Open Switchboard', 'Approvals (2)', 'Dead letters (1)', 'separator', 'Resume receiving', 'Start at login', 'Restart to update to 1.2.0', 'separator', 'Quit Switchboard']);
    expect(menu[7]).toMatchObject({ type: 'checkbox', checked: true });
    expect(trayTooltip({ ...base, approvals: 1, paused: true })).toBe(`Switchboard — ${base.status} · 1 approval · receiving paused`);
  });

  it('re-renders only on a change, sets the icon only when the count changes, and opens on click except on macOS', () => {
    const tray = new FakeTray();
    let opened = 0;
    const menus: unknown[] = [];
    const service = createTrayService({ createTray: (icon) => (tray.setImage(icon), tray), buildMenu: (template) => (menus.push(template), template), icon: (count) => `icon-${count}`, platform: 'linux', actions: { ...actions, open: () => (opened += 1) } });
    expect(tray.images).toEqual(['icon-0']);
    service.set({ status: 'x' });
    service.set({ status: 'x' });
    expect(menus).toHaveLength(2);
    service.set({ attention: 3 });
    service.set({ attention: 3, approvals: 3 });
    service.set({ attention: 14 });
    service.set({ attention: 11 });
    expect(tray.images).toEqual(['icon-0', 'icon-3', 'icon-10']);
    tray.emit('click');
    expect(opened).toBe(1);
    service.destroy();
    expect(service.exists()).toBe(false);
    service.set({ status: 'after' });
    expect(tray.destroyed).toBe(true);

    const mac = new FakeTray();
    createTrayService({ createTray: () => mac, buildMenu: (template) => template, icon: () => 'i', platform: 'darwin', actions });
    expect(mac.listeners.get('click')).toBeUndefined();
  });
});
