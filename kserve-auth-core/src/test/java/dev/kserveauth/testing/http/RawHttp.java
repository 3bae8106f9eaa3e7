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
package dev.kserveauth.testing.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a raw socket, so tests can send exactly the bytes they mean (paths
 * that {@code java.net.URI} would refuse or normalize, odd header values) and see exactly the bytes
 * the server answers. One request per connection ({@code Connection: close}).
 */
public final class RawHttp {
  private RawHttp() {}

  /** A parsed response. */
  public record Response(int status, String statusLine, List<Map.Entry<String, String>> headers, byte[] body) {
    /** First value of a header (case-insensitive), or null. */
    public String header(String name) {
      for (Map.Entry<String, String> h : headers) {
        if (h.getKey().equalsIgnoreCase(name)) {
          return h.getValue();
        }
      }
      return null;
    }

    /** Every value of a header (case-insensitive). */
    public List<String> headerValues(String name) {
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, String> h : headers) {
        if (h.getKey().equalsIgnoreCase(name)) {
          out.add(h.getValue());
        }
      }
      return out;
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends one request.
   *
   * @param port loopback port
   * @param method method
   * @param target request target exactly as it goes on the wire (path + query)
   * @param headers header lines ("Name: value"), sent as given; {@code Host: localhost:<port>} unless one is a Host line
   * @param body body or null
   */
  public static Response send(int port, String method, String target, List<String> headers, byte[] body)
      throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      StringBuilder sb = new StringBuilder();
      sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      if (headers.stream().noneMatch(h -> h.regionMatches(true, 0, "host:", 0, 5))) {
        sb.append("Host: localhost:").append(port).append("\r\n"); // unless the case sends its own
      }
      sb.append("Connection: close\r\n");
      for (String h : headers) {
        sb.append(h).append("\r\n");
      }
      if (body != null) {
        sb.append("Content-Length: ").append(body.length).append("\r\n");
      }
      sb.append("\r\n");
      // head and body in one write: a server that answers from the head alone (the handler never reads the
      // body) and closes on Connection: close would otherwise reset a socket whose body bytes arrived
      // after its last read, and the reset can discard the answer before the client reads it
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        request.writeBytes(body);
      }
      OutputStream out = s.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      return parse(s.getInputStream());
    }
  }

  /**
   * Opens a connection and sends only a request head (no body, whatever Content-Length says), for
   * tests of slow or never-finished bodies. {@code Connection: close} is sent; {@link #read} gets the answer.
   */
  public static Socket sendHead(int port, String method, String target, List<String> headers) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    StringBuilder sb = new StringBuilder();
    sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    sb.append("Host: localhost:").append(port).append("\r\n");
    sb.append("Connection: close\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    sb.append("\r\n");
    s.getOutputStream().write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    return s;
  }

  /** Reads the whole response of a connection the server closes after answering. */
  public static Response read(Socket s, int timeoutMillis) throws IOException {
    s.setSoTimeout(timeoutMillis);
    return parse(s.getInputStream());
  }

  static Response parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    byte[] bytes = all.toByteArray();
    int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new IOException("no complete response head: " + new String(bytes, StandardCharsets.ISO_8859_1));
    }
    String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    String statusLine = lines[0];
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      String k = lines[i].substring(0, c).trim();
      String v = lines[i].substring(c + 1).trim();
      headers.add(Map.entry(k, v));
      if (k.equalsIgnoreCase("transfer-encoding") && v.toLowerCase(Locale.ROOT).contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    if (chunked) {
      body = dechunk(body);
    }
    return new Response(status, statusLine, List.copyOf(headers), body);
  }

  private static byte[] dechunk(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < b.length) {
      int lineEnd = indexOf(java.util.Arrays.copyOfRange(b, i, b.length), new byte[] {'\r', '\n'});
      if (lineEnd < 0) {
        break;
      }
      String sizeLine = new String(b, i, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size = Integer.parseInt(sizeLine, 16);
      i += lineEnd + 2;
      if (size == 0) {
        break;
      }
      out.write(b, i, size);
      i += size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
