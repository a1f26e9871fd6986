// The console's frame: the top bar with the navigation and sign-out, the sign-in form for the
// admin token, and the line where messages appear.
import { ELEMENT } from "../elements.ts";
import { NAVIGATION, type PageName } from "../pages.ts";

/** The top bar: the product's name, the pages, and sign-out. */
export function TopBar({ active }: { active: PageName }) {
  const current = active === "submission" ? "submissions" : active;
  return (
    <header class="topbar">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <a class="brand" href="/admin" data-nav="">
        <span class="brand-mark" aria-hidden="true">
          ⇄
        </span>{" "}
        close-bridge
      </a>
      <nav aria-label="Console">
        <ul>
          {NAVIGATION.map((item) => (
            <li>
              <a
                href={item.path}
                data-nav=""
                data-page-link={item.page}
                aria-current={item.page === current ? "page" : undefined}
              >
                {item.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <button type="button" class="quiet" id={ELEMENT.signOut} hidden>
        Sign out
      </button>
    </header>
  );
}

/** Where the admin token is entered; it stays in this tab's sessionStorage only. */
export function SignIn() {
  return (
    <section id={ELEMENT.signIn} class="sign-in" aria-labelledby="sign-in-heading" hidden>
      <h1 id="sign-in-heading">Sign in to the console</h1>
      <p>
        Enter the bridge's admin token (the <code>ADMIN_TOKEN</code> secret). It stays in this
        browser tab only and is sent only to the admin API.
      </p>
      <form id={ELEMENT.signInForm}>
        <label for={ELEMENT.token}>Admin token</label>
        <div class="row">
          <input
            id={ELEMENT.token}
            name="token"
            type="password"
            autocomplete="off"
            required
            spellcheck={false}
          />
          <button type="submit">Sign in</button>
        </div>
      </form>
    </section>
  );
}

/** The line that says what went wrong (or what an action did). */
export function MessageLine() {
  return <p id={ELEMENT.message} class="message" role="alert" hidden />;
}
