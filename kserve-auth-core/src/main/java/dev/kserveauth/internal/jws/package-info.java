/**
 * JOSE internals of the token validator: strict base64url, the compact-JWS parser with its
 * pre-verification guards, JWK/PEM key parsing and checks, the algorithm table and the one
 * signature seam ({@link dev.kserveauth.internal.jws.SignatureVerifier}). Not a published API: no
 * compatibility promise.
 */
package dev.kserveauth.internal.jws;
