/**
 * String patterns of policies and public paths ({@code exact}, {@code prefix}, Istio wildcards, path
 * templates, regexes), CIDR ranges and time windows: mechanics that know nothing of the policy API. The
 * compiled policy model itself is package-private in {@code dev.kserveauth.policy}.
 *
 * <p>Internal: not exported, no compatibility promise.
 */
package dev.kserveauth.internal.policy;
