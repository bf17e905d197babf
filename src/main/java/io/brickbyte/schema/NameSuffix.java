package io.brickbyte.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The suffix that tells apart names which would otherwise collide: {@code _} and the first 6 hex
 * digits of the SHA-256 of the original name. It depends on that name alone, so a name keeps its
 * suffix whatever else the source declares and in whatever order.
 */
public final class NameSuffix {

  private NameSuffix() {}

  public static String of(String original) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(original.getBytes(StandardCharsets.UTF_8));
      return "_" + HexFormat.of().formatHex(digest, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
