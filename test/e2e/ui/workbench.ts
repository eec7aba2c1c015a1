// Drives the VS Code workbench in the browser the way a person does: explorer clicks, the command
// palette (F1), the Problems panel, screenshots. Every step waits on what the screen shows.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { testResults } from '../lib/paths';

export class Workbench {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await this.page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ timeout: 120_000 });
  }

  /** Opens a workspace file by clicking through the explorer tree ("main/main.cpp"). */
  async openFromExplorer(relPath: string): Promise<void> {
    const parts = relPath.split('/');
    for (const [i, name] of parts.entries()) {
      const row = this.page.locator(
        `.explorer-folders-view .monaco-list-row[aria-level="${i + 1}"][aria-label="${name}"]`,
      );
      const last = i === parts.length - 1;
      if (!last && (await row.getAttribute('aria-expanded')) === 'true') continue;
      await row.click();
    }
    const tab = this.page.locator('.tabs-container .tab.active', {
      hasText: parts[parts.length - 1],
    });
    await tab.waitFor();
    await this.editor().locator('.view-lines').waitFor();
  }

  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Runs a command from the palette by clicking its row once it is the focused one. */
  async runCommand(title: string): Promise<void> {
    // Keys typed in a webview stay there: the focus goes to an editor first, when one is open and
    // not covered (a notification center); asked, not waited for: the action timeout is 30 s.
    const editor = this.editor();
    if (await editor.isVisible()) {
      await editor.click({ position: { x: 200, y: 10 }, timeout: 2_000 }).catch(() => undefined);
    }
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title });
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ timeout: 10_000 });
        await input.fill(`>${title}`, { timeout: 5_000 });
        await row.waitFor({ timeout: 30_000 });
        // A click, not Enter: a key goes to whatever holds the focus, and a webview that takes
        // it as it finishes loading would swallow an Enter meant for the palette.
        await row.click({ timeout: 5_000 });
        return;
      } catch (e) {
        if (await input.isVisible()) throw e; // open, and the command is not in it
      }
      // A focus move still under way (a view the last step revealed, a webview that takes the
      // focus once loaded) closed the palette as it opened: open it again.
      if (attempt === 3) throw new Error(`the Command Palette kept closing (running "${title}")`);
    }
  }

  /**
   * Opens the light bulb's menu (Ctrl+.) at the cursor until it offers `text`, and returns that
   * row. The menu does not refresh while open: a diagnostic that arrives later (a device finding
   * published after its session's batch) needs the menu opened again, as a person would.
   */
  async codeAction(text: string | RegExp, timeout = 30_000): Promise<Locator> {
    const row = this.page.locator('.action-widget .monaco-list-row', { hasText: text }).first();
    const until = Date.now() + timeout;
    for (;;) {
      await this.page.keyboard.press('Control+.');
      try {
        await row.waitFor({ timeout: 5_000 });
        return row;
      } catch (e) {
        if (Date.now() > until) throw e;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /**
   * Picks a file in VS Code's own open dialog (a quick input) by typing its path, and waits for
   * the dialog to close. The dialog writes its starting folder into the input once it has read
   * it, over (or in front of) anything typed before: so typing waits for that folder, and the
   * path is typed again until it stays.
   */
  async pickFile(path: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('input');
    const listed = widget.locator('.quick-input-list .monaco-list-row', {
      hasText: basename(path),
    });
    await input.waitFor();
    const until = Date.now() + 10_000;
    while (!(await input.inputValue()).endsWith('/') && Date.now() < until) {
      await this.page.waitForTimeout(100);
    }
    for (let attempt = 1; ; attempt++) {
      await input.fill(path);
      try {
        // It checks the typed path first: Enter once it lists the file and the path is still there.
        await listed.first().waitFor({ timeout: 10_000 });
        if ((await input.inputValue()) === path) {
          await this.page.keyboard.press('Enter');
          await widget.waitFor({ state: 'hidden', timeout: 10_000 });
          return;
        }
      } catch (e) {
        if (attempt === 3) throw e;
        continue;
      }
      if (attempt === 3) throw new Error(`the open dialog kept replacing the typed path ${path}`);
    }
  }

  /** Opens the Problems panel and returns its rows' text once `ok` holds for them. */
  async problems(): Promise<Locator> {
    await this.runCommand('View: Focus Problems');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor();
    return panel.locator('.monaco-list-row');
  }

  /** A notification toast containing `text` (its buttons are `.monaco-button`). */
  toast(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** An action of the Heap view's title bar (shown in the panel's title while the view is in front). */
  viewAction(label: string): Locator {
    return this.page
      .locator(`.part.panel .title-actions .action-label[aria-label="${label}"]`)
      .filter({ visible: true });
  }

  /**
   * The Heap view's page: the frame holding its tabs (the walkthrough's media are webviews too).
   * Asked again after the view was hidden: its page is rebuilt then.
   */
  async heap(timeout = 60_000): Promise<Frame> {
    const until = Date.now() + timeout;
    for (;;) {
      for (const f of this.page.frames()) {
        if (await f.$('#tab-btn-live').catch(() => null)) return f;
      }
      if (Date.now() > until) throw new Error('the Heap view is not showing');
      await this.page.waitForTimeout(250);
    }
  }

  /** Whether an element is on screen: laid out, inside the window, not zero-sized. */
  async onScreen(target: Locator): Promise<boolean> {
    const box = await target.boundingBox();
    const size = this.page.viewportSize();
    return (
      box !== null &&
      size !== null &&
      box.width > 0 &&
      box.height > 0 &&
      box.y >= 0 &&
      box.y + box.height <= size.height
    );
  }

  async screenshot(name: string, target?: Locator): Promise<string> {
    mkdirSync(testResults, { recursive: true });
    const path = join(testResults, `${name}.png`);
    await (target ?? this.page).screenshot({ path });
    return path;
  }
}
