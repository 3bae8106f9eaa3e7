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
package dev.kserveauth.vertx;

import dev.kserveauth.authn.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.Authorization;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The Vert.x {@link User} of a verified principal: its claims (plus {@code sub}, {@code iss} and
 * {@code username}) as the JSON principal, {@code roles} and {@code permissions} as attributes, and one
 * {@link RoleBasedAuthorization} per role and one {@link PermissionBasedAuthorization} per permission
 * under the provider id {@link KServeAuthHandler#PROVIDER_ID}.
 */
final class Users {

  private Users() {}

  /** A new user per call: the application may change its JSON and authorizations without reaching another. */
  static User toUser(Principal principal) {
    UserTemplate t = template(principal);
    // copy-on-write views over the template's immutable maps and lists: the application gets a JSON
    // principal and attributes it may change freely, and the request pays for a copy only if it does
    JsonObject attributes = new JsonObject()
        .put("roles", new JsonArray(new CopyOnWriteList(t.roles())))
        .put("permissions", new JsonArray(new CopyOnWriteList(t.permissions())));
    User user = User.create(new JsonObject(new CopyOnWriteMap(t.claims())), attributes);
    Authorization[] authz = new Authorization[principal.roles().size() + principal.permissions().size()];
    int i = 0;
    for (String role : principal.roles()) {
      authz[i++] = RoleBasedAuthorization.create(role);
    }
    for (String perm : principal.permissions()) {
      authz[i++] = PermissionBasedAuthorization.create(perm);
    }
    VertxCompat.putAuthorizations(user, KServeAuthHandler.PROVIDER_ID, new DistinctAuthorizations(authz));
    return user;
  }

  /**
   * What every user built from one principal starts from, immutable. Principals of cached tokens are
   * the same instance request after request, so the template is remembered per instance.
   */
  private record UserTemplate(Principal principal, Map<String, Object> claims, List<Object> roles,
      List<Object> permissions) {}

  /** Direct-mapped by identity, immutable entries: racy reads and writes are safe, a miss only builds again. */
  private static final UserTemplate[] TEMPLATES = new UserTemplate[64];

  private static UserTemplate template(Principal principal) {
    int slot = System.identityHashCode(principal) & (TEMPLATES.length - 1);
    UserTemplate t = TEMPLATES[slot];
    if (t != null && t.principal == principal) {
      return t;
    }
    // nested claim objects stay the principal's unmodifiable maps and lists, which JsonObject and
    // JsonArray wrap on read without copying
    Map<String, Object> top = new LinkedHashMap<>(principal.claims());
    top.put("sub", principal.subject());
    top.put("iss", principal.issuer());
    top.putIfAbsent("username", principal.subject());
    t = new UserTemplate(principal, Collections.unmodifiableMap(top),
        List.<Object>copyOf(principal.roles()), List.<Object>copyOf(principal.permissions()));
    TEMPLATES[slot] = t;
    return t;
  }

  /**
   * A map that reads through to a shared immutable map until the first change, then copies it into a
   * {@link LinkedHashMap} it owns. Views ({@code entrySet}, {@code keySet}, {@code values}) allow
   * removal, so asking for one copies first.
   */
  static final class CopyOnWriteMap extends AbstractMap<String, Object> {
    private Map<String, Object> map;
    private boolean owned;

    CopyOnWriteMap(Map<String, Object> shared) {
      this.map = shared;
    }

    private Map<String, Object> owned() {
      if (!owned) {
        map = new LinkedHashMap<>(map);
        owned = true;
      }
      return map;
    }

    @Override
    public Object get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
      map.forEach(action);
    }

    @Override
    public Object put(String key, Object value) {
      return owned().put(key, value);
    }

    @Override
    public Object remove(Object key) {
      return map.containsKey(key) ? owned().remove(key) : null;
    }

    @Override
    public void clear() {
      map = new LinkedHashMap<>();
      owned = true;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return owned().entrySet();
    }

    @Override
    public Set<String> keySet() {
      return owned().keySet();
    }

    @Override
    public Collection<Object> values() {
      return owned().values();
    }
  }

  /** The list counterpart of {@link CopyOnWriteMap}: reads through until the first change. */
  static final class CopyOnWriteList extends AbstractList<Object> {
    private List<Object> list;
    private boolean owned;

    CopyOnWriteList(List<Object> shared) {
      this.list = shared;
    }

    private List<Object> owned() {
      if (!owned) {
        list = new ArrayList<>(list);
        owned = true;
      }
      modCount++;
      return list;
    }

    @Override
    public Object get(int index) {
      return list.get(index);
    }

    @Override
    public int size() {
      return list.size();
    }

    @Override
    public Object set(int index, Object element) {
      return owned().set(index, element);
    }

    @Override
    public void add(int index, Object element) {
      owned().add(index, element);
    }

    @Override
    public Object remove(int index) {
      return owned().remove(index);
    }
  }

  /**
   * The authorizations handed to Vert.x: fresh objects per request (Vert.x's authorization objects
   * are mutable, so they are never shared between users), in an immutable set over an array. The
   * elements are distinct by construction (distinct role names, distinct permission names, and a role
   * never equals a permission), so no hashing is needed to build it: Vert.x 4 copies it into its own
   * sets and Vert.x 5 keeps it behind {@code Collections.unmodifiableSet}.
   */
  static final class DistinctAuthorizations extends AbstractSet<Authorization> {
    private final List<Authorization> elements;

    DistinctAuthorizations(Authorization[] elements) {
      this.elements = Arrays.asList(elements); // fixed size: its iterator cannot remove
    }

    @Override
    public Iterator<Authorization> iterator() {
      return elements.iterator();
    }

    @Override
    public int size() {
      return elements.size();
    }
  }
}
