// The D1 migrations as a deployment meets them: applied in order to a log that already holds
// rows, the data they move (or drop) comes out as the bridge then reads it. SQLite in Node here
// (D1 is SQLite); the Worker tests run every migration on an empty database.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";

const DIR = "migrations";
const FILES = readdirSync(DIR)
  .filter((name) => name.endsWith(".sql"))
  .sort();

/** A database with every migration up to (not including) the one named `before` applied. */
function migratedUpTo(before: string): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  db.exec("PRAGMA foreign_keys = ON");
  for (const file of FILES.filter((name) => name < before)) {
    db.exec(readFileSync(join(DIR, file), "utf8"));
  }
  return db;
}

/** Applies the migration whose file name starts with `prefix`. */
function apply(db: DatabaseSync, prefix: string): void {
  const file = FILES.find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`no migration ${prefix}`);
  db.exec(readFileSync(join(DIR, file), "utf8"));
}

/** Inserts a delivered submission as the bridge records one, with `values` on top. */
function insertSubmission(db: DatabaseSync, values: Record<string, string | number | null>) {
  const row: Record<string, string | number | null> = {
    source: "website",
    mode: "queue",
    received_at: 1_796_000_000_000,
    status: "delivered",
    max_retries: 8,
    updated_at: 1_796_000_000_000,
    ...values,
  };
  const names = Object.keys(row);
  db.prepare(
    `INSERT INTO submissions (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`,
  ).run(...Object.values(row));
}

const columnsOf = (db: DatabaseSync, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);

describe("the migrations, on a log that holds rows", () => {
  it("are numbered without a repeat, each applying after the last", () => {
    const numbers = FILES.map((name) => name.slice(0, 4));
    expect(new Set(numbers).size).toBe(numbers.length);
    const db = migratedUpTo("9999");
    expect(columnsOf(db, "submissions")).toContain("emails_hashed");
  });

  it("keep every first-email hash searchable when 0009 moves them to submission_emails", () => {
    const db = migratedUpTo("0009");
    insertSubmission(db, { id: "sub_kept", email_hash: "hash-kept", draft: "{}" });
    insertSubmission(db, { id: "sub_pruned", email_hash: "hash-pruned", draft: null });
    insertSubmission(db, { id: "sub_before_console", email_hash: null, draft: null });
    db.prepare(
      "INSERT INTO unrecorded_posts (hour, source, outcome, status, count) VALUES (?, ?, ?, ?, ?)",
    ).run(3_600_000, "website", "spam", 303, 4);

    apply(db, "0009");

    expect(
      db.prepare("SELECT email_hash, submission_id FROM submission_emails ORDER BY 1").all(),
    ).toEqual([
      { email_hash: "hash-kept", submission_id: "sub_kept" },
      { email_hash: "hash-pruned", submission_id: "sub_pruned" },
    ]);
    // A row whose draft is still kept waits for the sweep to hash all of its emails; the others
    // have nothing more to hash.
    expect(db.prepare("SELECT id, emails_hashed FROM submissions ORDER BY id").all()).toEqual([
      { id: "sub_before_console", emails_hashed: 1 },
      { id: "sub_kept", emails_hashed: 0 },
      { id: "sub_pruned", emails_hashed: 1 },
    ]);
    expect(columnsOf(db, "submissions")).not.toContain("email_hash");
    expect(db.prepare("SELECT count, last_at FROM unrecorded_posts").all()).toEqual([
      { count: 4, last_at: null },
    ]);
  });

  it("file a new submission's email hashes with its row after 0010, and none for a delivery its key turns away", () => {
    const db = migratedUpTo("0010");
    insertSubmission(db, { id: "sub_before", draft: "{}", dedupe_key: "key:a" });
    db.prepare("INSERT INTO submission_emails (email_hash, submission_id) VALUES (?, ?)").run(
      "hash-before",
      "sub_before",
    );

    apply(db, "0010");

    // As the bridge records one: one INSERT, turned away by an existing dedupe key.
    const record = db.prepare(
      `INSERT INTO submissions (id, source, mode, received_at, dedupe_key, status, max_retries, updated_at, email_hashes)
       VALUES (?, 'website', 'queue', 1796000000000, ?, 'queued', 8, 1796000000000, ?)
       ON CONFLICT (source, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
    );
    expect(record.all("sub_new", "key:b", JSON.stringify(["hash-work", "hash-home"]))).toEqual([
      { id: "sub_new" },
    ]);
    expect(record.all("sub_again", "key:b", JSON.stringify(["hash-again"]))).toEqual([]);
    expect(record.all("sub_no_email", "key:c", null)).toEqual([{ id: "sub_no_email" }]);

    expect(
      db.prepare("SELECT email_hash, submission_id FROM submission_emails ORDER BY 1").all(),
    ).toEqual([
      { email_hash: "hash-before", submission_id: "sub_before" },
      { email_hash: "hash-home", submission_id: "sub_new" },
      { email_hash: "hash-work", submission_id: "sub_new" },
    ]);
    expect(
      db.prepare("SELECT email_hashes FROM submissions WHERE id = 'sub_before'").get(),
    ).toEqual({ email_hashes: null });
  });

  it("refile a submission's email hashes after 0011 when an update gives it another list, and only then", () => {
    const db = migratedUpTo("0011");
    insertSubmission(db, { id: "sub_old", draft: "{}", email_hashes: null });
    db.prepare("INSERT INTO submission_emails (email_hash, submission_id) VALUES (?, ?)").run(
      "hash-old",
      "sub_old",
    );
    insertSubmission(db, { id: "sub_kept", draft: "{}", email_hashes: JSON.stringify(["hash-k"]) });

    apply(db, "0011");

    const filed = () =>
      db.prepare("SELECT email_hash, submission_id FROM submission_emails ORDER BY 1, 2").all();
    const update = db.prepare("UPDATE submissions SET email_hashes = ?2 WHERE id = ?1");
    // A replay that mapped the draft anew: the new list replaces the old rows.
    update.run("sub_old", JSON.stringify(["hash-new-a", "hash-new-b"]));
    // An update that leaves the list as it is (or sets none) files nothing.
    update.run("sub_kept", JSON.stringify(["hash-k"]));
    db.prepare("UPDATE submissions SET status = 'dead' WHERE id = 'sub_kept'").run();
    expect(filed()).toEqual([
      { email_hash: "hash-k", submission_id: "sub_kept" },
      { email_hash: "hash-new-a", submission_id: "sub_old" },
      { email_hash: "hash-new-b", submission_id: "sub_old" },
    ]);
    // A draft without emails leaves none searchable.
    update.run("sub_old", "[]");
    expect(filed()).toEqual([{ email_hash: "hash-k", submission_id: "sub_kept" }]);
    // An update that matches no row (a revival that lost the race) files nothing.
    db.prepare("UPDATE submissions SET email_hashes = ?2 WHERE id = ?1 AND status = 'queued'").run(
      "sub_kept",
      JSON.stringify(["hash-loser"]),
    );
    expect(filed()).toEqual([{ email_hash: "hash-k", submission_id: "sub_kept" }]);
  });

  it("remove a submission's email hashes with the submission", () => {
    const db = migratedUpTo("9999");
    insertSubmission(db, { id: "sub_erased", draft: null });
    db.prepare("INSERT INTO submission_emails (email_hash, submission_id) VALUES (?, ?)").run(
      "hash-erased",
      "sub_erased",
    );
    db.prepare("DELETE FROM submissions WHERE id = ?").run("sub_erased");
    expect(db.prepare("SELECT COUNT(*) AS n FROM submission_emails").get()).toEqual({ n: 0 });
  });
});
