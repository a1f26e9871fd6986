// `POST /unsubscribe/email/` (201 `{email}`) and `DELETE /unsubscribe/email/{email}/`: the
// organization's unsubscribe list, which every matching contact email shows as
// `is_unsubscribed` (inferred in close-routing.md section 8). Close does not document what an
// address already on the list answers: the simulator refuses it (400), the less convenient
// reading, so that a client that resends one finds out.
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { formatCloseTimestamp } from "../clock.ts";
import { objectNotFoundError, validationError } from "../errors.ts";
import { readQuery } from "../query.ts";
import { markUnsubscribed } from "../records/contact.ts";
import { requireJsonObject } from "../request-body.ts";
import { parseUnsubscribeInput } from "../validate-followups.ts";
import { refuseNotSimulated, refuseOtherMethods } from "./allowed-methods.ts";

const COLLECTION = `${API_PREFIX}/unsubscribe/email`;
const ITEM = `${COLLECTION}/:email`;

/** Registers the unsubscribe endpoints. */
export function registerUnsubscribeRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  /** Sets `is_unsubscribed` on every contact email matching `email` to what the list says. */
  const refreshContacts = (email: string) => {
    for (const contact of deps.contacts.listByEmail(email)) {
      deps.contacts.replace(markUnsubscribed(contact, (address) => deps.unsubscribes.has(address)));
    }
  };

  app.post(COLLECTION, (c) => {
    readQuery(c, []);
    const parsed = parseUnsubscribeInput(requireJsonObject(c.get("requestBody")));
    if (!parsed.ok) throw validationError(parsed.errors);
    const { email } = parsed.value;
    deps.transact(() => {
      if (!deps.unsubscribes.add(email, formatCloseTimestamp())) {
        throw validationError({ email: "This email address is already unsubscribed." });
      }
      refreshContacts(email);
    });
    return c.json({ email }, 201);
  });

  // The list's shape is not documented: refused rather than guessed.
  refuseNotSimulated(app, COLLECTION, ["GET"], "listing unsubscribed emails");
  refuseOtherMethods(app, COLLECTION, ["GET", "POST"]);

  app.delete(ITEM, (c) => {
    readQuery(c, []);
    const email = c.req.param("email");
    deps.transact(() => {
      if (!deps.unsubscribes.remove(email)) throw objectNotFoundError("UnsubscribedEmail");
      refreshContacts(email);
    });
    return c.json({});
  });

  refuseOtherMethods(app, ITEM, ["DELETE"]);
}
