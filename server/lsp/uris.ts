/** URIs and paths at the LSP boundary: only file: URIs name files the analysis can relate to a project. */
import { fileURLToPath } from 'node:url';
import type { InitializeParams } from 'vscode-languageserver/node';

export function filePathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** The workspace folders as paths (the root URI for clients without folders). */
export function workspaceFolders(params: InitializeParams): string[] {
  const uris =
    params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.map(filePathOf).filter((p): p is string => p !== null);
}
