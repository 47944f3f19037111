/**
 * Implementation details of secretref. <b>Not API</b>: these types are public only so that
 * {@link java.util.ServiceLoader} can instantiate them; they may change in any release.
 */
package dev.secretref.internal;
