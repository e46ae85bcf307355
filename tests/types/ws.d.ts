declare module 'ws' {
  /** The few members of the `ws` client the console tests use. */
  export default class WebSocket {
    static readonly OPEN: number;
    readonly readyState: number;
    constructor(url: string, options?: { headers?: Record<string, string> });
    on(event: 'open', listener: () => void): this;
    on(event: 'message', listener: (data: Buffer) => void): this;
    on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    send(data: string): void;
    close(): void;
  }
}
