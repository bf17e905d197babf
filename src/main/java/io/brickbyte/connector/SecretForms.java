package io.brickbyte.connector;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The forms a secret takes in what a connector prints: as it is, inside a JSON string, in a URL,
 * and in base64 (e.g. a basic-auth header). Each form is masked wherever it appears.
 */
final class SecretForms {

  /** Shorter base64 runs are too likely to occur by chance to be worth masking. */
  static final int MIN_BASE64_LENGTH = 8;

  private SecretForms() {}

  static Set<String> of(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(secret);
    addJson(secret, forms);
    addUrlEncoded(secret, forms);
    addBase64(secret.getBytes(StandardCharsets.UTF_8), forms);
    return forms;
  }

  private static void addJson(String secret, Set<String> forms) {
    String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
    forms.add(escaped);
    forms.add(escaped.replace("/", "\\/")); // some encoders escape the slash
    forms.add(asciiOnly(escaped)); // Python's json.dumps escapes every non-ASCII character
  }

  private static void addUrlEncoded(String secret, Set<String> forms) {
    String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8); // a space as '+'
    forms.add(encoded);
    forms.add(encoded.replace("+", "%20"));
    forms.add(encoded.replace("%2F", "/")); // Python's quote() keeps '/' by default
    forms.add(encoded.replace("+", "%20").replace("%2F", "/"));
  }

  /**
   * A secret inside a longer base64 text (e.g. {@code user:password}) starts at any of three
   * offsets in a 3-byte group; for each, the characters that encode whole groups of the secret's
   * bytes alone are the same whatever surrounds them.
   */
  private static void addBase64(byte[] bytes, Set<String> forms) {
    for (int skip = 0; skip < 3 && skip < bytes.length; skip++) {
      int whole = (bytes.length - skip) / 3 * 3;
      byte[] core = Arrays.copyOfRange(bytes, skip, skip + whole);
      String standard = Base64.getEncoder().withoutPadding().encodeToString(core);
      if (standard.length() >= MIN_BASE64_LENGTH) {
        forms.add(standard);
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(core));
      }
    }
    String whole = Base64.getEncoder().encodeToString(bytes);
    if (whole.length() >= MIN_BASE64_LENGTH) {
      forms.add(whole);
      forms.add(Base64.getUrlEncoder().encodeToString(bytes));
    }
  }

  private static String asciiOnly(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c < 0x80) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }
}
