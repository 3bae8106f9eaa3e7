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
package dev.kserveauth.grpc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code .proto} puts on the wire, as text: syntax, package, every message (nested ones by
 * their full name) with every field's name, number, label, type, type name and oneof, whether it is
 * a map entry, and every service method with its types and streaming. Options (java_package...),
 * comments and the file name are left out: they do not change the wire.
 */
final class DescriptorShape {
  private DescriptorShape() {}

  static String render(FileDescriptorProto f) {
    List<String> lines = new ArrayList<>();
    lines.add("syntax " + f.getSyntax());
    lines.add("package " + f.getPackage());
    for (DescriptorProto m : f.getMessageTypeList()) {
      message(lines, "." + f.getPackage() + "." + m.getName(), m);
    }
    for (ServiceDescriptorProto s : f.getServiceList()) {
      lines.add("service ." + f.getPackage() + "." + s.getName());
      for (MethodDescriptorProto m : s.getMethodList()) {
        lines.add("  rpc " + m.getName() + "(" + (m.getClientStreaming() ? "stream " : "") + m.getInputType()
            + ") returns (" + (m.getServerStreaming() ? "stream " : "") + m.getOutputType() + ")");
      }
    }
    if (f.getEnumTypeCount() > 0) {
      lines.add("enums " + f.getEnumTypeList());
    }
    return String.join("\n", lines) + "\n";
  }

  private static void message(List<String> lines, String name, DescriptorProto m) {
    lines.add("message " + name + (m.getOptions().getMapEntry() ? " map_entry" : ""));
    for (FieldDescriptorProto fd : m.getFieldList()) {
      lines.add("  " + fd.getNumber() + " " + fd.getName() + " " + fd.getLabel() + " " + fd.getType()
          + (fd.hasTypeName() ? " " + fd.getTypeName() : "")
          + (fd.hasOneofIndex() ? " oneof " + m.getOneofDecl(fd.getOneofIndex()).getName() : "")
          + (fd.getProto3Optional() ? " optional" : "")
          );
    }
    for (DescriptorProto n : m.getNestedTypeList()) {
      message(lines, name + "." + n.getName(), n);
    }
    if (m.getEnumTypeCount() > 0 || m.getExtensionCount() > 0 || m.getReservedRangeCount() > 0) {
      lines.add("  other " + m.getEnumTypeList() + m.getExtensionList() + m.getReservedRangeList());
    }
  }
}
