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
package dev.kserveauth.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads configuration files (policies, {@code RequestAuthentication}) so that no file can stall the
 * reader: the file is stat'ed first and must be a regular file (a FIFO, socket or device would block
 * a read forever) no larger than {@link #MAX_BYTES}; the read itself stops after {@code MAX_BYTES + 1}
 * bytes, so a file that grows after the stat is refused too. Text must be UTF-8.
 */
public final class BoundedFiles {

  /** The largest configuration file read: 2 MiB, twice what a Kubernetes ConfigMap can hold. */
  public static final int MAX_BYTES = 2 << 20;

  private BoundedFiles() {}

  /** Why a file cannot be read; the message names the problem, never the file's content. */
  public static final class UnreadableFileException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadableFileException(String message) {
      super(message);
    }
  }

  /**
   * Reads a whole configuration file as UTF-8.
   *
   * @param file the file (symbolic links are followed)
   * @return its text
   * @throws UnreadableFileException when it is not a regular file, is too large or is not UTF-8
   * @throws IOException when the file system says no (e.g. {@link NoSuchFileException})
   */
  public static String readText(Path file) throws IOException {
    byte[] bytes = readBytes(file);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new UnreadableFileException("not UTF-8 text");
    }
  }

  /**
   * Reads a whole configuration file, within the same checks as {@link #readText(Path)}.
   *
   * @param file the file
   * @return its bytes
   * @throws UnreadableFileException when it is not a regular file or is too large
   * @throws IOException when the file system says no
   */
  public static byte[] readBytes(Path file) throws IOException {
    check(Files.readAttributes(file, BasicFileAttributes.class));
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new UnreadableFileException("file grew past " + MAX_BYTES + " bytes while read");
      }
      return bytes;
    }
  }

  /**
   * Refuses what {@link #readBytes} would refuse, from the attributes alone (no read).
   *
   * @param a the file's attributes (links followed)
   * @throws UnreadableFileException when the file is not a regular file or is too large
   */
  public static void check(BasicFileAttributes a) throws UnreadableFileException {
    if (!a.isRegularFile()) {
      throw new UnreadableFileException(a.isDirectory() ? "a directory, not a file"
          : "not a regular file (a FIFO, socket or device would block the reader)");
    }
    if (a.size() > MAX_BYTES) {
      throw new UnreadableFileException("file is " + a.size() + " bytes, over the limit of " + MAX_BYTES);
    }
  }
}
