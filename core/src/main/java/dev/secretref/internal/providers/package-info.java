/**
 * The embedded {@code memory} and {@code env} providers. <b>Not API</b>: public only for
 * {@link java.util.ServiceLoader}; use them through {@link dev.secretref.SecretResolver}.
 */
package dev.secretref.internal.providers;
