// The Close API simulator's Worker entry: every request goes to the one Organization Durable
// Object, so that concurrent requests share a single consistent store.
import { Organization } from "./organization.ts";

export { Organization };

export default {
  /** Forwards the request to the organization's Durable Object. */
  fetch(request, env) {
    const stub = env.ORGANIZATION.get(env.ORGANIZATION.idFromName("default"));
    return stub.fetch(request);
  },
} satisfies ExportedHandler<Env>;
