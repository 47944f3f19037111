/**
 * Composio provider, id {@code composio}: reads the current credential of a Composio connected account
 * (an end user's Gmail, Slack, GitHub… authorization) through the Composio v3 / v3.1 REST API. Read-only.
 * Only {@link dev.secretref.provider.composio.ComposioProviderFactory} is public; it is found through
 * {@link java.util.ServiceLoader}. Everything else is package-private.
 */
package dev.secretref.provider.composio;
