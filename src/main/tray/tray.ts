import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { buildTrayMenu, trayTitle, type TrayAction, type TrayMenuItem, type TrayModelInput } from './tray-model';

/** The tray/menu-bar icon: rebuilds its menu from the pure model and ticks while recording. */
export interface TrayController {
  update(input: Omit<TrayModelInput, 'now'>): void;
  destroy(): void;
}

/** Creates the tray; `iconPath` is a template image on macOS (…Template.png). */
export function createTray(options: {
  iconPath: string;
  onAction(action: TrayAction): void;
  onOpenSession(sessionId: string): void;
}): TrayController {
  const image = nativeImage.createFromPath(options.iconPath);
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  let last: Omit<TrayModelInput, 'now'> = { recording: null, recentSessions: [] };
  let ticker: NodeJS.Timeout | null = null;

  const toMenuItem = (item: TrayMenuItem): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'header':
        return { label: item.label, enabled: false };
      case 'session':
        return { label: item.label, click: () => options.onOpenSession(item.sessionId) };
      case 'action':
        return {
          label: item.label,
          enabled: item.enabled,
          ...(item.accelerator === undefined ? {} : { accelerator: item.accelerator, registerAccelerator: false }),
          click: () => options.onAction(item.id),
        };
    }
  };

  const render = (): void => {
    const input = { ...last, now: Date.now() };
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(input).map(toMenuItem)));
    tray.setToolTip(trayTitle(input));
    if (process.platform === 'darwin') tray.setTitle(input.recording ? trayTitle(input).replace('Recording ', '') : '');
  };

  render();
  return {
    update(input) {
      last = input;
      if (input.recording && !ticker) ticker = setInterval(render, 1_000);
      if (!input.recording && ticker) {
        clearInterval(ticker);
        ticker = null;
      }
      render();
    },
    destroy() {
      if (ticker) clearInterval(ticker);
      tray.destroy();
    },
  };
}
