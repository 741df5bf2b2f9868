import { useEffect } from 'react';
import { useDesktopState } from '../api/queries';

/**
 * The desktop's theme preference, applied to the page: `data-theme` on the root pins the colour scheme the
 * stylesheet otherwise takes from the OS. "System" (and the web console, which has no such preference) leaves it
 * to the OS.
 */
export function useDesktopTheme(): void {
  const theme = useDesktopState().data?.settings.theme ?? 'system';
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
