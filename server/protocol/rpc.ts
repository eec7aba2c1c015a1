/**
 * Message descriptors: a JSON-RPC method name with its parameter and result types, and nothing at
 * run time but the name. The protocol files define every psramLens/* message with these instead
 * of vscode-jsonrpc's RequestType classes, so the extension host can load them (and activate)
 * without loading the client library first; the typed send/handle helpers on each side
 * below keep the types attached at every call, on every side.
 */
import type { CancellationToken } from 'vscode-languageserver-protocol';
export interface RequestSpec<P, R> {
  readonly method: string;
  /** Type carriers only (never set). */
  readonly __params?: P;
  readonly __result?: R;
}

export interface NotificationSpec<P> {
  readonly method: string;
  readonly __params?: P;
}

export function request<P, R>(method: string): RequestSpec<P, R> {
  return { method };
}

export function notification<P = void>(method: string): NotificationSpec<P> {
  return { method };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the three JSON-RPC endpoints (LanguageClient, the server's Connection, vscode-jsonrpc's MessageConnection) overload these methods differently; the specs carry the types */
interface Sender {
  sendRequest(method: string, ...args: any[]): Promise<any>;
  sendNotification(method: string, ...args: any[]): any;
}
interface Receiver {
  onRequest(method: string, handler: (...args: any[]) => any): any;
  onNotification(method: string, handler: (...args: any[]) => any): any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface Disposable {
  dispose(): void;
}

/** Sends a request; `params` is `undefined` for a request without parameters. */
export function sendRequest<P, R>(
  to: Pick<Sender, 'sendRequest'>,
  spec: RequestSpec<P, R>,
  params: P,
  token?: CancellationToken,
): Promise<R> {
  const args: unknown[] = params === undefined ? [] : [params];
  if (token !== undefined) args.push(token);
  return to.sendRequest(spec.method, ...args) as Promise<R>;
}

export function sendNotification<P>(
  to: Pick<Sender, 'sendNotification'>,
  spec: NotificationSpec<P>,
  params: P,
): void {
  if (params === undefined) void to.sendNotification(spec.method);
  else void to.sendNotification(spec.method, params);
}

/** Handles a request: the handler gets the parameters (undefined when none) and the token. */
export function onRequest<P, R>(
  on: Pick<Receiver, 'onRequest'>,
  spec: RequestSpec<P, R>,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): Disposable {
  // JSON-RPC passes (token) for a request without parameters, (params, token) otherwise.
  return on.onRequest(spec.method, (...args: unknown[]) =>
    handler(
      (args.length > 1 ? args[0] : undefined) as P,
      args[args.length - 1] as CancellationToken,
    ),
  ) as Disposable;
}

export function onNotification<P>(
  on: Pick<Receiver, 'onNotification'>,
  spec: NotificationSpec<P>,
  handler: (params: P) => void,
): Disposable {
  return on.onNotification(spec.method, (...args: unknown[]) =>
    handler(args[0] as P),
  ) as Disposable;
}
