// zod for the bridge: `zod/mini`, the tree-shakable zod, with zod's English issue messages.
// Classic zod loads them itself; mini leaves them out, and every issue would read "Invalid
// input". Config problems, 422 details and admin query errors show these messages, so every
// schema imports zod from here, and only the English locale is bundled.
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

z.config(en());

export * from "zod/mini";

/**
 * A schema built on its first use instead of when its module loads, so that the Worker's
 * start-up builds none of the schemas a request may never need (Close's answers, the log's rows,
 * the admin API's queries). It stands for the schema in every way zod and the bridge use one.
 *
 * @example
 * export const CloseNote = z.deferred(() => z.looseObject({ id: z.string() }));
 */
export function deferred<T extends object>(build: () => T): T {
  let schema: T | undefined;
  const target = (): T => {
    schema ??= build();
    return schema;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // The proxy's own target holds none of these: a proxy may not report them as fixed.
      if (descriptor) descriptor.configurable = true;
      return descriptor;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}
