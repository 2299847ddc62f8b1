//! The database's tables, created and upgraded by `PRAGMA user_version`.
//!
//! Each entry of [`MIGRATIONS`] moves the schema one version up and is applied once, in a
//! transaction with the version bump. Never edit an entry that has shipped: add a new one.

use rusqlite::Connection;

use super::StoreError;

/// Migration `i` takes the database from version `i` to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: profiles, the ticket cache, lookups, sync state, saved filters and the active profile.
    r#"
    CREATE TABLE profiles (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        method       TEXT NOT NULL,
        instance_url TEXT NOT NULL,
        tenant       TEXT,
        client_id    TEXT NOT NULL,
        agent        TEXT  -- AgentSummary as JSON
    );
    -- The demo profile is a singleton.
    CREATE UNIQUE INDEX profiles_one_demo ON profiles (method) WHERE method = 'demo';

    CREATE TABLE tickets (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        id         INTEGER NOT NULL,
        updated_at TEXT,           -- RFC 3339
        body       TEXT NOT NULL,  -- CachedTicket as JSON
        PRIMARY KEY (profile_id, id)
    ) WITHOUT ROWID;

    CREATE TABLE lookups (
        profile_id INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
        body       TEXT NOT NULL   -- QueueLookups as JSON
    );

    CREATE TABLE sync_state (
        profile_id     INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
        high_water     TEXT,
        synced_at      TEXT,
        full_synced_at TEXT
    );

    CREATE TABLE saved_filters (
        id         INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        name_key   TEXT NOT NULL,  -- the name lowercased, so "Mine" replaces "mine"
        body       TEXT NOT NULL   -- QueueFilter as JSON
    );
    CREATE UNIQUE INDEX saved_filters_by_name ON saved_filters (profile_id, name_key);

    CREATE TABLE active_profile (
        singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
        profile_id INTEGER REFERENCES profiles (id) ON DELETE SET NULL
    );
    "#,
    // 2: the outbox of writes, drafts, per-ticket timers, and the workflow forms' picklists and
    // client details (so a form filled in offline is still checked).
    r#"
    CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY,
        profile_id      INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        ticket_id       INTEGER,        -- the ticket written to, or created once delivered
        intent          TEXT NOT NULL,  -- Intent as JSON
        state           TEXT NOT NULL,  -- OutboxState
        step            INTEGER NOT NULL DEFAULT 0,  -- how many of the intent's steps are done
        attempts        INTEGER NOT NULL DEFAULT 0,  -- sends of the current step
        lost_sends      INTEGER NOT NULL DEFAULT 0,  -- of those, how many lost their answer
        last_error      TEXT,
        next_attempt_at TEXT,           -- RFC 3339; NULL means now
        created_at      TEXT NOT NULL,
        sent_at         TEXT,           -- when the current step last went out
        delivered_at    TEXT,
        -- The Halo IDs this write created (JSON array): claimed, so a lookalike note or
        -- ticket is never taken as the delivery of a second write.
        created_ids     TEXT NOT NULL DEFAULT '[]',
        draft_key       TEXT,           -- the draft the text came from, restored on discard
        draft_body      TEXT
    );
    CREATE INDEX outbox_by_profile ON outbox (profile_id, state, id);

    CREATE TABLE drafts (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        key        TEXT NOT NULL,
        body       TEXT NOT NULL,
        saved_at   TEXT NOT NULL,
        PRIMARY KEY (profile_id, key)
    ) WITHOUT ROWID;

    CREATE TABLE timers (
        profile_id     INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        ticket_id      INTEGER NOT NULL,
        accumulated_ms INTEGER NOT NULL,
        running_since  TEXT,            -- RFC 3339 wall clock, so a restart keeps counting
        PRIMARY KEY (profile_id, ticket_id)
    ) WITHOUT ROWID;

    CREATE TABLE workflow_choices (
        profile_id INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
        body       TEXT NOT NULL        -- WorkflowChoices as JSON
    );

    CREATE TABLE client_details (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        client_id  INTEGER NOT NULL,
        body       TEXT NOT NULL,       -- ClientDetails as JSON
        PRIMARY KEY (profile_id, client_id)
    ) WITHOUT ROWID;

    -- The SLA watch's ledger: each alert shown, so none is shown twice, across restarts too.
    CREATE TABLE sla_alerts (
        profile_id  INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        ticket_id   INTEGER NOT NULL,
        target      TEXT NOT NULL,      -- response | resolution
        state       TEXT NOT NULL,      -- atRisk | breached
        deadline    TEXT,               -- the deadline it warned about; a moved one warns anew
        notified_at TEXT NOT NULL,
        PRIMARY KEY (profile_id, ticket_id, target, state)
    ) WITHOUT ROWID;

    CREATE TABLE sla_snoozes (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        ticket_id  INTEGER NOT NULL,
        until      TEXT NOT NULL,
        PRIMARY KEY (profile_id, ticket_id)
    ) WITHOUT ROWID;

    CREATE TABLE watch_settings (
        profile_id   INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
        body         TEXT NOT NULL,     -- WatchSettings as JSON
        paused_until TEXT
    );
    "#,
    // 3: the upload queue, what each instance taught about uploads, and app-wide settings.
    r#"
    CREATE TABLE uploads (
        id             INTEGER PRIMARY KEY,
        profile_id     INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        ticket_id      INTEGER NOT NULL,
        path           TEXT NOT NULL,
        filename       TEXT NOT NULL,
        size_bytes     INTEGER NOT NULL,
        note           TEXT NOT NULL,
        show_for_users INTEGER NOT NULL,
        is_image       INTEGER NOT NULL,
        state          TEXT NOT NULL,     -- UploadState
        attempts       INTEGER NOT NULL DEFAULT 0,
        error          TEXT,
        next_attempt_at TEXT,             -- RFC 3339; NULL means now
        -- The IDs of the ticket's attachments with this name and size before the first send
        -- (JSON array): one that is not among them is this upload, landed.
        seen_before    TEXT,
        attachment_id  INTEGER,
        owned_file     INTEGER NOT NULL DEFAULT 0,  -- a pasted image Halodesk wrote itself
        created_at     TEXT NOT NULL,
        cleared        INTEGER NOT NULL DEFAULT 0,
        revision       INTEGER NOT NULL DEFAULT 0  -- rises with every change of the row
    );
    CREATE INDEX uploads_by_profile ON uploads (profile_id, cleared, id);

    CREATE TABLE upload_learning (
        profile_id    INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
        mode          TEXT NOT NULL,      -- multipart | json
        refused_bytes INTEGER             -- the smallest upload the instance refused with 413
    );

    CREATE TABLE app_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 4: which file an upload queued, so another file taking its path is not sent in its place.
    r#"
    ALTER TABLE uploads ADD COLUMN file_identity TEXT;  -- NULL: queued before this was kept
    "#,
];

/// The schema version this build writes.
pub(super) const VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the database up to [`VERSION`], applying each missing migration in its own
/// transaction; a database already there is left untouched.
pub(super) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found: u32 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|source| StoreError::Migrate {
            version: VERSION,
            source,
        })?;
    if found > VERSION {
        return Err(StoreError::TooNew {
            found,
            known: VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as u32 + 1;
        let apply = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()
        };
        apply(conn).map_err(|source| StoreError::Migrate { version, source })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user_version(conn: &Connection) -> u32 {
        conn.pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn), VERSION);
        conn.execute(
            "INSERT INTO profiles (name, method, instance_url, client_id) VALUES ('a', 'demo', '', '')",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn), VERSION);
        let profiles: i64 = conn
            .query_row("SELECT count(*) FROM profiles", [], |row| row.get(0))
            .unwrap();
        assert_eq!(profiles, 1);
    }

    #[test]
    fn refuses_a_database_from_a_newer_build() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        let error = migrate(&mut conn).unwrap_err();
        assert!(matches!(error, StoreError::TooNew { .. }), "{error}");
    }
}
