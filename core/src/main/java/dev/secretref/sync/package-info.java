/**
 * Sync snapshots: a space's secrets (one or more manager + prefix sources) as a live, read-only map, synced on
 * demand, on save, or on a fixed interval. Entry point: {@link dev.secretref.sync.SecretSync}.
 */
package dev.secretref.sync;
