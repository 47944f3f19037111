/**
 * CyberArk Conjur (Conjur Open Source, Conjur Enterprise / Secrets Manager Self-Hosted and Conjur Cloud)
 * provider, id {@code cyberark-conjur}. Only {@link dev.secretref.provider.conjur.ConjurProviderFactory} is
 * public; it is found through {@link java.util.ServiceLoader}. Everything else is package-private.
 */
package dev.secretref.provider.conjur;
