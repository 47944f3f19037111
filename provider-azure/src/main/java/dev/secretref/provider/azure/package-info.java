/**
 * Azure Key Vault provider, id {@code azure}. Only {@link dev.secretref.provider.azure.AzureProviderFactory} is
 * public; it is found through {@link java.util.ServiceLoader}. Everything else is package-private.
 */
package dev.secretref.provider.azure;
