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
package dev.kserveauth.servlet;

import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.http.RequestView;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continues the application after a decision that completed outside the container's dispatch (a body
 * read with async I/O, an external authorizer or a JWKS fetch that answered later), portably: the
 * original {@code FilterChain} is never called after {@code doFilter} returned (Tomcat recycles it
 * then; the Servlet specification does not allow it). The allowed outcome is stored in a request
 * attribute and the request is dispatched again ({@link AsyncContext#dispatch()}); the filter, mapped
 * for {@link DispatcherType#ASYNC}, takes it there ({@link #reentry}) and runs the chain from its own
 * {@code doFilter}. A reject is written from the callback and the cycle completed: no dispatch.
 *
 * <p>The async cycle is started with guard wrappers: if the filter is not mapped for ASYNC, the
 * dispatch reaches the application without it, and the application receives the guards instead, which
 * fail closed on first use (the caller gets the filter's internal-error reject, the application
 * nothing of the request). From then on the filter decides such requests on the request's thread
 * (blocking, bounded), as without async support, and says so in the log.
 */
final class AsyncContinuation {
  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthFilter.class);
  private static final String OUTCOME = AsyncContinuation.class.getName() + ".outcome";
  static final String UNMAPPED = "kserve-auth filter was not reached on the ASYNC dispatch that continues a request"
      + " it decided asynchronously (a body read with async I/O, an external authorizer): map it for"
      + " DispatcherType.REQUEST and DispatcherType.ASYNC (<dispatcher>REQUEST</dispatcher>"
      + "<dispatcher>ASYNC</dispatcher>). The request was rejected; from now on the filter decides on the request's"
      + " thread";

  private final KServeAuth auth;
  private final AtomicBoolean unmapped = new AtomicBoolean();

  AsyncContinuation(KServeAuth auth) {
    this.auth = auth;
  }

  /** Whether a decision may complete asynchronously: async support, and the ASYNC dispatch not known to skip us. */
  boolean usable(HttpServletRequest req) {
    return req.isAsyncSupported() && !unmapped.get();
  }

  /** Starts the async cycle the decision completes in (no timeout from us: the decision's own bounds apply). */
  AsyncContext begin(HttpServletRequest req, HttpServletResponse res) {
    Guard g = new Guard(res);
    AsyncContext async = req.startAsync(new GuardedRequest(req, g), new GuardedResponse(res, g));
    async.setTimeout(0);
    return async;
  }

  /**
   * The decision is in and it allows: the request is dispatched to this filter again, carrying the
   * outcome. A {@code null} result (a reject, already written) completes the cycle.
   */
  static void resume(AsyncContext async, AuthResult.Proceed allowed, RequestView view, byte[] body) {
    if (allowed == null) {
      async.complete();
      return;
    }
    GuardedRequest guarded = (GuardedRequest) async.getRequest();
    guarded.setAttribute(OUTCOME, new Outcome(allowed, view, body, guarded.guard));
    async.dispatch();
  }

  /** The outcome an ASYNC dispatch of ours carries (taken off the request), else null. */
  static Outcome reentry(HttpServletRequest req) {
    if (!(req.getAttribute(OUTCOME) instanceof Outcome o)) {
      return null;
    }
    req.removeAttribute(OUTCOME);
    o.guard.released = true;
    return o;
  }

  /** An allowed decision waiting for its dispatch: what the filter applies on the ASYNC re-entry. */
  record Outcome(AuthResult.Proceed result, RequestView view, byte[] body, Guard guard) {}

  /** Shared by the two wrappers of one cycle: open once the filter took the ASYNC dispatch. */
  final class Guard {
    private final HttpServletResponse res;
    private final AtomicBoolean tripped = new AtomicBoolean();
    volatile boolean released;

    Guard(HttpServletResponse res) {
      this.res = res;
    }

    /** Reached by the application without the filter: fail closed, once, and stop continuing by dispatch. */
    void check() {
      if (released) {
        return;
      }
      if (tripped.compareAndSet(false, true)) {
        if (!unmapped.getAndSet(true)) {
          LOG.error(UNMAPPED);
        }
        try {
          if (!res.isCommitted()) {
            KServeAuthFilter.write(null, res, auth.internalError());
          }
        } catch (IOException | RuntimeException e) {
          LOG.debug("writing the reject failed: {}", e.toString());
        }
      }
      throw new IllegalStateException(UNMAPPED);
    }
  }

  /** What the application reads without the filter: nothing (method, headers, parameters, body). */
  private static final class GuardedRequest extends HttpServletRequestWrapper {
    final Guard guard;

    GuardedRequest(HttpServletRequest req, Guard guard) {
      super(req);
      this.guard = guard;
    }

    @Override
    public String getMethod() {
      guard.check();
      return super.getMethod();
    }

    @Override
    public String getHeader(String name) {
      guard.check();
      return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      guard.check();
      return super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      guard.check();
      return super.getHeaderNames();
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      guard.check();
      return super.getInputStream();
    }

    @Override
    public BufferedReader getReader() throws IOException {
      guard.check();
      return super.getReader();
    }

    @Override
    public String getParameter(String name) {
      guard.check();
      return super.getParameter(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      guard.check();
      return super.getParameterMap();
    }

    @Override
    public String[] getParameterValues(String name) {
      guard.check();
      return super.getParameterValues(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
      guard.check();
      return super.getParameterNames();
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
      guard.check();
      return super.getParts();
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
      guard.check();
      return super.getPart(name);
    }
  }

  /** What the application writes without the filter: nothing. */
  private static final class GuardedResponse extends HttpServletResponseWrapper {
    private final Guard guard;

    GuardedResponse(HttpServletResponse res, Guard guard) {
      super(res);
      this.guard = guard;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      guard.check();
      return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      guard.check();
      return super.getWriter();
    }

    @Override
    public void setStatus(int sc) {
      guard.check();
      super.setStatus(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
      guard.check();
      super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
      guard.check();
      super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      guard.check();
      super.sendRedirect(location);
    }
  }
}
