/**
 * Where JSON text stops being valid, as an index. Only called after `JSON.parse` failed, whose
 * messages (in V8) often carry no position: a person fixing a file by hand needs a line and
 * column.
 */
export function locateJsonError(text: string): number {
  let i = 0
  const fail = (): never => {
    throw new JsonStop(i)
  }
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++
  }
  const lit = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail()
      i++
    }
  }
  const str = () => {
    i++
    while (i < text.length) {
      const ch = text[i] as string
      if (ch === '"') return void i++
      if (ch === '\\') {
        i++
        const esc = text[i]
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail()
          i += 5
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i++
        else fail()
      } else if (ch < ' ') fail()
      else i++
    }
    fail()
  }
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (!m || m[0] === '-') fail()
    i += m?.[0].length ?? 0
  }
  const value = (depth: number): void => {
    if (depth > 512) fail()
    ws()
    const ch = text[i]
    if (ch === '{') {
      i++
      ws()
      if (text[i] === '}') return void i++
      for (;;) {
        ws()
        if (text[i] !== '"') fail()
        str()
        ws()
        if (text[i] !== ':') fail()
        i++
        value(depth + 1)
        ws()
        if (text[i] === ',') i++
        else if (text[i] === '}') return void i++
        else fail()
      }
    }
    if (ch === '[') {
      i++
      ws()
      if (text[i] === ']') return void i++
      for (;;) {
        value(depth + 1)
        ws()
        if (text[i] === ',') i++
        else if (text[i] === ']') return void i++
        else fail()
      }
    }
    if (ch === '"') return str()
    if (ch === 't') return lit('true')
    if (ch === 'f') return lit('false')
    if (ch === 'n') return lit('null')
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return num()
    fail()
  }
  try {
    value(0)
    ws()
    if (i < text.length) fail()
    return text.length
  } catch (stop) {
    if (stop instanceof JsonStop) return stop.at
    throw stop
  }
}

class JsonStop {
  constructor(readonly at: number) {}
}
