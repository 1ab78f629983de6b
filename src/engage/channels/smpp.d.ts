// The smpp package (0.5.1) ships no types: the part the SMS adapter and the test SMSC use.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  export interface DecodedMessage {
    udh?: Buffer[];
    message: string | Buffer;
  }

  /** A PDU: its header fields plus the command's parameters and TLVs by name. */
  export class PDU {
    constructor(command: string, options?: Record<string, unknown>);
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
    toBuffer(): Buffer;
    [field: string]: unknown;
  }

  export type PduCallback = (pdu: PDU) => void;

  export class Session extends EventEmitter {
    constructor(options: { socket: Socket } | Record<string, unknown>);
    socket: Socket;
    server?: Server;
    send(pdu: PDU, responseCallback?: PduCallback, sendCallback?: PduCallback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: Record<string, unknown>, cb?: PduCallback): boolean;
    submit_sm(options: Record<string, unknown>, cb?: PduCallback): boolean;
    deliver_sm(options: Record<string, unknown>, cb?: PduCallback): boolean;
    enquire_link(options?: Record<string, unknown> | PduCallback, cb?: PduCallback): boolean;
    unbind(options?: Record<string, unknown> | PduCallback, cb?: PduCallback): boolean;
  }

  export class Server extends NetServer {
    sessions: Session[];
  }

  export function createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
  export function createServer(listener?: (session: Session) => void): Server;

  export const errors: Record<string, number>;
  export const consts: Record<string, Record<string, number>>;
}
