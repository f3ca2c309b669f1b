/**
 * Where a text stops being JSON: the offset of the first character a JSON parser cannot accept
 * (the text's length when it ends too soon), or null when it is JSON. For telling an author the
 * line and column, which `JSON.parse`'s messages no longer give.
 */
export function jsonErrorOffset(text: string): number | null {
  let at = 0;
  const fail = (): never => {
    throw new JsonStop(at);
  };
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) {
      at++;
    }
  };
  const literal = (word: string): void => {
    for (const char of word) {
      if (text[at] !== char) {
        fail();
      }
      at++;
    }
  };
  const string = (): void => {
    at++;
    while (at < text.length && text[at] !== '"') {
      if (text[at]! < ' ') {
        fail();
      }
      if (text[at] === '\\') {
        at++;
        if (text[at] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) {
            fail();
          }
          at += 4;
        } else if (!'"\\/bfnrt'.includes(text[at] ?? 'x')) {
          fail();
        }
      }
      at++;
    }
    if (at >= text.length) {
      fail();
    }
    at++;
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) {
      fail();
    }
    at += match![0].length;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') {
      at++;
      space();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text[at] !== '"') {
          fail();
        }
        string();
        space();
        literal(':');
        value();
        space();
        if (text[at] === ',') {
          at++;
        } else if (text[at] === '}') {
          at++;
          return;
        } else {
          fail();
        }
      }
    } else if (char === '[') {
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[at] === ',') {
          at++;
        } else if (text[at] === ']') {
          at++;
          return;
        } else {
          fail();
        }
      }
    } else if (char === '"') {
      string();
    } else if (char === 't') {
      literal('true');
    } else if (char === 'f') {
      literal('false');
    } else if (char === 'n') {
      literal('null');
    } else {
      number();
    }
  };
  try {
    value();
    space();
    return at < text.length ? at : null;
  } catch (error) {
    if (error instanceof JsonStop) {
      return Math.min(error.offset, text.length);
    }
    throw error;
  }
}

class JsonStop extends Error {
  constructor(readonly offset: number) {
    super('not JSON');
  }
}
