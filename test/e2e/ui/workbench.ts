// Drives the VS Code workbench in the browser the way a person does: explorer clicks, the command
// palette (F1), the Problems panel, screenshots. Every step waits on what the screen shows.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
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

  /** Runs a command from the palette once its row is the focused one (never a blind Enter). */
  async runCommand(title: string): Promise<void> {
    await this.editor()
      .click({ position: { x: 200, y: 10 } })
      .catch(() => undefined);
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page
      .locator('.quick-input-list .monaco-list-row.focused', { hasText: title })
      .waitFor({ timeout: 30_000 });
    await this.page.keyboard.press('Enter');
  }

  /** Opens the Problems panel and returns its rows' text once `ok` holds for them. */
  async problems(): Promise<Locator> {
    await this.runCommand('View: Focus Problems');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor();
    return panel.locator('.monaco-list-row');
  }

  async screenshot(name: string, target?: Locator): Promise<string> {
    mkdirSync(testResults, { recursive: true });
    const path = join(testResults, `${name}.png`);
    await (target ?? this.page).screenshot({ path });
    return path;
  }
}
