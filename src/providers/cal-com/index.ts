// Cal.com: its payload reader and its signing rule, registered as `cal_com`.
import type { Provider } from "../types.ts";
import { calComExample } from "./example.ts";
import { calComPreset } from "./extract.ts";
import { verifyCalComSignature } from "./signature.ts";

/** Cal.com, as the registry lists it. */
export const calCom = {
  preset: calComPreset,
  signature: verifyCalComSignature,
  example: calComExample,
} satisfies Provider;
