import { join } from 'node:path';

/** The count shown on the tray icon: 1–9, then "9+" (pre-rendered variants, as Signal does). */
export function badgeLabel(count: number): string | null {
  if (count <= 0) return null;
  return count > 9 ? '9plus' : String(Math.floor(count));
}

/**
 * The tray image for a platform and an attention count (resources/tray/, made by scripts/render-icons.mjs):
 * macOS template images (black + alpha; the OS tints them), Windows .ico with 16–48 px, Linux 32 px PNG.
 */
export function trayIconPath(resourcesDir: string, platform: NodeJS.Platform, count: number): { path: string; template: boolean } {
  const badge = badgeLabel(count);
  if (platform === 'darwin') return { path: join(resourcesDir, 'tray', 'mac', badge ? `trayTemplate-${badge}.png` : 'trayTemplate.png'), template: true };
  if (platform === 'win32') return { path: join(resourcesDir, 'tray', 'win', badge ? `tray-${badge}.ico` : 'tray.ico'), template: false };
  return { path: join(resourcesDir, 'tray', 'linux', badge ? `tray-${badge}.png` : 'tray.png'), template: false };
}
