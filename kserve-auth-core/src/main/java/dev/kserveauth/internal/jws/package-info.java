/**
 * JOSE mechanics of the token validator: strict base64url, JSON reading, the algorithm table and the one
 * signature seam ({@link dev.kserveauth.internal.jws.SignatureVerifier}). The compact-JWS parser and the
 * JWK/PEM key parsing are package-private in {@code dev.kserveauth.authn}. Not exported: no compatibility
 * promise.
 */
package dev.kserveauth.internal.jws;
