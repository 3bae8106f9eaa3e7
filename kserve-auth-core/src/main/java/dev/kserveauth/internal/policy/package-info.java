/**
 * The compiled, format-neutral policy model: {@link dev.kserveauth.internal.policy.CompiledPolicy}
 * → {@link dev.kserveauth.internal.policy.CompiledRule} → labelled
 * {@link dev.kserveauth.internal.policy.Matcher} trees over
 * {@link dev.kserveauth.internal.policy.Attribute}s. Istio {@code AuthorizationPolicy} YAML and the
 * compact {@code kserve-auth/v1} format both compile to it; the engine indexes and evaluates it.
 *
 * <p>Internal: no compatibility promise.
 */
package dev.kserveauth.internal.policy;
