/** The part of saxen's API the .xlsx reader uses (the package ships no types). */
declare module 'saxen' {
  type Decode = (text: string) => string;
  export class Parser {
    on(event: 'openTag', handler: (name: string, attributes: () => Record<string, string>, decode: Decode, selfClosing: boolean) => void): this;
    on(event: 'closeTag', handler: (name: string) => void): this;
    on(event: 'text', handler: (text: string, decode: Decode) => void): this;
    on(event: 'cdata' | 'comment' | 'question' | 'attention', handler: (text: string) => void): this;
    on(event: 'error', handler: (error: Error) => void): this;
    /** Parses the next piece of a document; a token split between pieces is held until the rest comes. */
    write(xml: string): this;
    end(): Error | null;
  }
}
