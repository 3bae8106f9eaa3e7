/**
 * External authorizers: the in-process equivalent of Istio's extension providers, asked by
 * {@code AuthorizationPolicy} documents with {@code action: CUSTOM} (and by the compact format's
 * {@code provider:} grants). Implement {@link dev.kserveauth.authz.ExternalAuthorizer} and register it
 * on the facade builder by name.
 *
 * @since 0.1
 */
package dev.kserveauth.authz;
