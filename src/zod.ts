// zod for the bridge: `zod/mini`, the tree-shakable zod, with zod's English issue messages.
// Classic zod loads them itself; mini leaves them out, and every issue would read "Invalid
// input". Config problems, 422 details and admin query errors show these messages, so every
// schema imports zod from here, and only the English locale is bundled.
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

z.config(en());

export * from "zod/mini";
