import v8 from 'node:v8'

/**
 * Whether two objects share one V8 shape (hidden class) in fast mode: objects that do not (a shape each, or a
 * dictionary each) cost memory per object and make every read of their fields a lookup among many. Uses V8's
 * natives syntax, enabled for functions compiled from here on.
 */
export function shareFastShape(a: object, b: object): boolean {
  v8.setFlagsFromString('--allow-natives-syntax')
  probe ??= new Function('a', 'b', 'return %HaveSameMap(a, b) && %HasFastProperties(a) && %HasFastProperties(b)') as (a: object, b: object) => boolean
  return probe(a, b)
}

let probe: ((a: object, b: object) => boolean) | undefined
