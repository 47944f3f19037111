-- secretref store schema, version 1. ${p} is the table prefix (default secretref_).
-- One dialect for H2 and PostgreSQL: VARCHAR and BIGINT only, times are epoch milliseconds, values are
-- base64 text. Every statement is idempotent so a half-applied version can be applied again.

-- A credential's pointer: where its values live now. Never a value.
CREATE TABLE IF NOT EXISTS ${p}credential (
    id               VARCHAR(64)  NOT NULL PRIMARY KEY,
    environment      VARCHAR(64)  NOT NULL,
    manager          VARCHAR(128) NOT NULL,
    assigned_manager VARCHAR(128),
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL,
    revision         BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS ${p}credential_manager ON ${p}credential (manager);
CREATE INDEX IF NOT EXISTS ${p}credential_environment ON ${p}credential (environment);

-- Per field, the path that reads it back from the credential's manager.
CREATE TABLE IF NOT EXISTS ${p}credential_field (
    credential_id VARCHAR(64)   NOT NULL,
    field         VARCHAR(128)  NOT NULL,
    path          VARCHAR(1024) NOT NULL,
    PRIMARY KEY (credential_id, field)
);

-- The built-in encrypted local store (provider id local): AES-256-GCM, associated data = credential id + field.
CREATE TABLE IF NOT EXISTS ${p}local_secret (
    credential_id VARCHAR(64)      NOT NULL,
    field         VARCHAR(128)     NOT NULL,
    key_id        VARCHAR(32)      NOT NULL,
    sealed        VARCHAR(1000000) NOT NULL,
    updated_at    BIGINT           NOT NULL,
    PRIMARY KEY (credential_id, field)
);
CREATE INDEX IF NOT EXISTS ${p}local_secret_key ON ${p}local_secret (key_id);

-- Routing: environment -> manager; the environment '*' holds the default manager.
CREATE TABLE IF NOT EXISTS ${p}routing (
    environment VARCHAR(64)  NOT NULL PRIMARY KEY,
    manager     VARCHAR(128) NOT NULL
);

-- Small named counters (routing and manager revisions).
CREATE TABLE IF NOT EXISTS ${p}setting (
    setting_name  VARCHAR(64)   NOT NULL PRIMARY KEY,
    setting_value VARCHAR(1024) NOT NULL
);

-- One setRouting / removeManager / assign call: what MoveProgress reports on.
CREATE TABLE IF NOT EXISTS ${p}move_batch (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    cause      VARCHAR(256) NOT NULL,
    total      INTEGER      NOT NULL,
    created_at BIGINT       NOT NULL
);

-- One credential to move. PENDING -> MOVED (pointer switched, source deleted after delete_after) -> DONE;
-- FAILED after the retry budget; SUPERSEDED when a later batch re-targets the credential.
CREATE TABLE IF NOT EXISTS ${p}move_job (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    batch_id       VARCHAR(36)  NOT NULL,
    credential_id  VARCHAR(64)  NOT NULL,
    target_manager VARCHAR(128) NOT NULL,
    source_manager VARCHAR(128),
    state          VARCHAR(16)  NOT NULL,
    attempts       INTEGER      NOT NULL,
    last_error     VARCHAR(512),
    not_before     BIGINT       NOT NULL,
    lease_owner    VARCHAR(64),
    lease_until    BIGINT       NOT NULL,
    delete_after   BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS ${p}move_job_state ON ${p}move_job (state, not_before);
CREATE INDEX IF NOT EXISTS ${p}move_job_credential ON ${p}move_job (credential_id);
CREATE INDEX IF NOT EXISTS ${p}move_job_batch ON ${p}move_job (batch_id);

-- Manager definitions (ManagerRepository); config sealed by the KeyRing, associated data = the name.
CREATE TABLE IF NOT EXISTS ${p}manager (
    name          VARCHAR(128)     NOT NULL PRIMARY KEY,
    provider_id   VARCHAR(64)      NOT NULL,
    key_id        VARCHAR(32)      NOT NULL,
    sealed_config VARCHAR(1000000) NOT NULL,
    projects      VARCHAR(4000),
    allow_paths   VARCHAR(4000),
    revision      BIGINT           NOT NULL,
    updated_at    BIGINT           NOT NULL
);
