/**
 * Google Cloud Secret Manager provider, id {@code gcp}, over the Secret Manager REST API v1 with
 * {@code java.net.http}; Google's auth library supplies credentials only. Only
 * {@link dev.secretref.provider.gcp.GcpProviderFactory} is public; it is found through
 * {@link java.util.ServiceLoader}. Everything else is package-private.
 */
package dev.secretref.provider.gcp;
