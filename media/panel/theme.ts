/**
 * Colours for canvas drawing. CSS uses var(--vscode-*) directly, but a canvas needs concrete
 * values: read them from the computed style, and again whenever VS Code switches theme (it
 * rewrites the <html> style and the <body> class `vscode-light|dark|high-contrast[-light]`).
 */
export interface ChartColors {
  foreground: string;
  grid: string;
  internal: string;
  psram: string;
  failure: string;
  highContrast: boolean;
}

function token(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

export function readChartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const highContrast = document.body.classList.contains('vscode-high-contrast');
  return {
    foreground: token(style, '--vscode-foreground', '#888888'),
    grid: token(
      style,
      '--vscode-panel-border',
      token(style, '--vscode-widget-border', '#80808040'),
    ),
    internal: token(style, '--vscode-charts-blue', '#3794ff'),
    psram: token(style, '--vscode-charts-green', '#89d185'),
    failure: token(style, '--vscode-charts-red', '#f14c4c'),
    highContrast,
  };
}

/** Calls `onChange` after each theme switch (class on <body> or token style on <html>). */
export function onThemeChange(onChange: () => void): () => void {
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      onChange();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}
