/*
 * Copyright 2026 the kserve-auth authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
/**
 * String patterns of policies and public paths ({@code exact}, {@code prefix}, Istio wildcards, path
 * templates, regexes), CIDR ranges and time windows: mechanics that know nothing of the policy API. The
 * compiled policy model itself is package-private in {@code dev.kserveauth.policy}.
 *
 * <p>Internal: not exported, no compatibility promise.
 */
package dev.kserveauth.internal.policy;
