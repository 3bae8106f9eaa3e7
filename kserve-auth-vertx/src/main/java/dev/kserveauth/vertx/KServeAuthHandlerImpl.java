package dev.kserveauth.vertx;

import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.http.RequestHeaders;
import dev.kserveauth.http.RequestParsing;
import dev.kserveauth.http.RequestPaths;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.token.Principal;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.Authorization;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class KServeAuthHandlerImpl implements KServeAuthHandler {
  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthHandler.class);

  private final KServeAuth auth;

  KServeAuthHandlerImpl(KServeAuth auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  @Override
  public void handle(RoutingContext ctx) {
    boolean proceed;
    try {
      proceed = decide(ctx);
    } catch (RuntimeException e) {
      LOG.error("kserve-auth handler failed before the application; denying", e);
      reject(ctx, auth.internalError());
      return;
    }
    if (proceed) {
      ctx.next(); // outside the try: the application's failures are vertx-web's to handle
    }
  }

  /** Returns true when the request may continue now; false when answered or continued later. */
  private boolean decide(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    byte[] body = null;
    String rawPath = req.path();
    if (rawPath == null) {
      rawPath = "";
    }
    if (auth.needsBody(req.method().name(), rawPath)) {
      RequestBody rb = ctx.body();
      if (rb != null && rb.available()) {
        Buffer b = rb.buffer();
        body = b == null ? new byte[0] : b.getBytes();
        if (body.length > auth.maxBodyBytes()) {
          reject(ctx, auth.bodyTooLarge(view(req, rawPath, null)));
          return false;
        }
      } // else: no BodyHandler ran; the facade answers 500 (misconfiguration) rather than decide without the model
    }
    RequestView view = view(req, rawPath, body);
    CompletableFuture<AuthResult> f = auth.authorizeAsync(view).toCompletableFuture();
    if (f.isDone()) {
      return apply(ctx, view, f.join());
    }
    Context vctx = ctx.vertx().getOrCreateContext();
    f.whenComplete((result, err) -> vctx.runOnContext(v -> {
      boolean proceed;
      try {
        proceed = apply(ctx, view, result);
      } catch (RuntimeException e) {
        LOG.error("kserve-auth handler failed before the application; denying", e);
        reject(ctx, auth.internalError());
        return;
      }
      if (proceed) {
        ctx.next();
      }
    }));
    return false;
  }

  /** Applies a result; returns true when the request may go on to the next handler. */
  private boolean apply(RoutingContext ctx, RequestView view, AuthResult result) {
    if (result == null) { // authorizeAsync never completes exceptionally; be safe anyway
      reject(ctx, auth.internalError());
      return false;
    }
    if (result instanceof AuthResult.Reject r) {
      reject(ctx, r);
      return false;
    }
    AuthResult.Proceed p = (AuthResult.Proceed) result;
    if (!RequestPaths.sameAs(p.path(), ctx.normalizedPath())) {
      reject(ctx, auth.pathMismatch(view));
      return false;
    }
    HttpServerRequest req = ctx.request();
    MultiMap headers = req.headers();
    for (String name : p.headersToRemove()) {
      headers.remove(name);
    }
    Map<String, String> set = p.headersToSet();
    if (!set.isEmpty()) { // usually empty: spare the bound method reference
      set.forEach(headers::set);
    }
    for (String param : p.queryParamsToRemove()) {
      req.params().remove(param);
      ctx.queryParams().remove(param);
    }
    Principal principal = p.principal();
    if (principal != null) {
      VertxCompat.setUser(ctx, toUser(principal));
      ctx.put(PRINCIPAL_KEY, principal);
    }
    ctx.put(DECISION_KEY, p.decision());
    ctx.put(RESULT_KEY, p);
    return true;
  }

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
    VertxCompat.putAuthorizations(user, PROVIDER_ID, new DistinctAuthorizations(authz));
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
    t = new UserTemplate(principal, java.util.Collections.unmodifiableMap(top),
        List.<Object>copyOf(principal.roles()), List.<Object>copyOf(principal.permissions()));
    TEMPLATES[slot] = t;
    return t;
  }

  /**
   * A map that reads through to a shared immutable map until the first change, then copies it into a
   * {@link LinkedHashMap} it owns. Views ({@code entrySet}, {@code keySet}, {@code values}) allow
   * removal, so asking for one copies first.
   */
  static final class CopyOnWriteMap extends java.util.AbstractMap<String, Object> {
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
    public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
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
    public java.util.Collection<Object> values() {
      return owned().values();
    }
  }

  /** The list counterpart of {@link CopyOnWriteMap}: reads through until the first change. */
  static final class CopyOnWriteList extends java.util.AbstractList<Object> {
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

  private static void reject(RoutingContext ctx, AuthResult.Reject r) {
    HttpServerResponse res = ctx.response();
    if (res.headWritten()) {
      ctx.fail(r.status());
      return;
    }
    res.setStatusCode(r.status());
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      res.putHeader(h.getKey(), h.getValue());
    }
    byte[] body = r.body();
    res.putHeader("Content-Length", String.valueOf(body.length));
    res.end(Buffer.buffer(body));
  }

  /**
   * The peer address as the server sees it. vertx-web's request wrapper answers {@code remoteAddress()}
   * through its forwarded-header parser (which also builds the absolute URI and authority), and that
   * parser replaces the connection's address only for a {@code Forwarded} or {@code X-Forwarded-For}
   * header, and only when the router allows forwarding. Without either header the connection's
   * address is the same answer, at a fraction of the cost.
   */
  private static SocketAddress remoteAddress(HttpServerRequest req, RequestHeaders headers) {
    if (headers.containsKey("forwarded") || headers.containsKey("x-forwarded-for")) {
      return req.remoteAddress();
    }
    HttpConnection c = req.connection();
    return c == null ? req.remoteAddress() : c.remoteAddress();
  }

  /**
   * Formatting an address as text on every request shows in profiles; a connection keeps one
   * {@code SocketAddress} for its life, so the text is remembered per instance. Direct-mapped by
   * identity, immutable entries: racy reads and writes are safe, a miss only formats again.
   */
  private static final AddressText[] ADDRESS_TEXT = new AddressText[64];

  private record AddressText(SocketAddress address, String text) {}

  static String hostAddress(SocketAddress address) {
    if (address == null) {
      return "";
    }
    int slot = System.identityHashCode(address) & (ADDRESS_TEXT.length - 1);
    AddressText t = ADDRESS_TEXT[slot];
    if (t != null && t.address == address) {
      return t.text;
    }
    String text = address.hostAddress();
    text = text == null ? "" : text;
    ADDRESS_TEXT[slot] = new AddressText(address, text);
    return text;
  }

  static RequestView view(HttpServerRequest req, String rawPath, byte[] body) {
    RequestHeaders.Builder b = RequestHeaders.builder();
    for (Map.Entry<String, String> e : req.headers()) {
      b.add(e.getKey(), e.getValue());
    }
    RequestHeaders headers = b.build();
    String remote = hostAddress(remoteAddress(req, headers));
    int localPort = req.localAddress() == null ? -1 : req.localAddress().port();
    List<String> host = headers.get("host");
    return new RequestView(req.method().name(), rawPath, host == null ? null : host.get(0), headers,
        RequestParsing.parseQuery(req.query()), RequestParsing.parseCookies(headers.get("cookie")), remote, localPort,
        body);
  }
}
